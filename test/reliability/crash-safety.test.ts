import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/gateway/start-gateway';
import { startServe, type ServeProcess } from '../helpers/cli-process';
import { GATEWAY_KEY, PROVIDER_KEY, tempDir } from '../helpers/gateway-harness';
import { TolerantUpstream } from './tolerant-upstream';

// `gatehouse serve` killed under load: the database survives intact, and every request answered more than
// one flush window before the kill is in the log. SIGTERM under mixed load loses nothing at all.
// (test/cli/serve.test.ts covers SIGTERM with slow requests in flight; this covers a mixed, unending load.)

/** The promise docs/reliability.md makes: a row is on disk at most this long after its answer went out. */
const FLUSH_WINDOW_MS = 100;
const env = { UPSTREAM_KEY: PROVIDER_KEY, CRASH_GATEWAY_KEY: GATEWAY_KEY };

interface Answer {
  id: string | null;
  status: number;
  /** performance.now() when the caller had the whole answer. */
  answeredAt: number;
  kind: string;
}

const calls = [
  {
    kind: 'chat',
    path: '/v1/chat/completions',
    body: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    kind: 'stream',
    path: '/v1/chat/completions',
    body: { model: 'anthropic/claude-haiku-4-5', stream: true, messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    kind: 'messages',
    path: '/v1/messages',
    body: { model: 'openai/gpt-4o-mini', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
  },
  { kind: 'bad-request', path: '/v1/chat/completions', body: { model: 'openai/gpt-4o-mini' } },
];

/** Callers that keep sending until told to stop or the gateway stops answering. */
function driveLoad(url: string, workers: number) {
  const answers: Answer[] = [];
  let stopped = false;
  let sent = 0;
  const run = async (worker: number) => {
    for (let index = 0; !stopped && index < 100_000; index += 1) {
      const call = calls[(worker + index) % calls.length]!;
      sent += 1;
      try {
        const response = await fetch(`${url}${call.path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(call.body),
        });
        await response.text();
        answers.push({
          id: response.headers.get('x-gatehouse-request-id'),
          status: response.status,
          answeredAt: performance.now(),
          kind: call.kind,
        });
      } catch {
        return; // The gateway is gone.
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, worker) => run(worker)));
  return {
    answers,
    sent: () => sent,
    stop: async () => {
      stopped = true;
      await done;
    },
    done,
  };
}

function loggedIds(dataDir: string): { ids: Set<string>; integrity: unknown } {
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const ids = new Set(db.prepare('SELECT id FROM logs').pluck().all() as string[]);
    return { ids, integrity };
  } finally {
    db.close();
  }
}

describe('crash safety of gatehouse serve', () => {
  let upstream: TolerantUpstream;
  let configFile: string;
  beforeAll(async () => {
    upstream = await new TolerantUpstream().start();
    const dir = tempDir('gatehouse-crash-');
    configFile = path.join(dir, 'gatehouse.yaml');
    fs.writeFileSync(
      configFile,
      [
        'providers:',
        '  - id: openai',
        '    type: openai',
        `    baseUrl: ${upstream.origin}/openai/v1`,
        '    apiKey: env:UPSTREAM_KEY',
        '  - id: anthropic',
        '    type: anthropic',
        `    baseUrl: ${upstream.origin}/anthropic/v1`,
        '    apiKey: env:UPSTREAM_KEY',
        'keys:',
        '  - name: crash',
        '    key: env:CRASH_GATEWAY_KEY',
      ].join('\n'),
    );
  });
  afterAll(async () => upstream?.stop());

  const serve = (dataDir: string) =>
    startServe(['--config', configFile, '--port', '0', '--data-dir', dataDir], env);

  it(`SIGKILL under load: integrity ok, every answer older than ${FLUSH_WINDOW_MS} ms is logged, restart works`, async () => {
    const dataDir = path.join(tempDir('gatehouse-crash-data-'), 'data');
    const served = await serve(dataDir);
    const load = driveLoad(served.url, 6);
    // Let the load run until plenty has been answered (bounded in time either way).
    for (let wait = 0; wait < 100 && load.answers.length < 300; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const killedAt = performance.now();
    served.child.kill('SIGKILL');
    await served.exited;
    await load.stop();

    const settled = load.answers.filter((answer) => answer.answeredAt < killedAt - FLUSH_WINDOW_MS);
    expect(settled.length, 'enough requests were answered before the kill').toBeGreaterThan(100);
    expect(settled.every((answer) => answer.id !== null)).toBe(true);
    expect(new Set(settled.map((answer) => answer.kind))).toEqual(new Set(calls.map((call) => call.kind)));

    const { ids, integrity } = loggedIds(dataDir);
    expect(integrity).toBe('ok');
    const missing = settled.filter((answer) => !ids.has(answer.id!));
    expect(
      missing.map(
        (answer) =>
          `${answer.kind} ${answer.id} answered ${Math.round(killedAt - answer.answeredAt)} ms before the kill`,
      ),
    ).toEqual([]);

    // It starts again on the same data and serves.
    const again = await serve(dataDir);
    try {
      const response = await fetch(`${again.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${GATEWAY_KEY}` },
        body: JSON.stringify(calls[0]!.body),
      });
      expect(response.status).toBe(200);
      const sample = settled[settled.length - 1]!;
      const row = await fetch(`${again.url}/admin/logs/${sample.id}`, {
        headers: { authorization: `Bearer ${again.adminToken}` },
      });
      expect(row.status).toBe(200);
    } finally {
      await stopServe(again);
    }
  });

  it('SIGTERM under mixed load: every answered request is in the log, nothing hangs', async () => {
    const dataDir = path.join(tempDir('gatehouse-term-data-'), 'data');
    const served = await serve(dataDir);
    const load = driveLoad(served.url, 6);
    for (let wait = 0; wait < 100 && load.answers.length < 200; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    // Callers still sending are refused (connection closed or 503), not left waiting.
    await load.done;

    const answered = load.answers.filter((answer) => answer.id !== null);
    expect(answered.length).toBeGreaterThan(100);
    const { ids, integrity } = loggedIds(dataDir);
    expect(integrity).toBe('ok');
    expect(
      answered.filter((answer) => !ids.has(answer.id!)).map((answer) => `${answer.kind} ${answer.id}`),
    ).toEqual([]);
    // Answers without a request id are the refusals of a closing server: 503, never a success.
    for (const answer of load.answers.filter((item) => item.id === null)) expect(answer.status).toBe(503);
    expect(served.output()).not.toContain(PROVIDER_KEY);
  });
});

async function stopServe(served: ServeProcess): Promise<void> {
  served.child.kill('SIGTERM');
  await served.exited;
}
