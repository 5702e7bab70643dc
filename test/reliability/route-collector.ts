import type { RouteOptions } from 'fastify';
import type * as BuildGatewayModule from '../../src/gateway/build-gateway';

/** Every route the production app factory registered in this test process, as method + URL pattern. */
export const registeredRoutes: Array<{ method: string; url: string }> = [];

/**
 * The real build-gateway module with an onRoute hook added to every app it builds, before any plugin has
 * loaded — so routes are found as they are registered, whoever adds them. Use from a test file:
 *
 *   vi.mock('../../src/gateway/build-gateway', async (importOriginal) =>
 *     (await import('./route-collector')).collectingRoutes(await importOriginal()));
 */
export function collectingRoutes(original: typeof BuildGatewayModule): typeof BuildGatewayModule {
  return {
    ...original,
    buildGateway: (...args: Parameters<typeof original.buildGateway>) => {
      const app = original.buildGateway(...args);
      app.addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url });
      });
      return app;
    },
  };
}

/** Each registered method + URL once. */
export function uniqueRoutes(): Array<{ method: string; url: string }> {
  return [...new Map(registeredRoutes.map((route) => [`${route.method} ${route.url}`, route])).values()];
}

/** A concrete path for a route pattern: each parameter and wildcard filled with `value`. */
export function concretePath(pattern: string, value = 'sample'): string {
  return pattern.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, value).replace(/\*/g, `${value}/path`);
}
