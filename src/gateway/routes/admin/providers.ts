import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AdminProvider,
  AdminProviderList,
  ConnectionTestResult,
  CreateProviderBody,
  UpdateProviderBody,
} from '../../../shared/schemas/admin-providers';
import type { ProviderType } from '../../../shared/schemas/gateway-config';
import { GatewayError, GatewayErrors } from '../../errors/gateway-error';
import { PROVIDER_PRESETS } from '../../providers/provider-presets';
import { testProviderConnection } from '../../providers/test-provider-connection';
import type { ProviderRecord, ProviderRepository } from '../../storage/provider-repository';
import { registerSecretRoutes, secretStatus, type SecretSlot } from './secret-routes';

export interface AdminProvidersOptions {
  /** Where providers are stored; the registry is reloaded from it after every change. */
  repository: ProviderRepository;
}

/** The keychain account an admin-managed provider's key is stored under. */
export function providerSecretReference(id: string): string {
  return `keychain:provider.${id}`;
}

/**
 * /admin/providers: list, create, change and remove providers, set or rotate their keys (write-only, into
 * the OS keychain), and test a connection. Providers from the config file are read-only here.
 */
export default async function adminProviders(
  app: FastifyInstance,
  { repository }: AdminProvidersOptions,
): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };
  const params = Type.Object({ id: Type.String() });
  const { secrets } = app.gateway;
  const reload = () => app.gateway.providers.reload();

  const find = (id: string): ProviderRecord => {
    const record = repository.get(id);
    if (!record) throw GatewayErrors.routeNotFound(`No provider with id "${id}"`);
    return record;
  };
  const editable = (id: string): ProviderRecord => {
    const record = find(id);
    if (record.source === 'config') throw managedByConfig(id, 'change it in the config file instead');
    return record;
  };
  const describe = async (record: ProviderRecord): Promise<AdminProvider> => {
    const preset = PROVIDER_PRESETS[record.type as ProviderType];
    const { stored, hint } = await secretStatus(secrets, record.apiKeyRef);
    return {
      id: record.id,
      type: record.type,
      label: preset?.label ?? record.type,
      baseUrl: (record.baseUrl ?? preset?.baseUrl ?? null)?.replace(/\/+$/, '') ?? null,
      source: record.source,
      enabled: record.enabled,
      requiresKey: preset?.requiresKey ?? false,
      apiKeyRef: record.apiKeyRef,
      apiVersion: record.options.apiVersion ?? null,
      secret: { stored, hint },
    };
  };

  typed.get('/admin/providers', { config, schema: { response: { 200: AdminProviderList } } }, async () => ({
    items: await Promise.all(repository.list().map(describe)),
  }));

  typed.get(
    '/admin/providers/:id',
    { config, schema: { params, response: { 200: AdminProvider } } },
    async (request) => describe(find(request.params.id)),
  );

  typed.post(
    '/admin/providers',
    {
      config,
      preValidation: rejectUnknownFields(CreateProviderBody.properties),
      schema: { body: CreateProviderBody, response: { 201: AdminProvider } },
    },
    async (request, reply) => {
      const { id, type, baseUrl, apiVersion, enabled } = request.body;
      const existing = repository.get(id);
      if (existing) {
        throw conflict(
          `A provider with id "${id}" already exists${existing.source === 'config' ? ' (managed by the config file)' : ''}`,
        );
      }
      requireBaseUrl(type, baseUrl ?? null);
      const record = repository.upsert({
        id,
        type,
        baseUrl: baseUrl ?? null,
        apiKeyRef: null,
        source: 'admin',
        enabled: enabled ?? true,
        options: apiVersion ? { apiVersion } : {},
      });
      reload();
      return reply.code(201).send(await describe(record));
    },
  );

  typed.patch(
    '/admin/providers/:id',
    {
      config,
      preValidation: rejectUnknownFields(UpdateProviderBody.properties),
      schema: { params, body: UpdateProviderBody, response: { 200: AdminProvider } },
    },
    async (request) => {
      const record = editable(request.params.id);
      const { baseUrl, apiVersion, enabled } = request.body;
      const nextBaseUrl = baseUrl === undefined ? record.baseUrl : baseUrl;
      requireBaseUrl(record.type as ProviderType, nextBaseUrl);
      const options = { ...record.options };
      if (apiVersion === null) delete options.apiVersion;
      else if (apiVersion !== undefined) options.apiVersion = apiVersion;
      const updated = repository.upsert({
        ...record,
        baseUrl: nextBaseUrl,
        enabled: enabled ?? record.enabled,
        options,
      });
      reload();
      return describe(updated);
    },
  );

  typed.delete('/admin/providers/:id', { config, schema: { params } }, async (request, reply) => {
    const record = editable(request.params.id);
    repository.remove(record.id);
    reload();
    // The key would otherwise stay in the keychain with nothing pointing at it.
    if (record.apiKeyRef === providerSecretReference(record.id)) {
      await secrets.delete(record.apiKeyRef).catch(() => false);
    }
    return reply.code(204).send();
  });

  typed.post(
    '/admin/providers/:id/test',
    { config, schema: { params, response: { 200: ConnectionTestResult } } },
    async (request) => {
      find(request.params.id);
      const provider = app.gateway.providers.list().find((entry) => entry.id === request.params.id);
      if (!provider) {
        return { ok: false, status: null, message: `Provider type of "${request.params.id}" is not known.` };
      }
      return testProviderConnection(app.gateway, provider);
    },
  );

  registerSecretRoutes(app, {
    path: '/admin/providers/:id',
    slot(id): SecretSlot {
      const record = find(id);
      if (record.source === 'config') {
        // A config file may point at a keychain entry; storing that entry is how the user supplies it.
        if (record.apiKeyRef?.startsWith('keychain:')) return { reference: record.apiKeyRef, attach() {} };
        throw managedByConfig(
          id,
          record.apiKeyRef
            ? `its key comes from ${record.apiKeyRef}; set that instead`
            : 'give it an apiKey reference there',
        );
      }
      const reference = providerSecretReference(id);
      return {
        reference,
        attach() {
          // Read again: the record may have changed while the keychain was being written.
          const current = repository.get(id);
          if (current && current.apiKeyRef !== reference)
            repository.upsert({ ...current, apiKeyRef: reference });
        },
      };
    },
    changed: reload,
  });
}

/**
 * Fastify drops unknown body fields silently; a key pasted into the wrong call must be refused out loud,
 * and pointed at the secret call, instead.
 */
function rejectUnknownFields(known: object) {
  return async (request: FastifyRequest) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    const unknown = Object.keys(body).filter((field) => !(field in known));
    if (unknown.length === 0) return;
    const hint = unknown.some((field) => /key|secret|token|password/i.test(field))
      ? '; store a key with PUT /admin/providers/:id/secret'
      : '';
    throw GatewayErrors.invalidRequest(
      `Unknown field ${unknown.map((field) => `"${field}"`).join(', ')}${hint}`,
      {
        param: unknown[0],
      },
    );
  };
}

function requireBaseUrl(type: ProviderType, baseUrl: string | null): void {
  if (!baseUrl && !PROVIDER_PRESETS[type]?.baseUrl) {
    throw GatewayErrors.invalidRequest(`Providers of type ${type} need a baseUrl`, { param: 'baseUrl' });
  }
}

// 409s live here until the error catalog has a conflict entry.
function conflict(message: string): GatewayError {
  return new GatewayError('conflict', 409, message);
}

function managedByConfig(id: string, what: string): GatewayError {
  return conflict(`Provider "${id}" is managed by the config file; ${what}.`);
}
