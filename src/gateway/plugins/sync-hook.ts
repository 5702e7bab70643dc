import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

/**
 * An onRequest hook that decides at once: returns to let the request through, throws a GatewayError to
 * refuse it. Written as Fastify's callback-style hook, so it costs no promise and no microtask turn — an
 * async hook costs both on every request, and a /v1 request runs several (docs/benchmarks.md).
 */
export function syncHook(
  check: (request: FastifyRequest, reply: FastifyReply) => void,
): onRequestHookHandler {
  return function hook(request, reply, done) {
    try {
      check(request, reply);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  };
}
