import type { ExperimentArm, ExperimentTarget } from '../../shared/schemas/experiments';
import { GatewayErrors } from '../errors/gateway-error';
import { LATEST_LABEL, type PromptRegistry } from '../prompts/prompt-registry';
import { PROMPT_MODEL_PREFIX } from '../prompts/prompt-reference';
import type { Routing } from '../routing/routing';
import type { ArmRecord } from '../storage/experiment-repository';

/** Arms as stored: every field present, absent overrides as null. */
export function normaliseArms(arms: ExperimentArm[]): ArmRecord[] {
  return arms.map((arm) => ({
    name: arm.name,
    promptVersion: arm.promptVersion ?? null,
    model: arm.model ?? null,
    weight: arm.weight,
  }));
}

/**
 * Refuses (400) arms that cannot be served or split: duplicate names, weights that do not sum to 100 or have
 * more than two decimals, a control that is not an arm, versions the prompt does not have, and overrides a
 * route experiment cannot use. The target must exist (404 otherwise).
 */
export function checkExperiment(
  target: ExperimentTarget,
  arms: ArmRecord[],
  control: string,
  prompts: PromptRegistry,
  routing: Routing,
): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const arm of arms) {
    if (names.has(arm.name)) problems.push(`arm "${arm.name}" appears twice`);
    names.add(arm.name);
    if (Math.abs(arm.weight * 100 - Math.round(arm.weight * 100)) > 1e-6) {
      problems.push(`arm "${arm.name}": weight ${arm.weight} has more than two decimals`);
    }
  }
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  if (Math.abs(total - 100) > 1e-6) {
    problems.push(`arm weights must sum to 100; they sum to ${Math.round(total * 100) / 100}`);
  }
  if (!names.has(control)) problems.push(`control "${control}" is not one of the arms`);

  if (target.kind === 'prompt') {
    if (target.label === LATEST_LABEL) {
      problems.push('"latest" cannot be experimented on: it always follows the newest version; use a label');
    }
    const prompt = prompts.repository.get(target.prompt);
    if (!prompt) throw GatewayErrors.routeNotFound(`No prompt named "${target.prompt}"`);
    for (const arm of arms) {
      if (arm.promptVersion !== null && !prompts.repository.version(target.prompt, arm.promptVersion)) {
        problems.push(`arm "${arm.name}": prompt "${target.prompt}" has no version ${arm.promptVersion}`);
      }
      if (arm.model?.startsWith(PROMPT_MODEL_PREFIX)) {
        problems.push(`arm "${arm.name}": model must be <provider>/<model> or a route, not a prompt`);
      }
    }
  } else {
    if (!routing.routes.get(target.route))
      throw GatewayErrors.routeNotFound(`No route named "${target.route}"`);
    for (const arm of arms) {
      if (arm.promptVersion !== null) {
        problems.push(`arm "${arm.name}": promptVersion applies to prompt experiments only`);
      }
      if (arm.model !== null && !/^[a-z0-9][a-z0-9_-]{0,62}\/.+$/.test(arm.model)) {
        problems.push(
          `arm "${arm.name}": a route experiment's model must be <provider>/<model>, not "${arm.model}"`,
        );
      }
    }
  }
  if (problems.length > 0) throw GatewayErrors.invalidRequest(problems.join('; '));
}
