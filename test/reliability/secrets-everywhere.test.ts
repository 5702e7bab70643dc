import fs from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE, startGateway } from '../../src/gateway/start-gateway';
import { startServe, type ServeProcess } from '../helpers/cli-process';
import { GATEWAY_KEY, PROVIDER_KEY, tempDir } from '../helpers/gateway-harness';
import { EchoUpstream } from './echo-upstream';
import { rawHttp, rawRequestBytes } from './raw-http';
import { startReliabilityGateway } from './reliability-gateway';
import { concretePath, uniqueRoutes } from './route-collector';

// A planted provider key and gateway key, pushed through every flow of the reliability suite — hostile
// input, hostile upstreams that echo the key back, degraded logging, SIGKILL and restart — never show up in
// the database file, the log, any admin response, the config export or the process's own output.
// (test/gateway/secrets covers redaction of ordinary request logs; this is the cross-flow sweep.)

vi.mock('../../src/gateway/build-gateway', async (importOriginal) =>
  (await import('./route-collector')).collectingRoutes(await importOriginal()),
);

const SECRETS = [PROVIDER_KEY, GATEWAY_KEY];

function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) {
    expect(text.includes(secret), `${where} contains ${secret.slice(0, 8)}…`).toBe(false);
    // Also as it would look after base64 or JSON escaping of a slice.
    expect(text.includes(Buffer.from(secret).toString('base64')), `${where} (base64)`).toBe(false);
  }
}

function databaseBytes(dataDir: string): string {
  return [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]
    .map((name) => path.join(dataDir, name))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('planted secrets never leak, across every reliability flow', () => {
  let echo: EchoUpstream;
  let configFile: string;
  let dataDir: string;
  const outputs: string[] = [];

  beforeAll(async () => {
    echo = await new EchoUpstream().start();
    const dir = tempDir('gatehouse-secrets-');
    dataDir = path.join(dir, 'data');
    configFile = path.join(dir, 'gatehouse.yaml');
    fs.writeFileSync(
      configFile,
      [
        'server:',
        '  bodyLimitBytes: 262144',
        '  upstreamFirstByteTimeoutMs: 500',
        'providers:',
        '  - id: echo',
        '    type: openai',
        `    baseUrl: ${echo.url}`,
        '    apiKey: env:UPSTREAM_KEY',
        'keys:',
        '  - name: secrets',
        '    key: env:SECRETS_GATEWAY_KEY',
      ].join('\n'),
    );
    // The route list, from the same factory the serve process runs.
    const probe = await startGateway({ dataDir: tempDir(), port: 0, host: '127.0.0.1', config: {} });
    // The admin API's instance is built on its first request; build it to list its routes too.
    await probe.app.adminGateway();
    await probe.close();
  });
  afterAll(async () => echo?.stop());

  const env = { UPSTREAM_KEY: PROVIDER_KEY, SECRETS_GATEWAY_KEY: GATEWAY_KEY };
  const serve = () =>
    startServe(['--config', configFile, '--port', '0', '--data-dir', dataDir, '--log-level', 'debug'], env);

  async function drive(served: ServeProcess): Promise<string[]> {
    const openai = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${served.url}/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: GATEWAY_KEY, baseURL: served.url, maxRetries: 0 });
    const ids: string[] = [];
    const note = (headers: Headers | undefined | null) => {
      const id = headers?.get('x-gatehouse-request-id');
      if (id) ids.push(id);
    };
    const pasted = `my keys are ${PROVIDER_KEY} and ${GATEWAY_KEY}`;
    // Failures the gateway itself words (non-streamed upstream errors) never quote the provider key to the
    // caller; an upstream's own in-band stream error is relayed with known secrets redacted.
    const attempts: Array<() => Promise<unknown>> = [
      async () =>
        note(
          (
            await openai.chat.completions
              .create({ model: 'echo/echo', messages: [{ role: 'user', content: pasted }] })
              .withResponse()
          ).response.headers,
        ),
      async () => {
        const { data, response } = await openai.chat.completions
          .create({ model: 'echo/echo', stream: true, messages: [{ role: 'user', content: pasted }] })
          .withResponse();
        note(response.headers);
        for await (const _ of data) void _;
      },
      async () =>
        note(
          (
            await anthropic.messages
              .create({ model: 'echo/echo', max_tokens: 8, messages: [{ role: 'user', content: pasted }] })
              .withResponse()
          ).response.headers,
        ),
      async () => {
        const { data, response } = await anthropic.messages
          .create({
            model: 'echo/echo',
            max_tokens: 8,
            stream: true,
            messages: [{ role: 'user', content: pasted }],
          })
          .withResponse();
        note(response.headers);
        for await (const _ of data) void _;
      },
      () =>
        openai.chat.completions.create({ model: 'echo/refuse', messages: [{ role: 'user', content: 'x' }] }),
      () =>
        openai.chat.completions.create({ model: 'echo/garbage', messages: [{ role: 'user', content: 'x' }] }),
      () =>
        openai.chat.completions.create({ model: 'echo/hang', messages: [{ role: 'user', content: 'x' }] }),
      () =>
        anthropic.messages.create({
          model: 'echo/refuse',
          max_tokens: 8,
          messages: [{ role: 'user', content: 'x' }],
        }),
    ];
    for (const attempt of attempts) {
      try {
        await attempt();
      } catch (error) {
        const apiError = error as { headers?: Headers; message?: string; status?: number };
        note(apiError.headers);
        if (apiError.status !== undefined && apiError.status >= 400) {
          expect(String(apiError.message)).not.toContain(PROVIDER_KEY);
        }
      }
    }
    // Hostile bodies carrying the secrets: invalid JSON, invalid UTF-8, too deep, too large.
    const bodies: Array<string | Uint8Array<ArrayBuffer>> = [
      `{"model":"echo/x","messages":[{"content":"${PROVIDER_KEY} ${GATEWAY_KEY}"`,
      new Uint8Array(
        Buffer.concat([Buffer.from(`{"k":"${PROVIDER_KEY}`), Buffer.from([0xff]), Buffer.from('"}')]),
      ),
      `${'['.repeat(500)}"${PROVIDER_KEY}"${']'.repeat(500)}`,
      `{"pad":"${'p'.repeat(300_000)}","key":"${PROVIDER_KEY}"}`,
    ];
    for (const body of bodies) {
      const response = await fetch(`${served.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      note(response.headers);
      await response.text();
    }
    // Bytes no client sends: an oversized header block around the real key.
    const host = new URL(served.url).host;
    await rawHttp(
      served.url,
      rawRequestBytes(
        'POST',
        '/v1/chat/completions',
        [
          `Host: ${host}`,
          `Authorization: Bearer ${GATEWAY_KEY}`,
          `X-Pad: ${'a'.repeat(20_000)}`,
          'Content-Length: 2',
        ],
        '{}',
      ),
    );
    // An upstream's own in-band stream error quoting the key reaches the caller redacted.
    const streamed = await fetch(`${served.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'echo/echo', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    note(streamed.headers);
    const errorEvents = (await streamed.text()).split('\n').filter((line) => line.includes('"error"'));
    expect(errorEvents.length).toBeGreaterThan(0);
    for (const line of errorEvents) {
      expect(line).toContain('stream failed for key');
      expect(line).not.toContain(PROVIDER_KEY);
    }
    // Credentials that are almost the key.
    await fetch(`${served.url}/v1/models`, { headers: { authorization: `Bearer ${GATEWAY_KEY}x` } });
    return ids;
  }

  async function adminSweep(served: ServeProcess, ids: string[]): Promise<string> {
    const headers = { authorization: `Bearer ${served.adminToken}` };
    const texts: string[] = [];
    const values = [...new Set([...ids, 'echo', 'secrets', 'sample'])];
    for (const route of uniqueRoutes().filter(
      (item) => item.method === 'GET' && item.url.startsWith('/admin'),
    )) {
      if (route.url === '/admin/logs/stream') continue;
      const paths =
        route.url.includes(':') || route.url.includes('*')
          ? values.map((value) => concretePath(route.url, value))
          : [route.url];
      for (const pathName of paths) {
        const response = await fetch(`${served.url}${pathName}`, { headers });
        texts.push(`${pathName} ${response.status} ${await response.text()}`);
      }
    }
    const tested = await fetch(`${served.url}/admin/providers/echo/test`, { method: 'POST', headers });
    texts.push(await tested.text());
    const exported = await fetch(`${served.url}/admin/config/export`, { headers });
    expect(exported.status).toBe(200);
    texts.push(await exported.text());
    const page = await fetch(`${served.url}/admin/logs?limit=500`, { headers });
    texts.push(await page.text());
    return texts.join('\n');
  }

  it('through serve at debug level, a live tail, the admin API, SIGKILL and a restart', async () => {
    const first = await serve();
    // A live tail sees every row as it is written.
    const tail = new AbortController();
    const tailText: string[] = [];
    const tailDone = fetch(`${first.url}/admin/logs/stream`, {
      headers: { authorization: `Bearer ${first.adminToken}` },
      signal: tail.signal,
    })
      .then(async (response) => {
        const reader = response.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          tailText.push(Buffer.from(value).toString('utf8'));
        }
      })
      .catch(() => undefined);

    const ids = await drive(first);
    expect(ids.length).toBeGreaterThan(10);
    await vi.waitFor(
      () => expect(tailText.join('').split('event: log').length).toBeGreaterThan(ids.length / 2),
      {
        timeout: 5000,
      },
    );
    tail.abort();
    await tailDone;
    expectNoSecret('live tail', tailText.join(''));
    const sweep = await adminSweep(first, ids);
    // The echoed key did reach the log — and was cut out of it.
    expect(sweep).toContain('the key you sent is [redacted]');
    expectNoSecret('admin responses', sweep);

    // Killed hard: whatever reached the disk (database, WAL, shared memory) is clean.
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.child.kill('SIGKILL');
    await first.exited;
    outputs.push(first.output());
    expectNoSecret('database files after SIGKILL', databaseBytes(dataDir));

    const second = await serve();
    try {
      const moreIds = await drive(second);
      expectNoSecret('admin responses after restart', await adminSweep(second, [...ids, ...moreIds]));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      outputs.push(second.output());
    }
    expectNoSecret('database files after SIGTERM', databaseBytes(dataDir));
    expect(outputs.join('').length).toBeGreaterThan(0);
    expectNoSecret('serve stdout/stderr', outputs.join('\n'));
  });

  it('rows kept in memory while logging was degraded are written without secrets', async () => {
    const running = await startReliabilityGateway();
    try {
      const db = running.gateway.services.logWriter.database;
      db.pragma('query_only = 1');
      const openai = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${running.url}/v1`, maxRetries: 0 });
      for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']) {
        await openai.chat.completions.create({
          model,
          messages: [{ role: 'user', content: `remember ${PROVIDER_KEY} and ${GATEWAY_KEY}` }],
        });
      }
      await vi.waitFor(() => expect(running.gateway.services.logWriter.degraded).toBe(true));
      db.pragma('query_only = 0');
      await vi.waitFor(() => expect(running.gateway.services.logWriter.pending).toBe(0), { timeout: 5000 });
      const logs = await fetch(`${running.url}/admin/logs?limit=50`, {
        headers: { authorization: `Bearer ${running.gateway.adminToken}` },
      });
      const page = (await logs.json()) as { items: Array<{ id: string }> };
      expect(page.items.length).toBeGreaterThanOrEqual(2);
      for (const { id } of page.items) {
        const row = await fetch(`${running.url}/admin/logs/${id}`, {
          headers: { authorization: `Bearer ${running.gateway.adminToken}` },
        });
        expectNoSecret(`log row ${id}`, await row.text());
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      expectNoSecret('database after the backlog was written', databaseBytes(running.dataDir));
    } finally {
      await running.stop();
    }
  });
});
