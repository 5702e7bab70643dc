import type { FastifyInstance } from 'fastify';

/** GET /health — unauthenticated liveness for scripts, the tray and load balancers. */
export default async function health(app: FastifyInstance): Promise<void> {
  app.get('/health', async () => ({
    status: 'ok',
    version: app.gateway.version,
    logging: app.gateway.logWriter.degraded ? 'degraded' : 'ok',
  }));
}
