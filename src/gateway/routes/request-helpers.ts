import type { FastifyRequest } from 'fastify';
import { GatewayErrors } from '../errors/gateway-error';
import type { LogEntry } from '../logs/log-entry';
import type { GatewayServices } from '../gateway-services';
import type { ModelTarget } from '../providers/provider-registry';

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

/** Resolves the request's model and notes provider, model and pricing on its log entry. */
export function resolveTarget(gateway: GatewayServices, entry: LogEntry, model: unknown): ModelTarget {
  const target = gateway.providers.resolveModel(model);
  entry.provider = target.provider.id;
  entry.model = target.model;
  entry.pricingKey = target.provider.preset.pricingKey;
  entry.free = target.provider.preset.local;
  return target;
}
