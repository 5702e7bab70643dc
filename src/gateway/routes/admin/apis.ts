import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AdminApi,
  AdminApiList,
  ApiConfig,
  ApiConnectionTestResult,
  ApiOperationList,
  ApiTryRequest,
  ApiTryResult,
  UpdateApiBody,
} from '../../../shared/schemas/apis';
import {
  apiSecretReference,
  checkedBody,
  describeApi,
  keepSecret,
  mergeApiUpdate,
  OperationCounts,
} from '../../apis/api-admin';
import { listOperations, parseOpenApiDocument } from '../../apis/openapi-operations';
import { testApiConnection } from '../../apis/test-api-connection';
import { tryApiCall } from '../../apis/try-api-call';
import { GatewayErrors } from '../../errors/gateway-error';
import type { ApiRecord } from '../../storage/api-repository';
import { registerSecretRoutes, secretStatus, type SecretSlot } from './secret-routes';

/** Largest OpenAPI document accepted (GitHub's own is about 12 MB as JSON). */
const OPENAPI_MAX_BYTES = 32 * 1024 * 1024;

/**
 * /admin/apis: REST APIs served at /apis/<slug>/ (docs/rest-apis.md) — list, create, change and remove
 * them, set their credential (write-only, into the OS keychain), import an OpenAPI document and list its
 * operations, "try it", and test the connection. APIs from the config file are read-only here, except for
 * their OpenAPI document and a keychain credential the file points at.
 */
export default async function adminApis(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };
  // `:id`, like the shared secret routes, so the router sees one parameter name at this position.
  const params = Type.Object({ id: Type.String() });
  const registry = app.gateway.apis;
  const repository = registry.repository;
  const { secrets } = app.gateway;
  const counts = new OperationCounts();

  const find = (slug: string): ApiRecord => {
    const record = repository.get(slug);
    if (!record) throw GatewayErrors.routeNotFound(`No REST API named "${slug}"`);
    return record;
  };
  const editable = (slug: string): ApiRecord => {
    const record = find(slug);
    if (record.source === 'config') {
      throw GatewayErrors.conflict(`API "${slug}" is managed by the config file; change it there instead`);
    }
    return record;
  };
  const describe = (record: ApiRecord) =>
    describeApi(record, registry, counts, (reference) => secretStatus(secrets, reference));
  const save = (next: ApiConfig) => {
    const record = repository.upsert(next, 'admin');
    registry.reload();
    return record;
  };

  typed.get('/admin/apis', { config, schema: { response: { 200: AdminApiList } } }, async () => ({
    items: await Promise.all(repository.list().map(describe)),
  }));

  typed.get('/admin/apis/:id', { config, schema: { params, response: { 200: AdminApi } } }, async (request) =>
    describe(find(request.params.id)),
  );

  typed.post('/admin/apis', { config, schema: { response: { 201: AdminApi } } }, async (request, reply) => {
    const body = checkedBody(ApiConfig, request.body);
    const existing = repository.get(body.slug);
    if (existing) {
      throw GatewayErrors.conflict(
        `An API named "${body.slug}" already exists${existing.source === 'config' ? ' (managed by the config file)' : ''}`,
      );
    }
    return reply.code(201).send(await describe(save(body)));
  });

  typed.put(
    '/admin/apis/:id',
    { config, schema: { params, response: { 200: AdminApi } } },
    async (request) => {
      const current = editable(request.params.id);
      const body = checkedBody(ApiConfig, request.body);
      if (body.slug !== current.config.slug) {
        throw GatewayErrors.invalidRequest('slug cannot change; create a new API instead', { param: 'slug' });
      }
      return describe(save(keepSecret(current.config, body)));
    },
  );

  typed.patch(
    '/admin/apis/:id',
    { config, schema: { params, response: { 200: AdminApi } } },
    async (request) => {
      const current = editable(request.params.id);
      const change = checkedBody(UpdateApiBody, request.body);
      return describe(save(mergeApiUpdate(current.config, change)));
    },
  );

  typed.delete('/admin/apis/:id', { config, schema: { params } }, async (request, reply) => {
    const record = editable(request.params.id);
    repository.remove(record.config.slug);
    registry.reload();
    // The credential would otherwise stay in the keychain with nothing pointing at it.
    const reference = apiSecretReference(record.config.slug);
    if (record.config.auth?.secret === reference) await secrets.delete(reference).catch(() => false);
    return reply.code(204).send();
  });

  typed.get(
    '/admin/apis/:id/operations',
    { config, schema: { params, response: { 200: ApiOperationList } } },
    async (request) => {
      const record = find(request.params.id);
      if (!record.openapi) return { title: null, version: null, items: [] };
      return listOperations(JSON.parse(record.openapi) as Record<string, unknown>);
    },
  );

  typed.get('/admin/apis/:id/openapi', { config, schema: { params } }, async (request, reply) => {
    const record = find(request.params.id);
    if (!record.openapi)
      throw GatewayErrors.routeNotFound(`API "${record.config.slug}" has no OpenAPI document`);
    return reply.type('application/json; charset=utf-8').send(record.openapi);
  });

  typed.delete('/admin/apis/:id/openapi', { config, schema: { params } }, async (request, reply) => {
    repository.setOpenApi(find(request.params.id).config.slug, null);
    registry.reload();
    return reply.code(204).send();
  });

  // The document arrives as JSON or YAML text: its own parser, for this route only.
  app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: OPENAPI_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );
    child
      .withTypeProvider<TypeBoxTypeProvider>()
      .put(
        '/admin/apis/:id/openapi',
        { config, bodyLimit: OPENAPI_MAX_BYTES, schema: { params, response: { 200: ApiOperationList } } },
        async (request) => {
          const record = find(request.params.id);
          const document = parseOpenApiDocument(String(request.body ?? ''));
          repository.setOpenApi(record.config.slug, JSON.stringify(document));
          registry.reload();
          return listOperations(document);
        },
      );
  });

  typed.post(
    '/admin/apis/:id/try',
    { config, schema: { params, body: ApiTryRequest, response: { 200: ApiTryResult } } },
    async (request) => {
      const record = find(request.params.id);
      const api = registry.get(record.config.slug);
      if (!api) throw GatewayErrors.routeNotFound(`No REST API named "${record.config.slug}"`);
      return tryApiCall(app.gateway, api, checkedBody(ApiTryRequest, request.body));
    },
  );

  typed.post(
    '/admin/apis/:id/test',
    { config, schema: { params, response: { 200: ApiConnectionTestResult } } },
    async (request) => {
      const record = find(request.params.id);
      const api = registry.get(record.config.slug);
      if (!api) throw GatewayErrors.routeNotFound(`No REST API named "${record.config.slug}"`);
      return testApiConnection(app.gateway, api);
    },
  );

  registerSecretRoutes(app, {
    path: '/admin/apis/:id',
    slot(slug): SecretSlot {
      const record = find(slug);
      const auth = record.config.auth;
      if (record.source === 'config') {
        // A config file may point at a keychain entry; storing that entry is how the user supplies it.
        if (auth?.secret?.startsWith('keychain:')) return { reference: auth.secret, attach() {} };
        throw GatewayErrors.conflict(
          `API "${slug}" is managed by the config file; ${auth?.secret ? `its credential comes from ${auth.secret}; set that instead` : 'give auth.secret a reference there'}.`,
        );
      }
      if (!auth) {
        throw GatewayErrors.conflict(
          `API "${slug}" has no auth settings; set auth (header, query or basic) first`,
        );
      }
      const reference = auth.secret?.startsWith('keychain:') ? auth.secret : apiSecretReference(slug);
      return {
        reference,
        attach() {
          // Read again: the record may have changed while the keychain was being written.
          const current = repository.get(slug);
          if (current?.config.auth && current.config.auth.secret !== reference) {
            repository.upsert(
              { ...current.config, auth: { ...current.config.auth, secret: reference } },
              current.source,
            );
          }
        },
      };
    },
    changed: () => registry.reload(),
  });
}
