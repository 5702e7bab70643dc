import type { TokenUsage } from '../logs/log-entry';

export type MaybePromise<T> = T | Promise<T>;

/** One server-sent event as the caller received it. */
export interface RecordedEvent {
  event?: string;
  data: string;
}

export type CachedBody = { kind: 'json'; body: string } | { kind: 'sse'; events: RecordedEvent[] };

/** An answer that can be sent again: exactly the body or the events the first caller received. */
export type CachedAnswer = CachedBody & {
  /** The original answer's usage, shown in the hit's log row (whose cost is 0). */
  usage: TokenUsage;
  createdAt: number;
  expiresAt: number;
};

/**
 * Where cached answers live. Small on purpose: SQLite now (sqlite-cache-store.ts), Redis for several gateways
 * later, without touching callers.
 */
export interface CacheStore {
  /** A fresh answer, or undefined (missing or expired). */
  get(key: string, now: number): MaybePromise<CachedAnswer | undefined>;
  /** Stores or replaces the answer; it expires at answer.expiresAt. */
  set(key: string, answer: CachedAnswer): MaybePromise<void>;
  delete(key: string): MaybePromise<boolean>;
  /** Removes expired answers; returns how many. */
  purgeExpired(now: number): MaybePromise<number>;
}
