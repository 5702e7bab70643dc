import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { KeyLimits } from '../../shared/schemas/gateway-config';
import type { MaybePromise, Reservation, ReservationRequest } from '../limits/limit-store';
import { routeOf } from './request-checks';

const UNLIMITED: ReservationRequest = { tokens: 0, usd: 0, free: true };

function hasLimits(limits: KeyLimits): boolean {
  return (
    limits.requestsPerMinute !== undefined ||
    limits.tokensPerMinute !== undefined ||
    limits.usdPerDay !== undefined ||
    limits.usdPerMonth !== undefined
  );
}

/**
 * Per-key limits (requests and tokens per minute, USD per day and month) on every logged /v1 route. Runs
 * after the body is parsed, so the estimate can read `model` and `max_tokens`. The reservation is settled
 * with the finished log record, whatever way the response ends.
 */
async function keyLimits(app: FastifyInstance): Promise<void> {
  // Callback-style: the in-memory store decides at once, with no promise per request.
  app.addHook('preHandler', function keyLimitsHook(request, _reply, done) {
    const { gatewayKey, logged } = routeOf(request).config;
    const entry = request.logEntry;
    if (!gatewayKey || !logged || !entry?.keyName) return done();
    const key = app.gateway.keys.findByName(entry.keyName);
    if (!key) return done();
    const { limits, providers, pricing } = app.gateway;
    let reservation: MaybePromise<Reservation>;
    try {
      // A key without limits is only counted: the estimate would decide nothing, settle() counts the real use.
      const estimate = hasLimits(key.limits)
        ? limits.estimate({ providers, pricing }, request.body, request.rawBody)
        : UNLIMITED;
      reservation = limits.admit(key.name, key.limits, estimate);
    } catch (error) {
      return done(error as Error);
    }
    const hold = (held: Reservation) => {
      entry.onFinish((record) => limits.settle(held, record));
      done();
    };
    if (reservation instanceof Promise) reservation.then(hold, (error: Error) => done(error));
    else hold(reservation);
  });
}

export default fp(keyLimits, { name: 'key-limits', dependencies: ['request-log', 'gateway-auth'] });
