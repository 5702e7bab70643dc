import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ProviderKeyList, RouteConfig, RouteList, RouteView } from '../../../shared/schemas/routes';
import { GatewayErrors } from '../../errors/gateway-error';
import type { GatewayServices } from '../../gateway-services';
import { providerKeyRefs } from '../../providers/provider-registry';
import { routeProblems } from '../../routing/route-checks';
import type { RouteRecord } from '../../routing/route-repository';

const NameParams = Type.Object({ name: Type.String() });

/**
 * Routes (model aliases) and routing state: GET/POST/PUT/DELETE /admin/routes, with each target's circuit
 * breaker, and GET /admin/routing/keys for the providers' API keys in turn or set aside. Routes from the
 * config file are read-only here (409): change the file instead.
 */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };
  const gateway = () => app.gateway;

  typed.get('/admin/routes', { config, schema: { response: { 200: RouteList } } }, async () => ({
    routes: gateway()
      .routing.routes.list()
      .map((record) => routeView(gateway(), record)),
    circuits: gateway().routing.breakers.views(),
  }));

  typed.get(
    '/admin/routes/:name',
    { config, schema: { params: NameParams, response: { 200: RouteView } } },
    async (request) => routeView(gateway(), existing(gateway(), request.params.name)),
  );

  typed.post(
    '/admin/routes',
    { config, schema: { body: RouteConfig, response: { 201: RouteView } } },
    async (request, reply) => {
      const { routing } = gateway();
      if (routing.repository.get(request.body.name)) {
        throw GatewayErrors.conflict(
          `Route "${request.body.name}" already exists; PUT /admin/routes/${request.body.name} replaces it`,
        );
      }
      checkRoute(gateway(), request.body);
      const record = routing.repository.upsert(request.body, 'admin');
      routing.routes.reload();
      return reply.code(201).send(routeView(gateway(), record));
    },
  );

  typed.put(
    '/admin/routes/:name',
    { config, schema: { params: NameParams, body: RouteConfig, response: { 200: RouteView } } },
    async (request) => {
      const { routing } = gateway();
      if (request.body.name !== request.params.name) {
        throw GatewayErrors.invalidRequest(
          `The body names route "${request.body.name}" but the URL names "${request.params.name}"; rename by DELETE and POST`,
        );
      }
      refuseConfigRoute(routing.repository.get(request.params.name), 'change it in the config file');
      checkRoute(gateway(), request.body);
      const record = routing.repository.upsert(request.body, 'admin');
      routing.routes.reload();
      return routeView(gateway(), record);
    },
  );

  typed.delete('/admin/routes/:name', { config, schema: { params: NameParams } }, async (request, reply) => {
    const { routing } = gateway();
    refuseConfigRoute(existing(gateway(), request.params.name), 'remove it from the config file');
    routing.repository.remove(request.params.name);
    routing.routes.reload();
    return reply.code(204).send();
  });

  typed.get('/admin/routing/keys', { config, schema: { response: { 200: ProviderKeyList } } }, async () => {
    const { providers, routing } = gateway();
    const refs = providers.list().map((provider) => ({ id: provider.id, refs: providerKeyRefs(provider) }));
    return { keys: routing.keys.views(refs) };
  });
}

function existing(gateway: GatewayServices, name: string): RouteRecord {
  const record = gateway.routing.repository.get(name);
  if (!record) throw GatewayErrors.routeNotFound(`No route named "${name}"`);
  return record;
}

function refuseConfigRoute(record: RouteRecord | undefined, what: string): void {
  if (record?.source === 'config') {
    throw GatewayErrors.conflict(`Route "${record.config.name}" is managed by the config file; ${what}.`);
  }
}

function checkRoute(gateway: GatewayServices, route: RouteConfig): void {
  const known = new Set(gateway.providers.list().map((provider) => provider.id));
  const problems = routeProblems(route, known);
  if (problems.length > 0) throw GatewayErrors.invalidRequest(problems.join('; '));
}

function routeView(gateway: GatewayServices, record: RouteRecord): RouteView {
  const { config } = record;
  const { breakers, latency } = gateway.routing;
  return {
    name: config.name,
    strategy: config.strategy ?? 'fallback',
    targets: config.targets.map((target) => ({
      model: target.model,
      weight: target.weight ?? 1,
      params: target.params ?? null,
      circuit: breakers.view(target.model),
      averageLatencyMs: latency.average(target.model),
    })),
    retry: config.retry ?? null,
    timeoutMs: config.timeoutMs ?? null,
    deadlineMs: config.deadlineMs ?? null,
    cache: config.cache ?? null,
    source: record.source,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
