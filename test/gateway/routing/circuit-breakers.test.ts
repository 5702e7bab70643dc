import { describe, expect, it } from 'vitest';
import { CircuitBreakers } from '../../../src/gateway/routing/circuit-breakers';
import { MemoryCircuitStore } from '../../../src/gateway/routing/circuit-store';

function breakers() {
  let now = 1_000_000;
  const subject = new CircuitBreakers(
    new MemoryCircuitStore(),
    { failureThreshold: 3, coolDownMs: 30_000 },
    () => now,
  );
  return { subject, advance: (ms: number) => (now += ms), now: () => now };
}

describe('circuit breakers', () => {
  it('open after N consecutive failures, and skip the target while cooling down', () => {
    const { subject, advance } = breakers();
    for (let failure = 0; failure < 2; failure += 1) {
      expect(subject.tryAcquire('a/m')).toBe(true);
      subject.recordFailure('a/m');
    }
    expect(subject.view('a/m')).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
    subject.recordFailure('a/m');
    expect(subject.view('a/m')).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    expect(subject.tryAcquire('a/m')).toBe(false);
    advance(29_999);
    expect(subject.tryAcquire('a/m')).toBe(false);
    expect(subject.msUntilProbe('a/m')).toBe(1);
  });

  it('a success in between resets the count', () => {
    const { subject } = breakers();
    subject.recordFailure('a/m');
    subject.recordFailure('a/m');
    subject.recordSuccess('a/m');
    subject.recordFailure('a/m');
    expect(subject.view('a/m')).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });

  it('after the cool-down, one probe goes through; a good probe closes the circuit', () => {
    const { subject, advance } = breakers();
    for (let failure = 0; failure < 3; failure += 1) subject.recordFailure('a/m');
    advance(30_000);
    expect(subject.view('a/m').state).toBe('half-open');
    expect(subject.tryAcquire('a/m')).toBe(true);
    // Only one probe at a time.
    expect(subject.tryAcquire('a/m')).toBe(false);
    subject.recordSuccess('a/m');
    expect(subject.view('a/m')).toEqual({
      target: 'a/m',
      state: 'closed',
      consecutiveFailures: 0,
      openedAt: null,
    });
    expect(subject.tryAcquire('a/m')).toBe(true);
  });

  it('a failed probe opens it again for another cool-down', () => {
    const { subject, advance, now } = breakers();
    for (let failure = 0; failure < 3; failure += 1) subject.recordFailure('a/m');
    advance(30_000);
    expect(subject.tryAcquire('a/m')).toBe(true);
    subject.recordFailure('a/m');
    expect(subject.view('a/m')).toMatchObject({ state: 'open', openedAt: now() });
    expect(subject.tryAcquire('a/m')).toBe(false);
  });

  it('a probe that said nothing about health (the request was invalid) frees the slot for another', () => {
    const { subject, advance } = breakers();
    for (let failure = 0; failure < 3; failure += 1) subject.recordFailure('a/m');
    advance(30_000);
    expect(subject.tryAcquire('a/m')).toBe(true);
    subject.release('a/m');
    expect(subject.tryAcquire('a/m')).toBe(true);
  });
});
