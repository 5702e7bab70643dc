import type { CreateExperimentRequest, ExperimentArm } from '../../../../shared/schemas/experiments';

export interface ArmDraft {
  name: string;
  /** '' = the version the label points at (prompt experiments only). */
  promptVersion: string;
  /** '' = unchanged. */
  model: string;
  weight: number | '';
}

export interface ExperimentForm {
  name: string;
  description: string;
  targetKind: 'prompt' | 'route';
  prompt: string | null;
  label: string | null;
  route: string | null;
  arms: ArmDraft[];
  /** Index into arms. */
  control: number;
}

const ARM_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const MAX_ARMS = 10;

export function emptyExperimentForm(): ExperimentForm {
  return {
    name: '',
    description: '',
    targetKind: 'prompt',
    prompt: null,
    label: null,
    route: null,
    arms: [
      { name: 'a', promptVersion: '', model: '', weight: 50 },
      { name: 'b', promptVersion: '', model: '', weight: 50 },
    ],
    control: 0,
  };
}

export function weightSum(form: ExperimentForm): number {
  return (
    Math.round(form.arms.reduce((sum, arm) => sum + (arm.weight === '' ? 0 : arm.weight), 0) * 1000) / 1000
  );
}

/** Splits 100 as evenly as whole numbers allow, the first arms taking the remainder. */
export function evenWeights(count: number): number[] {
  const share = Math.floor(100 / count);
  return Array.from({ length: count }, (_, index) => share + (index < 100 - share * count ? 1 : 0));
}

/** A name for a new arm that is not taken yet: c, d, … */
export function nextArmName(arms: ArmDraft[]): string {
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
    if (!arms.some((arm) => arm.name === letter)) return letter;
  }
  return `arm-${arms.length + 1}`;
}

/** The first thing that keeps the experiment from being created, said so the user knows what to fix. */
export function experimentProblem(form: ExperimentForm): string | null {
  if (!form.name.trim()) return 'Give the experiment a name.';
  if (form.targetKind === 'prompt') {
    if (!form.prompt) return 'Choose the prompt whose traffic is split.';
    if (!form.label) return 'Choose the label callers use (e.g. production).';
    if (form.label === 'latest')
      return '"latest" moves with every new version; experiment on a label such as production.';
  } else if (!form.route) {
    return 'Choose the route whose traffic is split.';
  }
  if (form.arms.length < 2) return 'An experiment needs at least two arms.';
  const seen = new Set<string>();
  for (const [index, arm] of form.arms.entries()) {
    if (!ARM_NAME.test(arm.name))
      return `Arm ${index + 1}: a name is lowercase letters, digits, "-" and "_" (up to 32).`;
    if (seen.has(arm.name)) return `Two arms are named "${arm.name}".`;
    seen.add(arm.name);
    if (arm.weight === '') return `Arm ${arm.name}: give it a weight (0 to 100).`;
  }
  const sum = weightSum(form);
  if (sum !== 100) return `The weights must sum to 100; they sum to ${sum}.`;
  return null;
}

export function experimentRequest(form: ExperimentForm): CreateExperimentRequest {
  const arms: ExperimentArm[] = form.arms.map((arm) => ({
    name: arm.name,
    weight: arm.weight === '' ? 0 : arm.weight,
    ...(form.targetKind === 'prompt' && arm.promptVersion !== ''
      ? { promptVersion: Number(arm.promptVersion) }
      : {}),
    ...(arm.model.trim() !== '' ? { model: arm.model.trim() } : {}),
  }));
  return {
    name: form.name.trim(),
    ...(form.description.trim() ? { description: form.description.trim() } : {}),
    target:
      form.targetKind === 'prompt'
        ? { kind: 'prompt', prompt: form.prompt ?? '', label: form.label ?? '' }
        : { kind: 'route', route: form.route ?? '' },
    arms,
    control: form.arms[form.control]?.name ?? form.arms[0]!.name,
  };
}
