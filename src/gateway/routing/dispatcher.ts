import type { FastifyReply } from 'fastify';
import { emptyUsage } from '../canonical/chat-model';
import { GatewayError, GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import { providerKeyRefs, type ModelTarget } from '../providers/provider-registry';
import { redactSecrets } from '../secrets/redact';
import { SecretResolver } from '../secrets/secret-store';
import { toGatewayError } from '../upstream/upstream-client';
import { orderTargets } from './attempt-planner';
import { lookupCached, type CacheableRequest } from './cached-answers';
import { classifyFailure } from './failure-kind';
import type { AttemptRunner, PlannedTarget, PreparedAnswer, RequestPlan } from './request-plan';
import { parseRetryAfter, retryDelay } from './retry-policy';
import type { Routing } from './routing';
import type { CacheLookup } from '../cache/response-cache';

export interface DispatchOptions {
  /** Why this endpoint cannot use a target at all (e.g. it has no embeddings API); null when it can. */
  unsupported?(target: ModelTarget): GatewayError | null;
  /** The caller's request, for the response cache (looked up per target before it is tried). */
  cache?: CacheableRequest;
}

type Served =
  | { planned: PlannedTarget; answer: PreparedAnswer; cache: CacheLookup | null }
  | { planned: PlannedTarget; cached: CacheLookup & { answer: NonNullable<CacheLookup['answer']> } };

/**
 * Serves one request from its plan: orders the targets by the route's strategy, skips targets whose
 * circuit is open, tries each (retrying with backoff, rotating the provider's keys on 401/403) until one
 * answers, and records every try on the log entry. The first answer that is ready is sent; failures after
 * that (a stream breaking) are the stream's to report.
 */
export async function dispatch(
  services: GatewayServices,
  reply: FastifyReply,
  entry: LogEntry,
  plan: RequestPlan,
  run: AttemptRunner,
  options: DispatchOptions = {},
): Promise<FastifyReply> {
  const served = await new Dispatch(services, entry, plan, run).serve(options);
  if (plan.routeName !== null) reply.header('x-gatehouse-target', served.planned.key);
  if ('cached' in served) return services.responseCache.replay(reply, entry, served.cached.answer);
  const tap = served.cache ? services.responseCache.recorder(reply, entry, served.cache) : null;
  return served.answer.send(reply, tap);
}

/** Notes the request's model names on its log entry before anything can fail. */
export function notePlan(entry: LogEntry, plan: RequestPlan): void {
  entry.route = plan.routeName;
  const first = plan.targets[0];
  if (first) noteTarget(entry, first.target);
}

function noteTarget(entry: LogEntry, target: ModelTarget): void {
  entry.provider = target.provider.id;
  entry.model = target.model;
  entry.pricingKey = target.provider.preset.pricingKey;
  entry.free = target.provider.preset.local;
}

class Dispatch {
  private readonly routing: Routing;
  private readonly deadlineAt: number;
  /** Breakers apply to routes only: a `<provider>/<model>` the caller named is always tried. */
  private readonly guarded: boolean;
  private lastFailure: GatewayError | null = null;
  private readonly skipped: string[] = [];

  constructor(
    private readonly services: GatewayServices,
    private readonly entry: LogEntry,
    private readonly plan: RequestPlan,
    private readonly run: AttemptRunner,
  ) {
    this.routing = services.routing;
    this.guarded = plan.routeName !== null;
    this.deadlineAt = plan.deadlineMs === null ? Infinity : this.routing.clock.now() + plan.deadlineMs;
  }

  async serve(options: DispatchOptions): Promise<Served> {
    notePlan(this.entry, this.plan);
    const targets = this.plan.targets;
    // A plan of one target (a `<provider>/<model>`, an alias) has nothing to order.
    const ordered =
      targets.length < 2
        ? targets
        : orderTargets(this.plan.strategy, targets, {
            random: this.routing.random,
            averageLatency: (key) => this.routing.latency.average(key),
          });
    const servable = options.unsupported ? this.supported(ordered, options.unsupported) : ordered;
    for (const planned of servable) {
      if (this.outOfTime()) break;
      const lookup = options.cache
        ? lookupCached(this.services, this.entry, this.plan, planned, options.cache)
        : null;
      const cache = lookup === null ? null : await lookup;
      if (cache?.answer) {
        noteTarget(this.entry, planned.target);
        return { planned, cached: { ...cache, answer: cache.answer } };
      }
      const answer = await this.tryTarget(planned);
      if (answer) return { planned, answer, cache };
    }
    throw this.finalError();
  }

  /** The targets this endpoint can use; throws why not when it can use none. */
  private supported(
    ordered: readonly PlannedTarget[],
    unsupportedBy: NonNullable<DispatchOptions['unsupported']>,
  ): PlannedTarget[] {
    const servable: PlannedTarget[] = [];
    let unsupported: GatewayError | null = null;
    for (const planned of ordered) {
      const why = unsupportedBy(planned.target);
      if (why === null) servable.push(planned);
      else unsupported ??= why;
    }
    if (servable.length === 0 && unsupported !== null) throw unsupported;
    return servable;
  }

  /** Tries one target up to retry.attempts times; null moves on to the next target. */
  private async tryTarget(planned: PlannedTarget): Promise<PreparedAnswer | null> {
    const breakers = this.routing.breakers;
    for (let tryIndex = 0; tryIndex < this.plan.retry.attempts; tryIndex += 1) {
      if (tryIndex > 0 && !(await this.waitBeforeRetry(tryIndex - 1))) return null;
      if (this.outOfTime()) return null;
      if (this.guarded && !breakers.tryAcquire(planned.key)) {
        this.skipped.push(planned.key);
        return null;
      }
      let outcome: PreparedAnswer | GatewayError;
      try {
        outcome = await this.tryKeys(planned);
      } catch (error) {
        if (this.guarded) breakers.release(planned.key);
        throw error;
      }
      if (!(outcome instanceof GatewayError)) {
        breakers.recordSuccess(planned.key);
        return outcome;
      }
      const kind = classifyFailure(outcome);
      if (kind === 'retry') breakers.recordFailure(planned.key);
      else if (this.guarded) breakers.release(planned.key);
      if (kind === 'fatal') throw outcome;
      if (kind !== 'retry') return null;
    }
    return null;
  }

  /** One try of a target: the provider's keys in turn, moving to the next key when one is refused. */
  private async tryKeys(planned: PlannedTarget): Promise<PreparedAnswer | GatewayError> {
    const provider = planned.target.provider;
    const keys = this.routing.keys;
    const refs = keys.order(provider.id, providerKeyRefs(provider));
    let refused: GatewayError | null = null;
    const secrets = this.services.secrets;
    for (const ref of refs) {
      // Keys at hand (environment, keychain values read lately) are used without a wait.
      let apiKey = secrets.resolveNow(ref);
      if (apiKey === null) apiKey = await secrets.resolve(ref);
      if (apiKey === undefined) continue;
      const outcome = await this.attempt(planned, apiKey);
      if (!(outcome instanceof GatewayError)) {
        if (keys.isSetAside(provider.id, ref)) keys.restore(provider.id, ref);
        return outcome;
      }
      if (classifyFailure(outcome) !== 'rotate-key') return outcome;
      keys.setKeyAside(provider.id, ref, outcome.statusCode);
      refused = outcome;
    }
    if (refused) return refused;
    if (!provider.preset.requiresKey) return this.attempt(planned, undefined);
    const how = refs[0] ? SecretResolver.howToSupply(refs[0]) : 'give it an apiKey reference';
    const missing = GatewayErrors.providerKeyMissing(`Provider "${provider.id}" has no API key: ${how}`);
    this.lastFailure = missing;
    return missing;
  }

  /** One upstream call, bounded by the route's per-attempt timeout and what is left of its deadline. */
  private async attempt(
    planned: PlannedTarget,
    apiKey: string | undefined,
  ): Promise<PreparedAnswer | GatewayError> {
    const { target } = planned;
    const entry = this.entry;
    noteTarget(entry, target);
    // Only the attempt that answers may leave usage or a stream error behind.
    entry.usage = emptyUsage();
    entry.streamError = null;
    const limit = this.attemptLimit();
    // Without a time limit only the caller can abort: its signal serves as is (AbortSignal.any is not free).
    const controller = limit === null ? null : new AbortController();
    let timedOut = false;
    const timer =
      limit === null
        ? null
        : setTimeout(() => {
            timedOut = true;
            controller?.abort();
          }, limit.ms);
    const started = performance.now();
    try {
      const answer = await this.run({
        target,
        params: planned.params,
        apiKey,
        signal: controller
          ? AbortSignal.any([entry.upstreamAbort.signal, controller.signal])
          : entry.upstreamAbort,
      });
      const latencyMs = roundMs(performance.now() - started);
      entry.attempts.push({
        provider: target.provider.id,
        model: target.model,
        status: 200,
        latencyMs,
        error: null,
      });
      this.routing.latency.record(planned.key, latencyMs);
      return answer;
    } catch (caught) {
      if (entry.upstreamAbort.aborted) {
        throw GatewayErrors.upstreamUnreachable('The caller closed the connection', { cause: caught });
      }
      const error =
        timedOut && limit
          ? GatewayErrors.upstreamTimeout(
              `Upstream ${target.provider.id} did not answer within ${limit.ms} ms (${limit.reason})`,
            )
          : caught instanceof GatewayError
            ? caught
            : toGatewayError(caught, target.provider.baseUrl, this.services.settings.upstreamTimeoutMs);
      entry.attempts.push({
        provider: target.provider.id,
        model: target.model,
        status: error.statusCode,
        latencyMs: roundMs(performance.now() - started),
        // Upstreams sometimes echo credentials in their errors; the log never keeps them.
        error: redactSecrets(error.message, this.services.secrets.recentValues),
      });
      this.lastFailure = error;
      return error;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private attemptLimit(): { ms: number; reason: string } | null {
    const left = this.deadlineAt - this.routing.clock.now();
    const timeout = this.plan.timeoutMs;
    if (timeout !== null && timeout <= left) return { ms: timeout, reason: 'the route timeoutMs' };
    if (Number.isFinite(left)) return { ms: Math.max(0, left), reason: 'the route deadlineMs' };
    return null;
  }

  /** Waits before a retry; false when the wait is not worth making (too long, or past the deadline). */
  private async waitBeforeRetry(retryIndex: number): Promise<boolean> {
    const clock = this.routing.clock;
    const retryAfterMs = parseRetryAfter(this.lastFailure?.headers['retry-after'], clock.now());
    const wait = retryDelay(this.plan.retry, retryIndex, this.routing.random, retryAfterMs);
    if (wait === null || clock.now() + wait >= this.deadlineAt) return false;
    try {
      await clock.sleep(wait, this.entry.upstreamAbort.signal);
    } catch (error) {
      throw GatewayErrors.upstreamUnreachable('The caller closed the connection', { cause: error });
    }
    return true;
  }

  private outOfTime(): boolean {
    return this.routing.clock.now() >= this.deadlineAt;
  }

  private finalError(): GatewayError {
    if (this.lastFailure) return this.lastFailure;
    const route = this.plan.routeName ?? 'request';
    if (this.skipped.length > 0) {
      const waitMs = Math.min(...this.skipped.map((key) => this.routing.breakers.msUntilProbe(key)));
      return GatewayErrors.upstreamUnreachable(
        `Route "${route}": every target's circuit is open (${this.skipped.join(', ')}); the next probe is allowed in ${Math.ceil(waitMs / 1000)} s`,
        { statusCode: 503, headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) } },
      );
    }
    return GatewayErrors.upstreamTimeout(
      `Route "${route}" reached its deadline of ${this.plan.deadlineMs} ms`,
    );
  }
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
