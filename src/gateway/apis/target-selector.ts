import type { ApiTargetHealth } from '../../shared/schemas/apis';

export const DEFAULT_COOL_DOWN_MS = 30_000;

/** One base URL, split the way undici takes it: the path is appended to basePath unchanged. */
export interface ApiTarget {
  url: string;
  origin: string;
  /** The base URL's path without a trailing slash ("" for the root). */
  basePath: string;
}

interface TargetState {
  target: ApiTarget;
  coolingDownUntil: number;
  lastError: string | null;
}

export function parseTarget(url: string): ApiTarget {
  const parsed = new URL(url);
  return { url, origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}

/**
 * Round-robin over an API's base URLs with passive health: a target that failed (could not be reached,
 * or answered 5xx) is skipped for a cool-down. When every target is cooling down they are still tried,
 * the one whose cool-down ends first (the least recently failed) first: a guess beats a certain error.
 */
export class TargetSelector {
  private readonly states: TargetState[];
  private next = 0;

  constructor(
    urls: readonly string[],
    private readonly coolDownMs: number,
    private readonly clock: () => number,
  ) {
    this.states = urls.map((url) => ({ target: parseTarget(url), coolingDownUntil: 0, lastError: null }));
  }

  /** Every target in the order to try them for one request. */
  order(): ApiTarget[] {
    const now = this.clock();
    const start = this.next;
    this.next = (this.next + 1) % this.states.length;
    const rotated = [...this.states.slice(start), ...this.states.slice(0, start)];
    const healthy = rotated.filter((state) => state.coolingDownUntil <= now);
    const cooling = rotated
      .filter((state) => state.coolingDownUntil > now)
      .sort((a, b) => a.coolingDownUntil - b.coolingDownUntil);
    return [...healthy, ...cooling].map((state) => state.target);
  }

  fail(target: ApiTarget, reason: string): void {
    const state = this.states.find((entry) => entry.target === target);
    if (!state) return;
    state.coolingDownUntil = this.clock() + this.coolDownMs;
    state.lastError = reason;
  }

  succeed(target: ApiTarget): void {
    const state = this.states.find((entry) => entry.target === target);
    if (!state) return;
    state.coolingDownUntil = 0;
    state.lastError = null;
  }

  health(): ApiTargetHealth[] {
    const now = this.clock();
    return this.states.map((state) => ({
      url: state.target.url,
      healthy: state.coolingDownUntil <= now,
      coolingDownUntil: state.coolingDownUntil > now ? state.coolingDownUntil : null,
      lastError: state.lastError,
    }));
  }
}
