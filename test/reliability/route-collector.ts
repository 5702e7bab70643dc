import type { FastifyInstance, RouteOptions } from 'fastify';
import type * as BuildGatewayModule from '../../src/gateway/build-gateway';

/** A registered route: method, URL pattern and the Fastify instance serving it. */
export interface RegisteredRoute {
  method: string;
  url: string;
  app: FastifyInstance;
}

/** Every route the production app factory registered in this test process, the admin API's included. */
export const registeredRoutes: RegisteredRoute[] = [];

function collectFrom(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url, app });
  });
}

/**
 * The real build-gateway module with an onRoute hook added to every app it builds, before any plugin has
 * loaded — so routes are found as they are registered, whoever adds them. The admin API's instance is
 * built on its first request (`app.adminGateway()` builds it at once). Use from a test file:
 *
 *   vi.mock('../../src/gateway/build-gateway', async (importOriginal) =>
 *     (await import('./route-collector')).collectingRoutes(await importOriginal()));
 */
export function collectingRoutes(original: typeof BuildGatewayModule): typeof BuildGatewayModule {
  return {
    ...original,
    buildGateway: (services, options = {}) => {
      const app = original.buildGateway(services, {
        ...options,
        onAdminGateway: (admin) => {
          collectFrom(admin);
          options.onAdminGateway?.(admin);
        },
      });
      collectFrom(app);
      return app;
    },
  };
}

/** Each registered method + URL once. */
export function uniqueRoutes(): RegisteredRoute[] {
  return [...new Map(registeredRoutes.map((route) => [`${route.method} ${route.url}`, route])).values()];
}

/** A concrete path for a route pattern: each parameter and wildcard filled with `value`. */
export function concretePath(pattern: string, value = 'sample'): string {
  return pattern.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, value).replace(/\*/g, `${value}/path`);
}
