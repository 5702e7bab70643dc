import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * A check every request passes before its body is read. Returns to let the request through, throws a
 * GatewayError to refuse it, or returns true when it has answered the request itself (a CORS preflight).
 */
export type RequestCheck = (request: FastifyRequest, reply: FastifyReply) => boolean | void;

declare module 'fastify' {
  interface FastifyInstance {
    /** Adds a check to the one onRequest hook, after those added before it (plugins/request-checks.ts). */
    addRequestCheck(check: RequestCheck): void;
  }
  interface FastifyRequest {
    /** request.routeOptions, read once (routeOf). */
    gatehouseRoute: FastifyRequest['routeOptions'] | null;
  }
}

/**
 * The request's route options. Fastify's `request.routeOptions` getter builds a new object of some fifteen
 * fields on every read; the checks and hooks of one request read it five times or more.
 */
export function routeOf(request: FastifyRequest): FastifyRequest['routeOptions'] {
  return (request.gatehouseRoute ??= request.routeOptions);
}

/**
 * The Host, Origin, request-log, gateway-key and admin checks run in one onRequest hook, in the order their
 * plugins register them, instead of one Fastify hook each: every hook costs Fastify's hook runner a turn per
 * request, about as much as the check itself (docs/benchmarks.md). The hook is callback-style, so it costs
 * no promise and no microtask either. Each concern stays a plugin of its own.
 */
async function requestChecks(app: FastifyInstance): Promise<void> {
  const checks: RequestCheck[] = [];
  app.decorateRequest('gatehouseRoute', null);
  app.decorate('addRequestCheck', (check: RequestCheck) => {
    checks.push(check);
  });
  app.addHook('onRequest', function runRequestChecks(request, reply, done) {
    for (const check of checks) {
      let answered: boolean | void;
      try {
        answered = check(request, reply);
      } catch (error) {
        done(error as Error);
        return;
      }
      // The check sent the answer: Fastify's callback hooks end a request by not calling done.
      if (answered === true) return;
    }
    done();
  });
}

export default fp(requestChecks, { name: 'request-checks', dependencies: ['error-handler'] });
