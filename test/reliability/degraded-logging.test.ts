import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GATEWAY_KEY } from '../helpers/gateway-harness';
import { createFullDisk, type FullDisk } from './full-disk';
import { startReliabilityGateway, type ReliabilityGateway } from './reliability-gateway';

// The disk fills up (or the database turns read-only) while the gateway runs: requests keep being served,
// /health and /admin/status say logging is degraded, and once there is room again the gateway writes the
// rows it kept in memory by itself. Nothing answered is lost.

interface Status {
  logging: {
    state: string;
    lastError: string | null;
    degradedSince: string | null;
    pending: number;
    dropped: number;
  };
}

function clients(running: ReliabilityGateway) {
  return {
    openai: new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${running.url}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: GATEWAY_KEY, baseURL: running.url, maxRetries: 0 }),
    admin: async (pathAndQuery: string) =>
      fetch(`${running.url}${pathAndQuery}`, {
        headers: { authorization: `Bearer ${running.gateway.adminToken}` },
      }),
  };
}

/** One of each kind of call; returns the request ids, after asserting each was served. */
async function mixedCalls(running: ReliabilityGateway, tag: string): Promise<string[]> {
  const { openai, anthropic } = clients(running);
  const ids: string[] = [];
  const chat = await openai.chat.completions
    .create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: `${tag} ${'x'.repeat(30_000)}` }],
    })
    .withResponse();
  expect(chat.data.choices[0]?.message.content).toBe('tolerant answer');
  ids.push(chat.response.headers.get('x-gatehouse-request-id')!);
  const stream = await openai.chat.completions
    .create({ model: 'anthropic/claude-haiku-4-5', messages: [{ role: 'user', content: tag }], stream: true })
    .withResponse();
  let streamed = '';
  for await (const chunk of stream.data) streamed += chunk.choices[0]?.delta.content ?? '';
  expect(streamed).toBe('tolerant answer');
  ids.push(stream.response.headers.get('x-gatehouse-request-id')!);
  const message = await anthropic.messages
    .create({ model: 'gemini/gemini-2.5-flash', max_tokens: 16, messages: [{ role: 'user', content: tag }] })
    .withResponse();
  expect(message.data.content[0]).toMatchObject({ type: 'text', text: 'tolerant answer' });
  ids.push(message.response.headers.get('x-gatehouse-request-id')!);
  // The response cache writes to the same full database: the answer must not depend on it.
  const cached = await openai.chat.completions
    .create(
      { model: 'compat/local-model', messages: [{ role: 'user', content: tag }] },
      { headers: { 'x-gatehouse-cache': 'on' } },
    )
    .withResponse();
  expect(cached.data.choices[0]?.message.content).toBe('tolerant answer');
  ids.push(cached.response.headers.get('x-gatehouse-request-id')!);
  return ids;
}

async function health(running: ReliabilityGateway): Promise<string> {
  const response = await fetch(`${running.url}/health`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { logging: string }).logging;
}

async function status(running: ReliabilityGateway): Promise<Status> {
  const response = await clients(running).admin('/admin/status');
  expect(response.status).toBe(200);
  return (await response.json()) as Status;
}

async function expectLogged(running: ReliabilityGateway, ids: string[]): Promise<void> {
  const { admin } = clients(running);
  const missing: string[] = [];
  for (const id of ids) if ((await admin(`/admin/logs/${id}`)).status !== 200) missing.push(id);
  expect(missing, 'requests answered but not in the log').toEqual([]);
}

describe('a full disk: degraded, not down', () => {
  let disk: FullDisk;
  let running: ReliabilityGateway;
  beforeAll(async () => {
    disk = createFullDisk();
    running = await startReliabilityGateway({}, { dataDir: disk.dataDir });
  });
  afterAll(async () => {
    await running?.stop();
    disk?.cleanup();
  });

  it(`keeps proxying, reports logging degraded, and catches up when space returns`, async () => {
    const ids = await mixedCalls(running, 'before');
    expect(await health(running)).toBe('ok');

    disk.fill(running.gateway);
    // The disk is full; the next log writes that need space fail. Requests go on being served throughout.
    for (let round = 0; round < 100 && (await health(running)) === 'ok'; round += 1) {
      ids.push(...(await mixedCalls(running, `filling ${round}`)));
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(await health(running), `logging never noticed the full disk (${disk.mechanism})`).toBe('degraded');

    ids.push(...(await mixedCalls(running, 'while full')));
    const degraded = await status(running);
    expect(degraded.logging.state).toBe('degraded');
    expect(degraded.logging.lastError).toMatch(/full/i);
    expect(degraded.logging.degradedSince).not.toBeNull();
    expect(degraded.logging.pending).toBeGreaterThan(0);
    // Reading the log still works while writing does not.
    expect((await clients(running).admin('/admin/logs?limit=5')).status).toBe(200);

    disk.free(running.gateway);
    await vi.waitFor(
      async () => {
        expect(await health(running)).toBe('ok');
        expect((await status(running)).logging.pending).toBe(0);
      },
      { timeout: 10_000, interval: 100 },
    );
    const recovered = await status(running);
    expect(recovered.logging).toMatchObject({
      state: 'ok',
      lastError: null,
      degradedSince: null,
      dropped: 0,
    });
    await expectLogged(running, ids);
    ids.push(...(await mixedCalls(running, 'after')));
    running.gateway.services.logWriter.flush();
    await expectLogged(running, ids);
    expect(running.gateway.services.logWriter.database.pragma('integrity_check', { simple: true })).toBe(
      'ok',
    );
  });
});

describe('a database that turns read-only: degraded, not down', () => {
  let running: ReliabilityGateway;
  beforeAll(async () => {
    running = await startReliabilityGateway();
  });
  afterAll(async () => running?.stop());

  // A read-only remount is refused while the file is open, and chmod does not stop root; `query_only`
  // makes SQLite itself refuse every write with SQLITE_READONLY, as a read-only file would.
  it('keeps proxying, reports degraded, and recovers when writes are allowed again', async () => {
    const ids = await mixedCalls(running, 'before');
    const db = running.gateway.services.logWriter.database;
    db.pragma('query_only = 1');
    ids.push(...(await mixedCalls(running, 'read-only')));
    await vi.waitFor(async () => expect(await health(running)).toBe('degraded'), { timeout: 5000 });
    ids.push(...(await mixedCalls(running, 'still read-only')));
    expect((await status(running)).logging.lastError).toMatch(/readonly/i);

    db.pragma('query_only = 0');
    await vi.waitFor(async () => expect(await health(running)).toBe('ok'), { timeout: 5000, interval: 100 });
    await vi.waitFor(async () => expect((await status(running)).logging.pending).toBe(0), { timeout: 5000 });
    await expectLogged(running, ids);
  });
});
