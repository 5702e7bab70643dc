/**
 * Against the real OS keychain (gnome-keyring in a private D-Bus session: scripts/run-keychain-tests.sh).
 * A provider key set through the admin API lives in the keychain and nowhere else.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import keytar from 'keytar';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { startServe } from '../helpers/cli-process';
import { tempDir } from '../helpers/gateway-harness';
import { chatCompletion, MockOpenAi } from '../helpers/mock-openai';

const SERVICE = 'Gatehouse';
const GATEWAY_KEY = `gh_keychain_test_${randomBytes(12).toString('hex')}`;
// Not key-shaped: only the gateway's knowledge of its own secrets can keep these out of the log.
const FIRST = `planted-first-${randomBytes(16).toString('hex')}`;
const SECOND = `planted-second-${randomBytes(16).toString('hex')}`;
// Unique per run, so a developer's own keychain entries are never touched.
const PROVIDER = `kc${randomBytes(4).toString('hex')}`;
const ACCOUNT = `provider.${PROVIDER}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('provider keys in the real OS keychain', () => {
  let mock: MockOpenAi;
  let dataDir: string;
  let gateway: RunningGateway;
  let client: OpenAI;
  /** Everything the gateway said to admin callers, to search for the planted values at the end. */
  const adminTexts: string[] = [];
  const requestIds: string[] = [];

  const admin = async (
    pathAndQuery: string,
    init: { method?: string; body?: unknown; base?: string; token?: string } = {},
  ) => {
    const response = await fetch(`${init.base ?? gateway.url}${pathAndQuery}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.token ?? gateway.adminToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    adminTexts.push(text);
    const json = response.headers.get('content-type')?.includes('json');
    return { status: response.status, body: (json ? JSON.parse(text) : {}) as Json, text };
  };
  const chat = async (content: string) => {
    const { data, response } = await client.chat.completions
      .create({ model: `${PROVIDER}/gpt-4o-mini`, messages: [{ role: 'user', content }] })
      .withResponse();
    requestIds.push(response.headers.get('x-gatehouse-request-id')!);
    return data;
  };
  const chatError = (content: string) =>
    chat(content).then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: { status: number; message: string; headers: Headers }) => {
        requestIds.push(error.headers.get('x-gatehouse-request-id')!);
        return error;
      },
    );
  const lastAuthorization = () => mock.requests.at(-1)?.headers.authorization;
  const databaseBytes = () =>
    Buffer.concat(
      [DATABASE_FILE, `${DATABASE_FILE}-wal`]
        .map((name) => path.join(dataDir, name))
        .filter((file) => fs.existsSync(file))
        .map((file) => fs.readFileSync(file)),
    );

  beforeAll(async () => {
    mock = await new MockOpenAi().start();
    dataDir = tempDir('gatehouse-keychain-');
    gateway = await startGateway({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      env: { KEYCHAIN_TEST_GATEWAY_KEY: GATEWAY_KEY },
      config: { keys: [{ name: 'keychain-test', key: 'env:KEYCHAIN_TEST_GATEWAY_KEY' }] },
    });
    client = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway?.close();
    await mock?.stop();
    await keytar.deletePassword(SERVICE, ACCOUNT).catch(() => false);
  });

  it('finds the keychain', () => {
    // When this fails, the gateway could not reach a Secret Service: run through scripts/run-keychain-tests.sh.
    expect(gateway.services.secrets.supports('keychain')).toBe(true);
  });

  it('stores a key set through the admin API in the keychain and uses it upstream', async () => {
    const created = await admin('/admin/providers', {
      method: 'POST',
      body: { id: PROVIDER, type: 'openai', baseUrl: mock.url },
    });
    expect(created.status).toBe(201);
    const stored = await admin(`/admin/providers/${PROVIDER}/secret`, {
      method: 'PUT',
      body: { value: FIRST },
    });
    expect(stored.body).toEqual({
      reference: `keychain:${ACCOUNT}`,
      stored: true,
      hint: `…${FIRST.slice(-4)}`,
    });
    expect(await keytar.getPassword(SERVICE, ACCOUNT)).toBe(FIRST);

    mock.chat = { kind: 'json', body: chatCompletion(`I was called with ${FIRST}`) };
    const answer = await chat(`Please repeat ${FIRST}`);
    expect(answer.choices[0]?.message.content).toBe(`I was called with ${FIRST}`);
    expect(lastAuthorization()).toBe(`Bearer ${FIRST}`);
  });

  it('rotates the key: the next upstream call uses the new value', async () => {
    const rotated = await admin(`/admin/providers/${PROVIDER}/secret`, {
      method: 'PUT',
      body: { value: SECOND },
    });
    expect(rotated.body.hint).toBe(`…${SECOND.slice(-4)}`);
    expect(await keytar.getPassword(SERVICE, ACCOUNT)).toBe(SECOND);
    mock.chat = { kind: 'json', body: chatCompletion('rotated') };
    await chat('after rotation');
    expect(lastAuthorization()).toBe(`Bearer ${SECOND}`);

    const tested = await admin(`/admin/providers/${PROVIDER}/test`, { method: 'POST' });
    expect(tested.body).toMatchObject({ ok: true, status: 200 });
    expect(lastAuthorization()).toBe(`Bearer ${SECOND}`);
  });

  it('keeps the key out of upstream errors that quote it', async () => {
    mock.chat = {
      kind: 'json',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${SECOND}` } },
    };
    const error = await chatError('bad key');
    expect(error.status).toBe(401);
    expect(error.message).toContain('Incorrect API key provided: [redacted]');
    mock.chat = { kind: 'json', body: chatCompletion('ok') };
  });

  it('deletes the key: it leaves the keychain and the next call says how to supply one', async () => {
    const removed = await admin(`/admin/providers/${PROVIDER}/secret`, { method: 'DELETE' });
    expect(removed.body).toEqual({ reference: `keychain:${ACCOUNT}`, stored: false, hint: null });
    expect(await keytar.getPassword(SERVICE, ACCOUNT)).toBeNull();
    expect((await keytar.findCredentials(SERVICE)).map((entry) => entry.account)).not.toContain(ACCOUNT);

    const before = mock.requests.length;
    const error = await chatError('after delete');
    expect(error.status).toBe(500);
    expect(error.message).toContain(`Provider "${PROVIDER}" has no API key`);
    expect(error.message).toContain(`PUT /admin/providers/${PROVIDER}/secret`);
    expect(mock.requests.length).toBe(before);
  });

  it('never lets a planted value into log rows, admin responses or the config export', async () => {
    await admin(`/admin/providers/${PROVIDER}/secret`, { method: 'PUT', body: { value: SECOND } });
    gateway.services.logWriter.flush();
    const list = await admin('/admin/logs?limit=100');
    expect(list.body.items.length).toBeGreaterThanOrEqual(requestIds.length);
    for (const id of requestIds) expect((await admin(`/admin/logs/${id}`)).status).toBe(200);
    const firstRow = await admin(`/admin/logs/${requestIds[0]}`);
    expect(firstRow.body.requestBody).toContain('Please repeat [redacted]');
    expect(firstRow.body.responseBody).toContain('I was called with [redacted]');

    const providers = await admin('/admin/providers');
    expect(providers.body.items).toContainEqual(
      expect.objectContaining({ id: PROVIDER, secret: { stored: true, hint: `…${SECOND.slice(-4)}` } }),
    );
    const exported = await admin('/admin/config/export');
    expect(exported.text).toContain(`apiKey: keychain:${ACCOUNT}`);

    const everything = adminTexts.join('\n');
    for (const planted of [FIRST, SECOND, GATEWAY_KEY]) expect(everything).not.toContain(planted);
    const bytes = databaseBytes();
    expect(bytes.length).toBeGreaterThan(0);
    for (const planted of [FIRST, SECOND, GATEWAY_KEY]) expect(bytes.includes(planted)).toBe(false);
  });

  it('`gatehouse serve` on the same data directory uses the keychain key and never prints it', async () => {
    await gateway.close();
    const served = await startServe(['--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
      GATEHOUSE_NO_KEYCHAIN: '',
    });
    try {
      const before = mock.requests.length;
      const ask = () =>
        fetch(`${served.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: `${PROVIDER}/gpt-4o-mini`,
            messages: [{ role: 'user', content: SECOND }],
          }),
        });
      expect((await ask()).status).toBe(200);
      expect(mock.requests.length).toBe(before + 1);
      expect(lastAuthorization()).toBe(`Bearer ${SECOND}`);
      mock.chat = { kind: 'json', status: 401, body: { error: { message: `Incorrect API key: ${SECOND}` } } };
      const refused = await ask();
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain(SECOND);

      const listed = await admin('/admin/providers', { base: served.url, token: served.adminToken });
      expect(listed.body.items).toContainEqual(
        expect.objectContaining({ id: PROVIDER, secret: expect.anything() }),
      );
      expect(listed.text).not.toContain(SECOND);
    } finally {
      served.child.kill('SIGTERM');
      expect(await served.exited).toBe(0);
      mock.chat = { kind: 'json', body: chatCompletion('ok') };
    }
    const output = served.output();
    expect(output).toContain('Gatehouse listening on');
    for (const planted of [FIRST, SECOND, GATEWAY_KEY]) expect(output).not.toContain(planted);
    const bytes = databaseBytes();
    for (const planted of [FIRST, SECOND, GATEWAY_KEY]) expect(bytes.includes(planted)).toBe(false);
  });
});
