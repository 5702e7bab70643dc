import type { KeyLimits } from '../../shared/schemas/gateway-config';

export type MaybePromise<T> = T | Promise<T>;

export type LimitName = keyof Required<KeyLimits>;

/** What one request is expected to use, estimated before it is sent upstream. */
export interface ReservationRequest {
  tokens: number;
  usd: number;
  /** A local or zero-priced model: USD budgets are neither checked nor consumed. */
  free: boolean;
}

/** An admitted request's hold on a key's counters, released by settle(). Plain data, so a shared store can keep it. */
export interface Reservation {
  id: string;
  keyName: string;
  time: number;
  tokens: number;
  usd: number;
  /** The UTC day and month the reservation counts against; a settle after the rollover leaves the new period alone. */
  day: string;
  month: string;
}

/** One limit a request would break, with the wait until it would not. */
export interface LimitDenial {
  limit: LimitName;
  /** The configured limit. */
  value: number;
  /** What is already used in the window, in-flight reservations included. */
  used: number;
  retryAfterMs: number;
}

export type ReserveResult =
  { admitted: true; reservation: Reservation } | { admitted: false; denials: LimitDenial[] };

/** What a key used, for the admin API. */
export interface KeyUsage {
  /** Requests admitted in the last 60 s. */
  requestsThisMinute: number;
  /** Tokens of requests admitted in the last 60 s: actual once finished, the estimate while running. */
  tokensThisMinute: number;
  /** Spend of finished requests this UTC day / month. */
  usdToday: number;
  usdThisMonth: number;
  /** Estimated spend of requests still running. */
  usdReserved: number;
}

export interface SpendSnapshot {
  day: string;
  usdToday: number;
  month: string;
  usdThisMonth: number;
}

/**
 * The counters behind per-key limits. reserve() must check and add in one atomic step: the in-memory store
 * does it synchronously (Node runs one callback at a time); a shared store (Redis) would use one script.
 */
export interface LimitStore {
  reserve(
    keyName: string,
    request: ReservationRequest,
    limits: KeyLimits,
    now: number,
  ): MaybePromise<ReserveResult>;
  /** Replaces a reservation's estimate with what the request actually used. Settling twice does nothing. */
  settle(reservation: Reservation, actual: { tokens: number; usd: number }, now: number): MaybePromise<void>;
  usage(keyName: string, now: number): MaybePromise<KeyUsage>;
  /** Spend recorded before this process started (summed from the log), replacing what the store holds. */
  seedSpend(keyName: string, spend: SpendSnapshot): MaybePromise<void>;
}
