import type { FastifyRequest } from 'fastify';
import { GatewayErrors } from '../errors/gateway-error';
import type { LogEntry } from '../logs/log-entry';
import type { GatewayServices } from '../gateway-services';
import type { ModelTarget } from '../providers/provider-registry';
import { notePlan } from '../routing/dispatcher';
import type { RequestPlan } from '../routing/request-plan';

export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw GatewayErrors.invalidRequest('Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function requireLogEntry(request: FastifyRequest): LogEntry {
  if (!request.logEntry) throw GatewayErrors.internal('Route is missing its log entry');
  return request.logEntry;
}

/**
 * Resolves the request's model name — `<provider>/<model>` or a route name — into the targets to try,
 * and notes the route and the first target on the log entry.
 */
export function planRequest(gateway: GatewayServices, entry: LogEntry, model: unknown): RequestPlan {
  const plan = gateway.routing.routes.plan(model);
  notePlan(entry, plan);
  return plan;
}

/** The first target a model name resolves to (for estimates made before dispatch), noted on the entry. */
export function resolveTarget(gateway: GatewayServices, entry: LogEntry, model: unknown): ModelTarget {
  return planRequest(gateway, entry, model).targets[0]!.target;
}

/** Rejects a `stream` that is not a boolean; true when the caller asked for a stream. */
export function requireStreamFlag(body: Record<string, unknown>): boolean {
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    throw GatewayErrors.invalidRequest('"stream" must be a boolean', { param: 'stream' });
  }
  return body.stream === true;
}
