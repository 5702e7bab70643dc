import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { KeyLimits } from '../../shared/schemas/gateway-config';
import type { ReservationRequest } from '../limits/limit-store';

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
  app.addHook('preHandler', async (request) => {
    const { gatewayKey, logged } = request.routeOptions.config;
    const entry = request.logEntry;
    if (!gatewayKey || !logged || !entry?.keyName) return;
    const key = app.gateway.keys.findByName(entry.keyName);
    if (!key) return;
    const { limits, providers, pricing } = app.gateway;
    // A key without limits is only counted: the estimate would decide nothing, settle() counts the real use.
    const estimate = hasLimits(key.limits)
      ? limits.estimate({ providers, pricing }, request.body, request.rawBody)
      : UNLIMITED;
    const reservation = await limits.admit(key.name, key.limits, estimate);
    entry.onFinish((record) => limits.settle(reservation, record));
  });
}

export default fp(keyLimits, { name: 'key-limits', dependencies: ['request-log', 'gateway-auth'] });
