import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Anthropic from '@anthropic-ai/sdk';
import type Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../src/gateway/cache/cache-store';
import { ResponseCache } from '../../../src/gateway/cache/response-cache';
import { SqliteCacheStore } from '../../../src/gateway/cache/sqlite-cache-store';
import { LogEntry } from '../../../src/gateway/logs/log-entry';
import { formatSseEvent, SSE_HEADERS } from '../../../src/gateway/sse/sse-writer';
import { openDatabase } from '../../../src/gateway/storage/database';
import type { LogRecord } from '../../../src/shared/schemas/log-record';
import { chatChunks, chatCompletion } from '../../helpers/mock-openai';
import { temporaryFolder } from '../storage/make-log-record';

const WIRE = path.resolve(__dirname, '../../../../shared/fixtures/provider-wire');
const ANTHROPIC_EVENTS: RecordedEvent[] = fs
  .readFileSync(path.join(WIRE, 'anthropic/anthropic-text.chunks.txt'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => ({ event: (JSON.parse(line) as { type: string }).type, data: line }));
const OPENAI_EVENTS: RecordedEvent[] = [...chatChunks(['Hel', 'lo', '!']), '[DONE]'].map((data) => ({
  data,
}));

/**
 * Stands in for the dispatcher: exactly the calls docs/limits-and-cache.md asks of it, around an "upstream"
 * that streams the given events with a pause between each. Each request's log record is kept.
 */
function miniGateway(cache: ResponseCache) {
  const state = { dispatches: 0, breakStream: false, records: [] as LogRecord[] };
  const app: FastifyInstance = Fastify();
  for (const [url, events] of [
    ['/v1/chat/completions', OPENAI_EVENTS],
    ['/v1/messages', ANTHROPIC_EVENTS],
  ] as const) {
    app.post(url, async (request, reply) => {
      const entry = new LogEntry(request.id, url);
      reply.raw.once('close', () => {
        const record = entry.toRecord(
          reply.raw.statusCode,
          !reply.raw.writableFinished,
          entry.cacheHit ? 0 : 0.01,
        );
        state.records.push(record);
        entry.emitFinish(record);
      });
      const body = request.body as Record<string, unknown>;
      const routeCache = body.model === 'cached-route' ? { ttlSeconds: 60 } : null;
      const target = { providerId: 'mock', model: 'model-1' };
      const cached = await cache.lookup(
        { endpoint: url, headers: request.headers, body, routeCache },
        target,
      );
      if (cached?.answer) return cache.replay(reply, entry, cached.answer);
      const recorder = cached && cache.recorder(reply, entry, cached);

      state.dispatches += 1;
      entry.usage = { inputTokens: 9, outputTokens: 3, cachedTokens: null };
      if (body.stream !== true) {
        const text = JSON.stringify(chatCompletion(`answer ${state.dispatches}`));
        recorder?.json(text);
        return reply.code(200).header('content-type', 'application/json').send(text);
      }
      const out = new PassThrough();
      void (async () => {
        for (const event of events) {
          out.write(formatSseEvent(event.data, event.event));
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        if (state.breakStream) {
          entry.streamError = 'Stream broke: upstream reset';
          out.end(formatSseEvent('{"error":{"message":"upstream reset"}}'));
        } else out.end();
      })();
      return reply
        .code(200)
        .headers(SSE_HEADERS)
        .send(recorder ? recorder.stream(out) : out);
    });
  }
  return { app, state };
}

describe('response cache around a dispatcher', () => {
  let db: Database.Database;
  let gateway: ReturnType<typeof miniGateway>;
  let url: string;
  let now = Date.UTC(2026, 6, 24, 12);
  const on = { 'x-gatehouse-cache': 'on' };

  beforeAll(async () => {
    db = openDatabase(path.join(temporaryFolder(), 'gatehouse.db'));
    gateway = miniGateway(new ResponseCache(new SqliteCacheStore(db), { clock: () => now }));
    url = await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await gateway.app.close();
    db.close();
  });
  beforeEach(() => {
    gateway.state.breakStream = false;
  });

  const post = async (route: string, body: unknown, headers: Record<string, string> = on) => {
    const response = await fetch(`${url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      cache: response.headers.get('x-gatehouse-cache'),
      text: await response.text(),
    };
  };
  const lastRecord = () => gateway.state.records.at(-1)!;

  it('replays a cached OpenAI stream with the same events, byte for byte, and logs the hit at cost 0', async () => {
    const body = { model: 'mock/model-1', stream: true, messages: [{ role: 'user', content: 'stream me' }] };
    const first = await post('/v1/chat/completions', body);
    expect(first.cache).toBe('miss');
    const dispatches = gateway.state.dispatches;

    const second = await post('/v1/chat/completions', body);
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(lastRecord()).toMatchObject({
      cacheHit: true,
      costUsd: 0,
      stream: true,
      inputTokens: 9,
      outputTokens: 3,
    });

    const client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0, defaultHeaders: on });
    const stream = await client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsStreaming);
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual(OPENAI_EVENTS.slice(0, -1).map((event) => JSON.parse(event.data)));
    expect(gateway.state.dispatches).toBe(dispatches);
  });

  it('replays a cached Anthropic stream with the same named events', async () => {
    const client = new Anthropic({ apiKey: 'unused', baseURL: url, maxRetries: 0, defaultHeaders: on });
    const request = {
      model: 'mock/model-1',
      max_tokens: 64,
      stream: true as const,
      messages: [{ role: 'user' as const, content: 'Hi' }],
    };
    const collect = async () => {
      const events: unknown[] = [];
      for await (const event of await client.messages.create(request)) events.push(event);
      return events;
    };
    const original = await collect();
    const dispatches = gateway.state.dispatches;
    const replayed = await collect();
    expect(replayed).toEqual(original);
    // The SDK hides ping events; the byte comparison below covers them.
    expect(replayed.map((event) => (event as { type: string }).type)).toEqual(
      ANTHROPIC_EVENTS.map((event) => event.event).filter((name) => name !== 'ping'),
    );
    expect(gateway.state.dispatches).toBe(dispatches);
    expect((await post('/v1/messages', request)).text).toBe(
      ANTHROPIC_EVENTS.map((event) => formatSseEvent(event.data, event.event)).join(''),
    );
  });

  it('hits only an identical request: another sampling parameter misses', async () => {
    const body = {
      model: 'mock/model-1',
      temperature: 0,
      messages: [{ role: 'user', content: 'json please' }],
    };
    const first = await post('/v1/chat/completions', body);
    expect((await post('/v1/chat/completions', body)).text).toBe(first.text);
    const warmer = await post('/v1/chat/completions', { ...body, temperature: 0.7 });
    expect(warmer.cache).toBe('miss');
    expect(warmer.text).not.toBe(first.text);
  });

  it('follows the header: off bypasses, refresh replaces, no header on a plain model does nothing', async () => {
    const body = { model: 'mock/model-1', messages: [{ role: 'user', content: 'policy' }] };
    const stored = await post('/v1/chat/completions', body);
    const dispatches = gateway.state.dispatches;
    const off = await post('/v1/chat/completions', body, { 'x-gatehouse-cache': 'off' });
    const none = await post('/v1/chat/completions', body, {});
    expect([off.cache, none.cache]).toEqual([null, null]);
    expect(gateway.state.dispatches).toBe(dispatches + 2);

    const refreshed = await post('/v1/chat/completions', body, { 'x-gatehouse-cache': 'Refresh' });
    expect(refreshed.cache).toBe('refresh');
    expect(refreshed.text).not.toBe(stored.text);
    expect((await post('/v1/chat/completions', body)).text).toBe(refreshed.text);

    const bad = await post('/v1/chat/completions', body, { 'x-gatehouse-cache': 'maybe' });
    expect(bad.status).toBe(400);
  });

  it('caches a route that opts in without any header, until its TTL is over', async () => {
    const body = { model: 'cached-route', messages: [{ role: 'user', content: 'route' }] };
    const first = await post('/v1/chat/completions', body, {});
    expect((await post('/v1/chat/completions', body, {})).cache).toBe('hit');
    now += 61_000;
    const expired = await post('/v1/chat/completions', body, {});
    expect(expired.cache).toBe('miss');
    expect(expired.text).not.toBe(first.text);
  });

  it('does not store a stream that broke', async () => {
    gateway.state.breakStream = true;
    const body = { model: 'mock/model-1', stream: true, messages: [{ role: 'user', content: 'fragile' }] };
    await post('/v1/chat/completions', body);
    expect(lastRecord()).toMatchObject({ outcome: 'error', cacheHit: false });
    gateway.state.breakStream = false;
    expect((await post('/v1/chat/completions', body)).cache).toBe('miss');
    expect((await post('/v1/chat/completions', body)).cache).toBe('hit');
  });
});
