import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';

/** One stored answer; its headers are already safe to show the caller. */
export interface CachedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  storedAt: number;
  expiresAt: number;
  /** The request headers it varies on (lowercase) and a digest of their values then. */
  varyNames: string[];
  varyDigest: string;
}

/** Different Accept/Accept-Language answers of one URL kept at most. */
const MAX_VARIANTS = 8;
export const DEFAULT_CACHE_TOTAL_BYTES = 64 * 1024 * 1024;

/** The URL part of a cache key: API, method, path and query exactly as sent. */
export function cacheKey(slug: string, method: string, path: string, rawQuery: string): string {
  return `${slug}\n${method}\n${path}?${rawQuery}`;
}

/** Digest of the values a request has for `names`: headers may carry credentials, so they are not kept. */
export function varyDigest(
  names: readonly string[],
  headers: Record<string, string | string[] | undefined>,
): string {
  const hash = createHash('sha256');
  for (const name of names) {
    const value = headers[name];
    hash.update(`${name}\n${Array.isArray(value) ? value.join(',') : (value ?? '')}\n`);
  }
  return hash.digest('base64url');
}

/**
 * GET answers of REST APIs, in memory, least recently used dropped first once the total passes a byte cap.
 * Small on purpose (get/set/clear) so a shared store can replace it for several gateways.
 */
export class RestCache {
  private readonly entries = new Map<string, CachedResponse[]>();
  private totalBytes = 0;

  constructor(
    private readonly clock: () => number,
    private readonly maxTotalBytes = DEFAULT_CACHE_TOTAL_BYTES,
  ) {}

  /** A fresh answer whose Vary'd headers match this request's, or undefined. */
  get(
    key: string,
    requestHeaders: Record<string, string | string[] | undefined>,
  ): CachedResponse | undefined {
    const variants = this.entries.get(key);
    if (!variants) return undefined;
    const now = this.clock();
    const fresh = variants.filter((variant) => variant.expiresAt > now);
    if (fresh.length !== variants.length) this.replace(key, variants, fresh);
    const match = fresh.find(
      (variant) => variant.varyDigest === varyDigest(variant.varyNames, requestHeaders),
    );
    if (match) {
      // Re-inserting moves the key to the end of the Map: the least recently used stay at the front.
      this.entries.delete(key);
      this.entries.set(key, fresh);
    }
    return match;
  }

  set(key: string, response: CachedResponse): void {
    if (response.body.length > this.maxTotalBytes) return;
    const variants = (this.entries.get(key) ?? []).filter(
      (variant) =>
        variant.varyDigest !== response.varyDigest || variant.varyNames.join() !== response.varyNames.join(),
    );
    const kept = [...variants.slice(-(MAX_VARIANTS - 1)), response];
    this.replace(key, this.entries.get(key) ?? [], kept);
    while (this.totalBytes > this.maxTotalBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.replace(oldest, this.entries.get(oldest) ?? [], []);
    }
  }

  /** Forgets every answer of one API (its settings changed) or of all of them. */
  clear(slug?: string): void {
    for (const [key, variants] of [...this.entries]) {
      if (slug === undefined || key.startsWith(`${slug}\n`)) this.replace(key, variants, []);
    }
  }

  private replace(key: string, before: CachedResponse[], after: CachedResponse[]): void {
    this.totalBytes += size(after) - size(before);
    this.entries.delete(key);
    if (after.length > 0) this.entries.set(key, after);
  }
}

function size(variants: CachedResponse[]): number {
  return variants.reduce((total, variant) => total + variant.body.length, 0);
}
