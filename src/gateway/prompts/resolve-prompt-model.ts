import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayErrors } from '../errors/gateway-error';
import { experimentSubject } from '../experiments/arm-assignment';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import type { ArmRecord, ExperimentRecord } from '../storage/experiment-repository';
import { applyPrompt, renderMessages, variablesOf } from './apply-prompt';
import { parsePromptModel, PROMPT_MODEL_PREFIX } from './prompt-reference';
import { resolveVariables } from './prompt-variables';

/** `<experiment id>:<arm>` on every response of a request that took part in an experiment. */
export const EXPERIMENT_HEADER = 'x-gatehouse-experiment';

/**
 * The request path's one hook for prompts and experiments, called by /v1/chat/completions and /v1/messages
 * before planning. Returns the body unchanged — after one string test and one set lookup — unless the model
 * is `prompt:<slug>[@label|@version]` or a route under a running experiment. A prompt model becomes the
 * rendered template plus the caller's messages, with the version's model and params; a running experiment
 * on the label or route picks the arm. The log entry records prompt, version, experiment and arm.
 */
export function resolvePromptModel(
  gateway: GatewayServices,
  request: FastifyRequest,
  reply: FastifyReply,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const model = body.model;
  if (typeof model !== 'string') return body;
  const isPrompt = model.startsWith(PROMPT_MODEL_PREFIX);
  if (!isPrompt && !gateway.experiments.routeUnderExperiment(model)) return body;
  const entry = request.logEntry;
  if (!entry) throw GatewayErrors.internal('Route is missing its log entry');
  if (!isPrompt) return applyRouteExperiment(gateway, request, reply, entry, body, model) ?? body;

  const reference = parsePromptModel(model);
  const resolved = gateway.prompts.resolve(reference.slug, reference.selector);
  const label = resolved.label;
  let version = resolved.version;
  let targetModel = version.model;
  let assigned = false;
  const experiment =
    label === null ? undefined : gateway.experiments.runningOn(`prompt:${reference.slug}@${label}`);
  if (experiment) {
    const arm = assignArm(gateway, request, body, experiment);
    noteExperiment(reply, entry, experiment, arm);
    assigned = true;
    if (arm.promptVersion !== null) {
      version = gateway.prompts.existingVersion(reference.slug, arm.promptVersion);
      targetModel = version.model;
    }
    if (arm.model !== null) targetModel = arm.model;
  }
  entry.prompt = reference.slug;
  entry.promptVersion = version.version;

  const given = variablesOf(body);
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw GatewayErrors.invalidRequest('"metadata.variables" must be an object of variable values', {
      param: 'metadata.variables',
    });
  }
  const where = `prompt "${reference.slug}" version ${version.version}`;
  const values = resolveVariables(version.variables, given as Record<string, unknown>, where);
  const format = request.routeOptions.config.apiFormat ?? 'openai';
  const applied = applyPrompt(format, body, renderMessages(version, values), version, targetModel);
  if (applied.warnings.length > 0) {
    entry.warnings.push(...applied.warnings);
    reply.header('x-gatehouse-warnings', applied.warnings.join('; '));
  }
  // A version whose model is a route under experiment takes part in that experiment, unless the label's did.
  if (!assigned && gateway.experiments.routeUnderExperiment(targetModel)) {
    return applyRouteExperiment(gateway, request, reply, entry, applied.body, targetModel) ?? applied.body;
  }
  return applied.body;
}

function applyRouteExperiment(
  gateway: GatewayServices,
  request: FastifyRequest,
  reply: FastifyReply,
  entry: LogEntry,
  body: Record<string, unknown>,
  route: string,
): Record<string, unknown> | null {
  const experiment = gateway.experiments.runningOn(`route:${route}`);
  if (!experiment) return null;
  const arm = assignArm(gateway, request, body, experiment);
  noteExperiment(reply, entry, experiment, arm);
  return arm.model === null ? body : { ...body, model: arm.model };
}

function assignArm(
  gateway: GatewayServices,
  request: FastifyRequest,
  body: Record<string, unknown>,
  experiment: ExperimentRecord,
): ArmRecord {
  return gateway.experiments.assign(experiment, experimentSubject(request.headers, body).id);
}

function noteExperiment(
  reply: FastifyReply,
  entry: LogEntry,
  experiment: ExperimentRecord,
  arm: ArmRecord,
): void {
  entry.experimentId = experiment.id;
  entry.experimentArm = arm.name;
  reply.header(EXPERIMENT_HEADER, `${experiment.id}:${arm.name}`);
}
