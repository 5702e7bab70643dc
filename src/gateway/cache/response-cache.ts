import { pipeline, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { LogRecord } from '../../shared/schemas/log-record';
import { truncateBody, type LogEntry } from '../logs/log-entry';
import { formatSseEvent, SSE_HEADERS } from '../sse/sse-writer';
import { cacheKey } from './cache-key';
import { CACHE_HEADER, decideCache, type CacheDecision, type RouteCacheSettings } from './cache-policy';
import type { CachedAnswer, CachedBody, CacheStore } from './cache-store';
import { replayEvents, StreamRecorder } from './stream-recording';

export interface ResponseCacheOptions {
  /** Answers larger than this are sent but not stored. */
  maxEntryBytes?: number;
  /** Bodies in the log are cut at this size (server.logBodyMaxBytes). */
  logBodyMaxBytes?: number;
  clock?: () => number;
}

/** The request as the dispatcher sees it, for one target. */
export interface CacheRequest {
  /** The inbound route, e.g. /v1/chat/completions. */
  endpoint: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body as it goes to the target: per-target params applied; the model name is ignored. */
  body: Record<string, unknown>;
  /** The route's `cache` setting when `model` named a route that has one. */
  routeCache?: RouteCacheSettings | null;
}

export interface CacheTarget {
  providerId: string;
  /** The provider's own model name. */
  model: string;
}

/** The cache's part in one request; null from lookup() means the cache is not in play. */
export interface CacheLookup {
  key: string;
  decision: CacheDecision;
  /** A fresh stored answer to replay, or null (a miss, or `refresh`). */
  answer: CachedAnswer | null;
}

/** Records what the caller receives; the answer is stored only if the request then finishes ok. */
export interface AnswerRecorder {
  /** The JSON body sent to the caller. */
  json(text: string): void;
  /** Pipes the SSE stream for the caller through a recorder; send the returned stream instead. */
  stream(source: Readable): Readable;
}

const PURGE_EVERY_MS = 60_000;

/**
 * The response cache as the dispatcher uses it, per target, before and after dispatch:
 *
 *   const cached = await cache.lookup({ endpoint, headers, body, routeCache }, { providerId, model });
 *   if (cached?.answer) return cache.replay(reply, entry, cached.answer);
 *   const recorder = cached && cache.recorder(reply, entry, cached);
 *   // JSON: recorder?.json(text) before sending text;
 *   // SSE:  reply.send(recorder ? recorder.stream(out) : out)
 *
 * Nothing is stored unless the request's log record ends `ok` with status 200.
 */
export class ResponseCache {
  private readonly maxEntryBytes: number;
  private readonly logBodyMaxBytes: number;
  private readonly clock: () => number;
  private lastPurge = 0;

  constructor(
    readonly store: CacheStore,
    options: ResponseCacheOptions = {},
  ) {
    this.maxEntryBytes = options.maxEntryBytes ?? 8 * 1024 * 1024;
    this.logBodyMaxBytes = options.logBodyMaxBytes ?? 64 * 1024;
    this.clock = options.clock ?? Date.now;
  }

  /** Decides the policy (400 for a bad x-gatehouse-cache header), computes the key, looks the answer up. */
  async lookup(request: CacheRequest, target: CacheTarget): Promise<CacheLookup | null> {
    const decision = decideCache(request.headers[CACHE_HEADER], request.routeCache);
    if (!decision) return null;
    const key = cacheKey({
      endpoint: request.endpoint,
      providerId: target.providerId,
      model: target.model,
      body: request.body,
    });
    const now = this.clock();
    if (now - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now;
      await Promise.resolve(this.store.purgeExpired(now)).catch(() => undefined);
    }
    const answer = decision.lookup ? await this.read(key, now) : null;
    return { key, decision, answer: answer ?? null };
  }

  /** Sends a stored answer as the original was sent; the log row says cache hit, cost 0. */
  replay(reply: FastifyReply, entry: LogEntry, answer: CachedAnswer): FastifyReply {
    entry.cacheHit = true;
    entry.usage = { ...answer.usage };
    entry.stream = answer.kind === 'sse';
    entry.markFirstByte();
    reply.header(CACHE_HEADER, 'hit');
    if (answer.kind === 'json') {
      entry.responseBody = truncateBody(answer.body, this.logBodyMaxBytes);
      return reply.code(200).header('content-type', 'application/json').send(answer.body);
    }
    const text = answer.events.map((event) => formatSseEvent(event.data, event.event)).join('');
    entry.responseBody = truncateBody(text, this.logBodyMaxBytes);
    return reply.code(200).headers(SSE_HEADERS).send(replayEvents(answer.events));
  }

  recorder(reply: FastifyReply, entry: LogEntry, lookup: CacheLookup): AnswerRecorder {
    reply.header(CACHE_HEADER, lookup.decision.lookup ? 'miss' : 'refresh');
    let body: CachedBody | null = null;
    let streamRecorder: StreamRecorder | null = null;
    if (lookup.decision.store) {
      entry.onFinish((record) => {
        if (streamRecorder) body = streamBody(streamRecorder);
        if (body && succeeded(record)) this.write(lookup, body, record);
      });
    }
    return {
      json: (text) => {
        if (Buffer.byteLength(text, 'utf8') <= this.maxEntryBytes) body = { kind: 'json', body: text };
      },
      stream: (source) => {
        streamRecorder = new StreamRecorder(this.maxEntryBytes);
        // pipeline, not pipe: a source destroyed half-way must not leave the caller's stream hanging.
        return pipeline(source, streamRecorder, () => undefined);
      },
    };
  }

  private async read(key: string, now: number): Promise<CachedAnswer | undefined> {
    try {
      return await this.store.get(key, now);
    } catch {
      return undefined; // A broken cache must not fail the request: treat it as a miss.
    }
  }

  private write(lookup: CacheLookup, body: CachedBody, record: LogRecord): void {
    const now = this.clock();
    const answer: CachedAnswer = {
      ...body,
      usage: {
        inputTokens: record.inputTokens,
        outputTokens: record.outputTokens,
        cachedTokens: record.cachedTokens,
      },
      createdAt: now,
      expiresAt: now + lookup.decision.ttlSeconds * 1000,
    };
    void Promise.resolve()
      .then(() => this.store.set(lookup.key, answer))
      .catch(() => undefined);
  }
}

function streamBody(recorder: StreamRecorder): CachedBody | null {
  return recorder.complete && !recorder.overflowed ? { kind: 'sse', events: [...recorder.events] } : null;
}

function succeeded(record: LogRecord): boolean {
  return record.outcome === 'ok' && record.status === 200 && record.cacheHit !== true;
}
