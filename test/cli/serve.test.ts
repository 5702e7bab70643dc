import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, MockOpenAi } from '../helpers/mock-openai';
import { runCli, startServe } from '../helpers/cli-process';
import { tempDir } from '../helpers/gateway-harness';

const KEY = 'gh_cli_test_key_abcdefghijklmnop';

describe('gatehouse serve', () => {
  let mock: MockOpenAi;
  let dir: string;
  let configFile: string;
  beforeAll(async () => {
    mock = await new MockOpenAi().start();
    dir = tempDir();
    configFile = path.join(dir, 'gatehouse.yaml');
    fs.writeFileSync(
      configFile,
      [
        'providers:',
        '  - id: openai',
        '    type: openai',
        `    baseUrl: ${mock.url}`,
        '    apiKey: env:UPSTREAM_KEY',
        'keys:',
        '  - name: ci',
        '    key: env:CLI_GATEWAY_KEY',
      ].join('\n'),
    );
  });
  afterAll(async () => mock.stop());

  const env = { UPSTREAM_KEY: 'sk-upstream-cli', CLI_GATEWAY_KEY: KEY };

  it('with 50 requests in flight, SIGTERM answers every one, exits 0, and all 50 are in the log after restart', async () => {
    const dataDir = path.join(dir, 'data');
    mock.chat = { kind: 'json', body: chatCompletion('slow answer'), delayMs: 700 };
    const served = await startServe(['--config', configFile, '--port', '0', '--data-dir', dataDir], env);
    expect(served.output()).toMatch(/^Gatehouse listening on http:\/\/127\.0\.0\.1:\d+$/m);
    const before = mock.requests.length;

    const requests = Array.from({ length: 50 }, (_, index) =>
      fetch(`${served.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'openai/gpt-4o-mini',
          messages: [{ role: 'user', content: `request ${index}` }],
        }),
      }).then(async (response) => ({
        status: response.status,
        id: response.headers.get('x-gatehouse-request-id'),
        body: await response.text(),
      })),
    );
    const deadline = Date.now() + 10_000;
    while (mock.requests.length - before < 50 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(mock.requests.length - before).toBe(50);

    served.child.kill('SIGTERM');
    const answers = await Promise.all(requests);
    expect(await served.exited).toBe(0);
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(answers.every((answer) => answer.body.includes('slow answer'))).toBe(true);

    mock.chat = { kind: 'json', body: chatCompletion('fast') };
    const again = await startServe(['--config', configFile, '--port', '0', '--data-dir', dataDir], env);
    try {
      const page = (await (
        await fetch(`${again.url}/admin/logs?limit=500`, {
          headers: { authorization: `Bearer ${again.adminToken}` },
        })
      ).json()) as {
        items: Array<{ id: string; status: number }>;
      };
      const logged = new Map(page.items.map((item) => [item.id, item.status]));
      for (const answer of answers) expect(logged.get(answer.id!)).toBe(200);
      // Under serve the rows were written by the log writer thread, and it is still the one writing.
      await fetch(`${again.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      });
      const status = (await (
        await fetch(`${again.url}/admin/status`, { headers: { authorization: `Bearer ${again.adminToken}` } })
      ).json()) as { logging: { writer: string; state: string } };
      expect(status.logging).toMatchObject({ writer: 'thread', state: 'ok' });
      // The persistent admin token belongs to the data directory: printed once, on the first start only,
      // and still valid after a restart.
      expect(served.createdAdminToken).toMatch(/^gha_/);
      expect(again.createdAdminToken).toBeNull();
      expect(again.output()).not.toContain(served.createdAdminToken!);
      const persistent = await fetch(`${again.url}/admin/logs?limit=1`, {
        headers: { authorization: `Bearer ${served.createdAdminToken}` },
      });
      expect(persistent.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('a bad config exits 2 naming the field, and starts nothing', async () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'providers:\n  - id: openai\n    type: opena1\n');
    const result = await runCli([
      'serve',
      '--config',
      bad,
      '--port',
      '0',
      '--data-dir',
      path.join(dir, 'bad-data'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('providers[0].type');
    expect(result.stderr).toContain('must be one of');
    expect(result.stdout).not.toContain('listening');
  });

  it('refuses a raw secret in the config file, naming the field without echoing the value', async () => {
    const bad = path.join(dir, 'secret.yaml');
    fs.writeFileSync(
      bad,
      'providers:\n  - id: openai\n    type: openai\n    apiKey: sk-live-raw-secret-value\n',
    );
    const result = await runCli([
      'serve',
      '--config',
      bad,
      '--port',
      '0',
      '--data-dir',
      path.join(dir, 'bad-data'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('providers[0].apiKey');
    expect(result.stderr).toContain('env:');
    expect(result.stderr + result.stdout).not.toContain('sk-live-raw-secret-value');
  });

  it('a key referenced in the config but missing from the environment exits 2', async () => {
    const result = await runCli(
      ['serve', '--config', configFile, '--port', '0', '--data-dir', path.join(dir, 'bad-data')],
      {
        UPSTREAM_KEY: 'x',
        CLI_GATEWAY_KEY: '',
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('keys[0].key');
    expect(result.stderr).toContain('CLI_GATEWAY_KEY');
  });

  it('keys create prints a new key once, and the running gateway accepts it', async () => {
    const dataDir = path.join(dir, 'keys-data');
    const created = await runCli(['keys', 'create', 'my-script', '--data-dir', dataDir]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^gh_[A-Za-z0-9_-]{40,}$/);
    const listed = await runCli(['keys', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toContain('my-script');
    expect(listed.stdout).not.toContain(key);
    const duplicate = await runCli(['keys', 'create', 'my-script', '--data-dir', dataDir]);
    expect(duplicate.code).toBe(1);

    mock.chat = { kind: 'json', body: chatCompletion('hi') };
    const served = await startServe(['--config', configFile, '--port', '0', '--data-dir', dataDir], env);
    try {
      const response = await fetch(`${served.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
      const revoked = await runCli(['keys', 'revoke', 'my-script', '--data-dir', dataDir]);
      expect(revoked.code).toBe(0);
      const after = await fetch(`${served.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      expect(after.status).toBe(401);
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
  });
});
