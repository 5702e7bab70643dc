import type { KeyLimits } from '../../shared/schemas/gateway-config';
import type { LogRecord } from '../../shared/schemas/log-record';
import { GatewayErrors, type GatewayError } from '../errors/gateway-error';
import { estimateRequest } from './estimate-request';
import type {
  KeyUsage,
  LimitDenial,
  LimitStore,
  MaybePromise,
  Reservation,
  ReservationRequest,
  ReserveResult,
} from './limit-store';
import { MemoryLimitStore } from './memory-limit-store';
import { resolveModelPrice, type ModelPriceSources } from './model-price';
import type { SpendHistory } from './spend-history';

export interface KeyLimiterOptions {
  store?: LimitStore;
  /** Spend already in the log, loaded once at start so budgets survive a restart. */
  history?: SpendHistory;
  clock?: () => number;
}

/**
 * Per-key limits: reserve before dispatch, settle after. One instance per gateway; the counters live in its
 * LimitStore. Every key is counted, limited or not, so a limit added later starts from the real spend.
 */
export class KeyLimiter {
  readonly store: LimitStore;
  /**
   * How a route name (a `model` without a slash) maps to its targets, for pricing. Set by whoever owns
   * routes; without it a route's price is unknown (reserves $0, still stopped by a spent budget).
   */
  routeTargets: ModelPriceSources['routeTargets'];
  private readonly clock: () => number;

  constructor(options: KeyLimiterOptions = {}) {
    this.store = options.store ?? new MemoryLimitStore();
    this.clock = options.clock ?? Date.now;
    if (options.history) {
      const now = this.clock();
      for (const [keyName, spend] of options.history.spendByKey(now))
        void this.store.seedSpend(keyName, spend);
    }
  }

  /** What a request will use; never throws (an estimate that fails reserves the body's tokens and $0). */
  estimate(
    sources: Omit<ModelPriceSources, 'routeTargets'>,
    body: unknown,
    bodyText: string | null,
  ): ReservationRequest {
    const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
    const price = resolveModelPrice({ ...sources, routeTargets: this.routeTargets }, model);
    return estimateRequest(body, bodyText, price);
  }

  /**
   * Reserves the request against the key's limits, or throws (or rejects with) a 429 with Retry-After.
   * Synchronous when the store is (the in-memory one): no promise on the request path.
   */
  admit(keyName: string, limits: KeyLimits, request: ReservationRequest): MaybePromise<Reservation> {
    const result = this.store.reserve(keyName, request, limits, this.clock());
    return result instanceof Promise
      ? result.then((settled) => admitted(keyName, settled))
      : admitted(keyName, result);
  }

  /** Releases the reservation and counts what the finished request really used (cache hits use nothing). */
  settle(reservation: Reservation, record: LogRecord): void {
    const tokens = record.cacheHit ? 0 : (record.inputTokens ?? 0) + (record.outputTokens ?? 0);
    const usd = record.cacheHit ? 0 : (record.costUsd ?? 0);
    const settled = this.store.settle(reservation, { tokens, usd }, this.clock());
    // The in-memory store settles at once: no promise to wrap.
    if (settled instanceof Promise) settled.catch(() => undefined);
  }

  usage(keyName: string): Promise<KeyUsage> {
    return Promise.resolve(this.store.usage(keyName, this.clock()));
  }
}

function admitted(keyName: string, result: ReserveResult): Reservation {
  if (!result.admitted) throw rateLimitError(keyName, result.denials);
  return result.reservation;
}

const limitWords: Record<LimitDenial['limit'], (denial: LimitDenial) => string> = {
  requestsPerMinute: ({ value }) => `${value} requests per minute`,
  tokensPerMinute: ({ value, used }) => `${value} tokens per minute (${used} used in the last minute)`,
  usdPerDay: ({ value, used }) => `$${value} per UTC day (${dollars(used)} spent or reserved today)`,
  usdPerMonth: ({ value, used }) => `$${value} per UTC month (${dollars(used)} spent or reserved this month)`,
};

/** 429 in the catalog; Retry-After is when every limit that stopped the request has room again. */
export function rateLimitError(keyName: string, denials: LimitDenial[]): GatewayError {
  const waitMs = Math.max(...denials.map((denial) => denial.retryAfterMs));
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const reached = denials.map((denial) => limitWords[denial.limit](denial)).join(' and ');
  return GatewayErrors.rateLimited(
    `Gateway key "${keyName}" reached its limit of ${reached}. Try again in ${seconds} s.`,
    { headers: { 'retry-after': String(seconds) } },
  );
}

function dollars(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}
