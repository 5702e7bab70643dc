import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema, type Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  AdminKey,
  AdminKeyList,
  CreatedKey,
  CreateKeyRequest,
  UpdateKeyRequest,
} from '../../../shared/schemas/admin-keys';
import type { KeyLimits } from '../../../shared/schemas/gateway-config';
import { GatewayErrors } from '../../errors/gateway-error';
import type { GatewayServices } from '../../gateway-services';
import type { KeyRecord } from '../../storage/key-repository';

const NameParams = Type.Object({ name: Type.String() });

/**
 * GET/POST /admin/keys, PATCH/DELETE /admin/keys/:name — gateway keys, their limits and what they used.
 * Keys from the config file belong to the file: their limits and revocation are changed there (409 here).
 */
export default async function adminKeys(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };

  typed.get('/admin/keys', { config, schema: { response: { 200: AdminKeyList } } }, async () => {
    const items = await Promise.all(app.gateway.keys.list().map((record) => view(app.gateway, record)));
    return { items };
  });

  typed.post('/admin/keys', { config, schema: { response: { 201: CreatedKey } } }, async (request, reply) => {
    const body = checked(CreateKeyRequest, request.body);
    if (app.gateway.keys.findByName(body.name)) {
      throw GatewayErrors.conflict(
        `A gateway key named "${body.name}" already exists (names of revoked keys stay taken, so old logs stay unambiguous)`,
      );
    }
    const { record, key } = app.gateway.keys.create(body.name, 'admin', body.limits ?? {}, body.apis ?? null);
    return reply.code(201).send({ ...(await view(app.gateway, record)), key });
  });

  typed.patch(
    '/admin/keys/:name',
    { config, schema: { params: NameParams, response: { 200: AdminKey } } },
    async (request) => {
      const body = checked(UpdateKeyRequest, request.body);
      const record = editable(app.gateway, request.params.name, 'change its limits');
      if (record.revokedAt !== null) {
        throw GatewayErrors.conflict(
          `The gateway key "${record.name}" is revoked; its limits no longer apply`,
        );
      }
      const limits: KeyLimits = { ...record.limits };
      const changes = Object.entries(body.limits ?? {}) as Array<[keyof KeyLimits, number | null]>;
      for (const [name, value] of changes) {
        if (value === null) delete limits[name];
        else limits[name] = value;
      }
      let updated = app.gateway.keys.setLimits(record.name, limits) ?? record;
      if (body.apis !== undefined)
        updated = app.gateway.keys.setAllowedApis(record.name, body.apis) ?? updated;
      return view(app.gateway, updated);
    },
  );

  typed.delete(
    '/admin/keys/:name',
    { config, schema: { params: NameParams, response: { 200: AdminKey } } },
    async (request) => {
      const record = editable(app.gateway, request.params.name, 'revoke it');
      app.gateway.keys.revoke(record.name);
      return view(app.gateway, app.gateway.keys.findByName(record.name) ?? record);
    },
  );
}

async function view(gateway: GatewayServices, record: KeyRecord): Promise<AdminKey> {
  return {
    name: record.name,
    hint: record.hint,
    source: record.source,
    createdAt: record.createdAt,
    revokedAt: record.revokedAt,
    limits: record.limits,
    usage: await gateway.limits.usage(record.name),
    allowedApis: record.allowedApis,
  };
}

/** The key, unless it is missing (404) or owned by the config file (409). */
function editable(gateway: GatewayServices, name: string, action: string): KeyRecord {
  const record = gateway.keys.findByName(name);
  if (!record) throw GatewayErrors.routeNotFound(`No gateway key named "${name}"`);
  if (record.source === 'config') {
    throw GatewayErrors.conflict(
      `The gateway key "${name}" comes from the config file; edit the file to ${action} (it is applied at the next start)`,
    );
  }
  return record;
}

// Checked here rather than by Fastify's validator, which drops unknown fields silently: a misspelt limit
// must be an error, not a limit that quietly does not exist.
function checked<Schema extends TSchema>(schema: Schema, body: unknown): Static<Schema> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw GatewayErrors.invalidRequest('Request body must be a JSON object');
  }
  const first = [...Value.Errors(schema, body)].sort(
    (a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length,
  )[0];
  if (first) {
    const field = first.instancePath.split('/').filter(Boolean).join('.') || 'body';
    const extra = (first.params as { additionalProperties?: string[] }).additionalProperties;
    throw GatewayErrors.invalidRequest(
      extra ? `${field}: unknown field ${extra.join(', ')}` : `${field}: ${first.message}`,
    );
  }
  return body as Static<Schema>;
}
