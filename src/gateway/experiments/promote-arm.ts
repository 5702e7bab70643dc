import type { PromoteResult } from '../../shared/schemas/experiments';
import type { RouteConfig, RouteTarget } from '../../shared/schemas/routes';
import { GatewayErrors } from '../errors/gateway-error';
import type { PromptRegistry } from '../prompts/prompt-registry';
import type { ArmRecord, ExperimentRecord } from '../storage/experiment-repository';
import type { ExperimentRegistry } from './experiment-registry';

/**
 * Promote winner, in one action: a prompt experiment's label moves to the arm's version (a new version is
 * saved first when the arm also changed the model), a route experiment's route sends its traffic to the
 * arm's model first; then the experiment stops. Nothing moves when the check before it fails.
 */
export function promoteArm(
  experiments: ExperimentRegistry,
  prompts: PromptRegistry,
  id: string,
  armName: string,
): PromoteResult {
  const record = experiments.existing(id);
  if (record.status === 'draft') {
    throw GatewayErrors.conflict(`Experiment ${id} is a draft and has no results; start it first`);
  }
  if (record.promotedArm !== null) {
    throw GatewayErrors.conflict(`Experiment ${id} already promoted arm "${record.promotedArm}"`);
  }
  const arm = record.arms.find((candidate) => candidate.name === armName);
  if (!arm) {
    throw GatewayErrors.invalidRequest(
      `Experiment ${id} has no arm "${armName}" (arms: ${record.arms.map((each) => each.name).join(', ')})`,
      { param: 'arm' },
    );
  }
  if (record.target.kind === 'prompt') return promotePromptArm(experiments, prompts, record, arm);
  return promoteRouteArm(experiments, record, arm);
}

function promotePromptArm(
  experiments: ExperimentRegistry,
  prompts: PromptRegistry,
  record: ExperimentRecord,
  arm: ArmRecord,
): PromoteResult {
  const target = record.target as Extract<ExperimentRecord['target'], { kind: 'prompt' }>;
  const current = prompts.repository.label(target.prompt, target.label);
  if (!current) {
    throw GatewayErrors.conflict(`Prompt "${target.prompt}" no longer has the label "${target.label}"`);
  }
  const base = prompts.existingVersion(target.prompt, arm.promptVersion ?? current.version);
  let version = base.version;
  let createdVersion: number | null = null;
  if (arm.model !== null && arm.model !== base.model) {
    // Versions are immutable: the winning combination of template and model becomes a version of its own.
    const created = prompts.addVersion(target.prompt, {
      messages: base.messages,
      variables: base.variables,
      model: arm.model,
      params: base.params,
      commitMessage: `Promoted from experiment ${record.id} (arm "${arm.name}"): version ${base.version} with model ${arm.model}`,
    });
    version = created.version;
    createdVersion = created.version;
  }
  if (version !== current.version)
    prompts.moveLabel(target.prompt, target.label, version, `promote ${record.id}`);
  const experiment = experiments.markPromoted(record, arm.name);
  const moved =
    version === current.version
      ? `label "${target.label}" already pointed at version ${version}`
      : `moved label "${target.label}" from version ${current.version} to ${version}`;
  return {
    experiment,
    label: { name: target.label, version },
    createdVersion,
    routeTargets: null,
    summary: `Promoted arm "${arm.name}": ${moved}${createdVersion !== null ? ` (a new version with model ${arm.model})` : ''}; the experiment is stopped.`,
  };
}

function promoteRouteArm(
  experiments: ExperimentRegistry,
  record: ExperimentRecord,
  arm: ArmRecord,
): PromoteResult {
  const name = (record.target as Extract<ExperimentRecord['target'], { kind: 'route' }>).route;
  const routing = experiments.routing;
  let routeTargets: string[] | null = null;
  if (arm.model !== null) {
    const route = routing.repository.get(name);
    if (!route) throw GatewayErrors.conflict(`Route "${name}" no longer exists`);
    if (route.source === 'config') {
      throw GatewayErrors.conflict(
        `Route "${name}" is managed by the config file: put ${arm.model} first in its targets there, then stop the experiment`,
      );
    }
    const existing = route.config.targets.find((target) => target.model === arm.model);
    const winner: RouteTarget = existing ?? { model: arm.model };
    const config: RouteConfig = {
      ...route.config,
      // The winner serves every request; the old targets stay behind it as fallbacks.
      strategy: 'fallback',
      targets: [winner, ...route.config.targets.filter((target) => target.model !== arm.model)].slice(0, 32),
    };
    routing.repository.upsert(config, 'admin');
    routing.routes.reload();
    routeTargets = config.targets.map((target) => target.model);
  }
  const experiment = experiments.markPromoted(record, arm.name);
  return {
    experiment,
    label: null,
    createdVersion: null,
    routeTargets,
    summary:
      routeTargets === null
        ? `Promoted arm "${arm.name}", which kept route "${name}" as it was; the experiment is stopped.`
        : `Promoted arm "${arm.name}": route "${name}" now sends every request to ${arm.model} first (strategy fallback, the previous targets behind it); the experiment is stopped.`,
  };
}
