import { describe, expect, it } from 'vitest';
import type { KeyLimits } from '../../../src/shared/schemas/gateway-config';
import type { Reservation, ReservationRequest } from '../../../src/gateway/limits/limit-store';
import { MemoryLimitStore } from '../../../src/gateway/limits/memory-limit-store';

const noon = Date.UTC(2026, 6, 24, 12, 0, 0);
const paid = (tokens: number, usd: number): ReservationRequest => ({ tokens, usd, free: false });

function admit(
  store: MemoryLimitStore,
  limits: KeyLimits,
  request: ReservationRequest,
  now: number,
): Reservation {
  const result = store.reserve('ci', request, limits, now);
  if (!result.admitted) throw new Error(`refused: ${JSON.stringify(result.denials)}`);
  return result.reservation;
}

describe('in-memory limit store', () => {
  it('admits exactly the limit when many requests reserve in the same instant', () => {
    const store = new MemoryLimitStore();
    const results = Array.from({ length: 100 }, () =>
      store.reserve('ci', paid(10, 0), { requestsPerMinute: 10 }, noon),
    );
    expect(results.filter((result) => result.admitted)).toHaveLength(10);
    const refusal = results[10];
    expect(refusal).toEqual({
      admitted: false,
      denials: [{ limit: 'requestsPerMinute', value: 10, used: 10, retryAfterMs: 60_000 }],
    });
  });

  it('slides the request window: room opens when the oldest request is 60 s old', () => {
    const store = new MemoryLimitStore();
    const limits = { requestsPerMinute: 4 };
    admit(store, limits, paid(1, 0), noon);
    admit(store, limits, paid(1, 0), noon);
    admit(store, limits, paid(1, 0), noon + 30_000);
    admit(store, limits, paid(1, 0), noon + 30_000);

    const refused = store.reserve('ci', paid(1, 0), limits, noon + 45_000);
    expect(refused).toMatchObject({ admitted: false, denials: [{ retryAfterMs: 15_000 }] });
    // At 60 s the first two slide out; the two from 30 s still count.
    admit(store, limits, paid(1, 0), noon + 60_000);
    admit(store, limits, paid(1, 0), noon + 60_000);
    expect(store.reserve('ci', paid(1, 0), limits, noon + 60_000)).toMatchObject({
      admitted: false,
      denials: [{ retryAfterMs: 30_000 }],
    });
  });

  it('counts estimated tokens while a request runs and the real ones once it settled', () => {
    const store = new MemoryLimitStore();
    const limits = { tokensPerMinute: 1000 };
    const first = admit(store, limits, paid(600, 0), noon);
    admit(store, limits, paid(600, 0), noon + 1000);
    // 1,200 committed: full until the estimate of the first is replaced by what it used.
    expect(store.reserve('ci', paid(10, 0), limits, noon + 2000)).toMatchObject({
      admitted: false,
      denials: [{ limit: 'tokensPerMinute', used: 1200, retryAfterMs: 58_000 }],
    });
    store.settle(first, { tokens: 100, usd: 0 }, noon + 3000);
    expect(store.usage('ci', noon + 3000).tokensThisMinute).toBe(700);
    admit(store, limits, paid(10, 0), noon + 3000);
    // Settling twice changes nothing.
    store.settle(first, { tokens: 100_000, usd: 0 }, noon + 3000);
    expect(store.usage('ci', noon + 3000).tokensThisMinute).toBe(710);
  });

  it('holds a USD budget against spend plus running estimates, until midnight UTC', () => {
    const store = new MemoryLimitStore();
    const limits = { usdPerDay: 0.01 };
    const running = [0, 1, 2].map(() => admit(store, limits, paid(100, 0.004), noon));
    const refused = store.reserve('ci', paid(100, 0.004), limits, noon);
    expect(refused).toMatchObject({
      admitted: false,
      denials: [{ limit: 'usdPerDay', value: 0.01, retryAfterMs: 12 * 60 * 60 * 1000 }],
    });
    for (const reservation of running) store.settle(reservation, { tokens: 50, usd: 0.001 }, noon + 1000);
    expect(store.usage('ci', noon + 1000)).toMatchObject({ usdToday: 0.003, usdReserved: 0 });
    admit(store, limits, paid(100, 0.004), noon + 1000);
  });

  it('lets free models through a spent budget without charging it', () => {
    const store = new MemoryLimitStore();
    const limits = { usdPerDay: 0, usdPerMonth: 0 };
    expect(store.reserve('ci', paid(10, 0.5), limits, noon).admitted).toBe(false);
    const local = admit(store, limits, { tokens: 10, usd: 0, free: true }, noon);
    store.settle(local, { tokens: 10, usd: 0 }, noon);
    expect(store.usage('ci', noon)).toMatchObject({ usdToday: 0, usdThisMonth: 0 });
  });

  it('starts a new day and month at UTC midnight; a request settled after it counts for the day it started', () => {
    const store = new MemoryLimitStore();
    const limits = { usdPerDay: 1, usdPerMonth: 10 };
    const lastMinute = Date.UTC(2026, 6, 31, 23, 59, 59);
    const reservation = admit(store, limits, paid(10, 0.5), lastMinute);
    store.settle(reservation, { tokens: 10, usd: 2 }, lastMinute + 2000);
    // August 1st: nothing spent today, nothing this month.
    expect(store.usage('ci', lastMinute + 2000)).toMatchObject({
      usdToday: 0,
      usdThisMonth: 0,
      usdReserved: 0,
    });

    const july30 = Date.UTC(2026, 6, 30, 23, 59, 59);
    const other = new MemoryLimitStore();
    other.settle(admit(other, limits, paid(10, 0.5), july30), { tokens: 10, usd: 2 }, july30 + 2000);
    expect(other.usage('ci', july30 + 2000)).toMatchObject({ usdToday: 0, usdThisMonth: 2 });
  });

  it('starts from the spend it is seeded with', () => {
    const store = new MemoryLimitStore();
    store.seedSpend('ci', { day: '2026-07-24', usdToday: 0.02, month: '2026-07', usdThisMonth: 3 });
    expect(store.usage('ci', noon)).toMatchObject({ usdToday: 0.02, usdThisMonth: 3 });
    expect(store.reserve('ci', paid(1, 0.001), { usdPerDay: 0.01 }, noon).admitted).toBe(false);
    expect(store.reserve('ci', paid(1, 0.001), { usdPerMonth: 3 }, noon).admitted).toBe(false);
    expect(store.reserve('ci', paid(1, 0.001), { usdPerMonth: 3.5 }, noon).admitted).toBe(true);
  });
});
