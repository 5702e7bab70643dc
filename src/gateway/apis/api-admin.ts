import { Value } from 'typebox/value';
import type { TSchema, Static } from 'typebox';
import type { AdminApi, ApiConfig, UpdateApiBody } from '../../shared/schemas/apis';
import { GatewayErrors } from '../errors/gateway-error';
import type { ApiRecord } from '../storage/api-repository';
import type { ApiRegistry } from './api-registry';
import { listOperations } from './openapi-operations';

/** The keychain account an admin-managed API's credential is stored under. */
export function apiSecretReference(slug: string): string {
  return `keychain:api.${slug}`;
}

/** Settings PATCH may clear with null. */
const CLEARABLE = new Set(['auth', 'rateLimit', 'cache', 'allowedMethods']);

/**
 * The settings after a PATCH: present fields replace, null removes. An auth block sent without `secret`
 * keeps the credential reference the API already had, so editing the header name does not lose the key.
 */
export function mergeApiUpdate(current: ApiConfig, change: UpdateApiBody): ApiConfig {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (value === null) {
      if (!CLEARABLE.has(field))
        throw GatewayErrors.invalidRequest(`${field} cannot be null`, { param: field });
      delete next[field];
    } else next[field] = value;
  }
  return keepSecret(current, next as ApiConfig);
}

/** PUT replaces everything, but an auth block without `secret` keeps the stored credential reference. */
export function keepSecret(current: ApiConfig, next: ApiConfig): ApiConfig {
  if (next.auth && next.auth.secret === undefined && current.auth?.secret) {
    return { ...next, auth: { ...next.auth, secret: current.auth.secret } };
  }
  return next;
}

/** Remembers operation counts per document version: parsing a large OpenAPI file on every list is slow. */
export class OperationCounts {
  private readonly counts = new Map<string, { updatedAt: number; count: number }>();

  of(record: ApiRecord): number {
    if (!record.openapi) return 0;
    const known = this.counts.get(record.config.slug);
    if (known?.updatedAt === record.updatedAt) return known.count;
    let count = 0;
    try {
      count = listOperations(JSON.parse(record.openapi) as Record<string, unknown>).items.length;
    } catch {
      // Stored documents were checked on import; a broken one just lists nothing.
    }
    this.counts.set(record.config.slug, { updatedAt: record.updatedAt, count });
    return count;
  }
}

/** An API as the admin API shows it. The credential is described by secretStatus: never its value. */
export async function describeApi(
  record: ApiRecord,
  registry: ApiRegistry,
  counts: OperationCounts,
  secretStatus: (reference: string | null) => Promise<AdminApi['secret']>,
): Promise<AdminApi> {
  const slug = record.config.slug;
  return {
    ...record.config,
    enabled: record.config.enabled !== false,
    source: record.source,
    proxyPath: `/apis/${slug}/`,
    secret: await secretStatus(record.config.auth?.secret ?? null),
    hasOpenApi: record.openapi !== null,
    operationCount: counts.of(record),
    targets: registry.get(slug)?.targets.health() ?? [],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * Checks a body against a schema, unknown fields included (Fastify's validator drops them silently; a
 * credential pasted into the wrong field must be an error that points at the secret call instead).
 */
export function checkedBody<Schema extends TSchema>(schema: Schema, body: unknown): Static<Schema> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw GatewayErrors.invalidRequest('Request body must be a JSON object');
  }
  const first = [...Value.Errors(schema, body)].sort(
    (a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length,
  )[0];
  if (first) {
    const path = first.instancePath.split('/').filter(Boolean);
    // TypeBox reports an unknown field either as additionalProperties or as the field failing `false`.
    const unknownField = first.keyword === 'boolean' ? path.pop() : undefined;
    const field = path.join('.') || 'body';
    const extra =
      (first.params as { additionalProperties?: string[] }).additionalProperties ??
      (unknownField === undefined ? undefined : [unknownField]);
    const hint = extra?.some((name) => /key|secret|token|password/i.test(name))
      ? '; store a credential with PUT /admin/apis/:slug/secret'
      : '';
    throw GatewayErrors.invalidRequest(
      extra ? `${field}: unknown field ${extra.join(', ')}${hint}` : `${field}: ${first.message}`,
      { param: field },
    );
  }
  return body as Static<Schema>;
}
