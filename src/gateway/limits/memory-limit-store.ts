import type { KeyLimits } from '../../shared/schemas/gateway-config';
import type {
  KeyUsage,
  LimitDenial,
  LimitStore,
  Reservation,
  ReservationRequest,
  ReserveResult,
  SpendSnapshot,
} from './limit-store';
import { SlidingWindow } from './sliding-window';
import { MINUTE_MS, startOfNextUtcDay, startOfNextUtcMonth, utcDay, utcMonth } from './utc-periods';

/** Spend of one UTC day or month: finished requests plus estimates of running ones. */
interface PeriodSpend {
  period: string;
  settled: number;
  reserved: number;
  /** Running requests holding a reservation here; at 0, `reserved` is reset to exactly 0 (no float drift). */
  holds: number;
}

interface KeyCounters {
  /** Admitted requests of the last 60 s, oldest first. */
  window: SlidingWindow;
  day: PeriodSpend;
  month: PeriodSpend;
}

/**
 * Counters in this process's memory. Requests and tokens use a sliding 60-second window (a log of admitted
 * requests), so no burst at a window edge doubles a limit. reserve() is synchronous: the check and the add
 * happen in one turn of the event loop, which makes limits exact under any concurrency.
 */
export class MemoryLimitStore implements LimitStore {
  private readonly keys = new Map<string, KeyCounters>();
  /** Running reservations, by id: where each sits in its key's window. */
  private readonly running = new Map<string, number>();
  private sequence = 0;

  reserve(keyName: string, request: ReservationRequest, limits: KeyLimits, now: number): ReserveResult {
    const counters = this.counters(keyName, now);
    const denials = check(counters, request, limits, now);
    if (denials.length > 0) return { admitted: false, denials };

    const usd = request.free ? 0 : request.usd;
    const position = counters.window.push(now, request.tokens);
    hold(counters.day, usd);
    hold(counters.month, usd);
    this.sequence += 1;
    const reservation: Reservation = {
      id: `${keyName}#${this.sequence}`,
      keyName,
      time: now,
      tokens: request.tokens,
      usd,
      day: counters.day.period,
      month: counters.month.period,
    };
    this.running.set(reservation.id, position);
    return { admitted: true, reservation };
  }

  settle(reservation: Reservation, actual: { tokens: number; usd: number }, now: number): void {
    const position = this.running.get(reservation.id);
    if (position === undefined) return;
    this.running.delete(reservation.id);
    const counters = this.counters(reservation.keyName, now);
    // A request that already slid out of the window no longer counts there, whatever it used.
    counters.window.settle(position, actual.tokens);
    // After a rollover the request belongs to the old day (the log dates it by its start): the new one is untouched.
    release(counters.day, reservation.day, reservation.usd, actual.usd);
    release(counters.month, reservation.month, reservation.usd, actual.usd);
  }

  usage(keyName: string, now: number): KeyUsage {
    const counters = this.counters(keyName, now);
    return {
      requestsThisMinute: counters.window.length,
      tokensThisMinute: counters.window.tokenTotal,
      usdToday: counters.day.settled,
      usdThisMonth: counters.month.settled,
      usdReserved: counters.day.reserved,
    };
  }

  seedSpend(keyName: string, spend: SpendSnapshot): void {
    let counters = this.keys.get(keyName);
    if (!counters) {
      counters = newCounters(spend.day, spend.month);
      this.keys.set(keyName, counters);
    }
    counters.day = seeded(counters.day, spend.day, spend.usdToday);
    counters.month = seeded(counters.month, spend.month, spend.usdThisMonth);
  }

  /** The key's counters with the window slid to `now` and the day and month rolled over if they ended. */
  private counters(keyName: string, now: number): KeyCounters {
    let counters = this.keys.get(keyName);
    if (!counters) {
      counters = newCounters(utcDay(now), utcMonth(now));
      this.keys.set(keyName, counters);
    }
    counters.window.expire(now);
    const day = utcDay(now);
    if (counters.day.period !== day) counters.day = emptySpend(day);
    const month = utcMonth(now);
    if (counters.month.period !== month) counters.month = emptySpend(month);
    return counters;
  }
}

/**
 * A request is admitted while every limit still has room: while fewer than requestsPerMinute were admitted in
 * the last 60 s, and while the tokens and spend already committed (finished + running) are below their limits.
 * So the last request admitted may end above a token or USD limit, by at most its own size.
 */
function check(
  counters: KeyCounters,
  request: ReservationRequest,
  limits: KeyLimits,
  now: number,
): LimitDenial[] {
  const denials: LimitDenial[] = [];
  const { window } = counters;
  const rpm = limits.requestsPerMinute;
  if (rpm !== undefined && window.length >= rpm) {
    // Room opens when the request at this position slides out of the window.
    const freeing = window.timeAt(window.length - rpm);
    denials.push({
      limit: 'requestsPerMinute',
      value: rpm,
      used: window.length,
      retryAfterMs: freeing + MINUTE_MS - now,
    });
  }
  const tpm = limits.tokensPerMinute;
  if (tpm !== undefined && window.tokenTotal >= tpm) {
    let remaining = window.tokenTotal;
    let retryAfterMs = MINUTE_MS;
    for (let offset = 0; offset < window.length; offset += 1) {
      remaining -= window.tokensAt(offset);
      if (remaining < tpm) {
        retryAfterMs = window.timeAt(offset) + MINUTE_MS - now;
        break;
      }
    }
    denials.push({ limit: 'tokensPerMinute', value: tpm, used: window.tokenTotal, retryAfterMs });
  }
  if (!request.free) {
    const day = counters.day.settled + counters.day.reserved;
    if (limits.usdPerDay !== undefined && day >= limits.usdPerDay) {
      denials.push({
        limit: 'usdPerDay',
        value: limits.usdPerDay,
        used: day,
        retryAfterMs: startOfNextUtcDay(now) - now,
      });
    }
    const month = counters.month.settled + counters.month.reserved;
    if (limits.usdPerMonth !== undefined && month >= limits.usdPerMonth) {
      denials.push({
        limit: 'usdPerMonth',
        value: limits.usdPerMonth,
        used: month,
        retryAfterMs: startOfNextUtcMonth(now) - now,
      });
    }
  }
  return denials;
}

function hold(spend: PeriodSpend, usd: number): void {
  spend.reserved += usd;
  spend.holds += 1;
}

function release(spend: PeriodSpend, period: string, reservedUsd: number, actualUsd: number): void {
  if (spend.period !== period) return;
  spend.holds -= 1;
  spend.reserved = spend.holds > 0 ? Math.max(0, spend.reserved - reservedUsd) : 0;
  spend.settled += actualUsd;
}

function newCounters(day: string, month: string): KeyCounters {
  return { window: new SlidingWindow(), day: emptySpend(day), month: emptySpend(month) };
}

function emptySpend(period: string): PeriodSpend {
  return { period, settled: 0, reserved: 0, holds: 0 };
}

function seeded(current: PeriodSpend, period: string, usd: number): PeriodSpend {
  return current.period === period
    ? { ...current, settled: usd }
    : { period, settled: usd, reserved: 0, holds: 0 };
}
