import fp from 'fastify-plugin';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The admin API's instance, built and made ready on first use (plugins/admin-forwarding.ts). */
    adminGateway(): Promise<FastifyInstance>;
  }
}

export interface AdminForwardingOptions {
  /** Makes the admin API's Fastify instance: its checks and every /admin route. */
  build: () => FastifyInstance;
}

/**
 * The admin API (the web UI's and the desktop app's, some ninety routes with their schemas) lives in a
 * second Fastify instance, built when the first authenticated /admin request arrives: `gatehouse serve`
 * starts and answers /v1 without registering it (docs/benchmarks.md, start-up). Here one route takes every
 * /admin path. The Host, Origin and admin-token checks of this instance run first, so a stranger never
 * makes the gateway build it; then the raw request, body not yet read, goes to the admin instance's own
 * router, which checks it again and answers it as if it had been registered here.
 */
async function adminForwarding(app: FastifyInstance, options: AdminForwardingOptions): Promise<void> {
  let built: FastifyInstance | null = null;
  let building: Promise<FastifyInstance> | null = null;
  const adminGateway = (): Promise<FastifyInstance> => {
    if (building === null) {
      building = (async () => {
        const admin = options.build();
        await admin.ready();
        built = admin;
        return admin;
      })();
      // A failed build is not kept: the next request tries again. (Reset after the assignment above: a
      // build that throws at once would otherwise be reset before it, and kept for good.)
      building.catch(() => {
        building = null;
      });
    }
    return building;
  };
  app.decorate('adminGateway', adminGateway);

  const forward: onRequestHookHandler = (request, reply, done) => {
    const pass = (admin: FastifyInstance) => {
      reply.hijack();
      admin.routing(request.raw, reply.raw);
      done();
    };
    if (built !== null) return pass(built);
    adminGateway().then(pass, (error: Error) => done(error));
  };
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/admin/*',
    config: { admin: true },
    onRequest: forward,
    // Never reached: the hook above has handed the request over.
    handler: async () => undefined,
  });

  // Its live log tails end before the server waits for open connections to finish.
  app.addHook('preClose', async () => {
    const admin = building && (await building.catch(() => null));
    await admin?.close();
  });
}

export default fp(adminForwarding, { name: 'admin-forwarding', dependencies: ['admin-auth'] });
