import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeSavedSettings } from '../../../src/gateway/config/saved-settings';
import { DATABASE_FILE } from '../../../src/gateway/start-gateway';
import { openDatabase } from '../../../src/gateway/storage/database';
import { SettingsRepository } from '../../../src/gateway/storage/settings-repository';
import { tempDir } from '../../helpers/gateway-harness';
import { chat, startSettingsGateway, type SettingsGateway } from './settings-gateway';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('GET/PATCH /admin/settings', () => {
  const running: SettingsGateway[] = [];
  const start = async (...args: Parameters<typeof startSettingsGateway>) => {
    const gateway = await startSettingsGateway(...args);
    running.push(gateway);
    return gateway;
  };
  afterEach(async () => {
    for (const gateway of running.splice(0)) await gateway.stop();
  });

  it('shows defaults, what the running gateway uses, and where each value comes from', async () => {
    const { admin, gateway } = await start();
    const { status, body } = await admin('/admin/settings');
    expect(status).toBe(200);
    expect(body.settings).toMatchObject({
      host: '127.0.0.1',
      exposeOnLan: false,
      logRetentionDays: null,
      logBodies: true,
      logBodyMaxBytes: 65536,
      pricingOverrides: [],
      theme: 'system',
    });
    // The test passes --port 0 and --host: those are start options, fixed for this process.
    expect(body.sources).toMatchObject({ port: 'start-option', host: 'start-option', theme: 'default' });
    expect(body.settings.port).toBe(gateway.port);
    expect(body.running).toEqual({ host: '127.0.0.1', port: gateway.port, exposeOnLan: false });
    expect(body.restartRequired).toBe(false);
  });

  it('saves the theme and turns body logging off for the very next request', async () => {
    const { admin, client, logRow } = await start();
    const before = await logRow(await chat(client));
    expect(before.requestBody).toContain('Say hello');

    const saved = await admin('/admin/settings', {
      method: 'PATCH',
      body: { theme: 'dark', logBodies: false },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({ theme: 'dark', logBodies: false });
    expect(saved.body.sources).toMatchObject({ theme: 'saved', logBodies: 'saved' });

    const after = await logRow(await chat(client));
    expect(after.requestBody).toBeNull();
    expect(after.responseBody).toBeNull();
    expect((await admin('/admin/settings')).body.settings.theme).toBe('dark');
  });

  it('cuts logged bodies at the saved cap', async () => {
    const { admin, client, logRow } = await start();
    await admin('/admin/settings', { method: 'PATCH', body: { logBodyMaxBytes: 20 } });
    const row = await logRow(await chat(client));
    expect(row.requestBody).toMatch(/^.{20}… \[truncated\]$/s);
  });

  it('prices a model with a saved override from the next request on', async () => {
    const { admin, client, logRow } = await start();
    const bundled = await logRow(await chat(client));
    expect(bundled.costUsd).toBeGreaterThan(0);
    expect(bundled.costUsd).toBeLessThan(0.001);

    const override = { providerType: 'openai', model: 'gpt-4o-mini', input: 1000, output: 2000 };
    const saved = await admin('/admin/settings', { method: 'PATCH', body: { pricingOverrides: [override] } });
    expect(saved.status).toBe(200);
    const priced = await logRow(await chat(client));
    // The mock reports 12 input and 5 output tokens.
    expect(priced.costUsd).toBeCloseTo((12 * 1000 + 5 * 2000) / 1_000_000, 10);
  });

  it('refuses prices no request would use, and duplicates', async () => {
    const { admin } = await start();
    const local = await admin('/admin/settings', {
      method: 'PATCH',
      body: { pricingOverrides: [{ providerType: 'ollama', model: 'llama3.2', input: 1, output: 1 }] },
    });
    expect(local.status).toBe(400);
    expect(local.body.error.message).toContain('run locally and cost nothing');
    const twice = await admin('/admin/settings', {
      method: 'PATCH',
      body: {
        pricingOverrides: [
          { providerType: 'openai', model: 'gpt-4o', input: 1, output: 1 },
          { providerType: 'azure-openai', model: 'gpt-4o', input: 2, output: 2 },
        ],
      },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('Two prices for gpt-4o');
  });

  it('refuses unknown settings and values out of range, naming the field', async () => {
    const { admin } = await start();
    const unknown = await admin('/admin/settings', { method: 'PATCH', body: { colour: 'blue' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('unknown setting colour');
    const negative = await admin('/admin/settings', { method: 'PATCH', body: { logRetentionDays: 0 } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toContain('logRetentionDays');
  });

  it('refuses to change what the config file or the start options fix', async () => {
    const { admin } = await start({
      config: (url) => ({
        server: { logBodies: false },
        providers: [{ id: 'openai', type: 'openai', baseUrl: url, apiKey: 'env:MOCK_KEY' }],
        keys: [{ name: 'suite', key: 'env:SETTINGS_SUITE_KEY' }],
      }),
    });
    const view = await admin('/admin/settings');
    expect(view.body.sources.logBodies).toBe('config');
    const changed = await admin('/admin/settings', { method: 'PATCH', body: { logBodies: true } });
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toContain('config file (server.logBodies)');
    const port = await admin('/admin/settings', { method: 'PATCH', body: { port: 4999 } });
    expect(port.status).toBe(409);
    expect(port.body.error.message).toContain('--port');
  });

  it('a saved port and host apply at the next start when no flag sets them', async () => {
    // Seed a saved port, so that even the first start stays off the default port other gateways may use.
    const dataDir = tempDir();
    const db = openDatabase(path.join(dataDir, DATABASE_FILE));
    storeSavedSettings(new SettingsRepository(db), { port: await freePort() });
    db.close();
    const first = await start({ dataDir, start: { port: undefined, host: undefined } });
    expect((await first.admin('/admin/settings')).body.sources.port).toBe('saved');
    const port = await freePort();
    const saved = await first.admin('/admin/settings', { method: 'PATCH', body: { port } });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.port).toBe(port);
    expect(saved.body.sources.port).toBe('saved');
    expect(saved.body.restartRequired).toBe(true);
    await first.gateway.close();

    const second = await start({
      dataDir: first.dataDir,
      mock: first.mock,
      start: { port: undefined, host: undefined },
    });
    expect(second.gateway.port).toBe(port);
    expect(second.gateway.url).toBe(`http://127.0.0.1:${port}`);
    const view = await second.admin('/admin/settings');
    expect(view.body.restartRequired).toBe(false);
    expect(view.body.settings.port).toBe(port);
  });

  it('LAN exposure: a network address needs exposeOnLan, and exposeOnLan needs a gateway key', async () => {
    const withKey = await start({ start: { host: undefined } });
    const noFlag = await withKey.admin('/admin/settings', { method: 'PATCH', body: { host: '0.0.0.0' } });
    expect(noFlag.status).toBe(400);
    expect(noFlag.body.error.message).toContain('turn on LAN exposure');
    const exposed = await withKey.admin('/admin/settings', {
      method: 'PATCH',
      body: { host: '0.0.0.0', exposeOnLan: true },
    });
    expect(exposed.status).toBe(200);
    expect(exposed.body.restartRequired).toBe(true);

    const keyless = await start({ start: { host: undefined }, config: () => ({ keys: [] }) });
    const refused = await keyless.admin('/admin/settings', {
      method: 'PATCH',
      body: { host: '0.0.0.0', exposeOnLan: true },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('needs at least one gateway key');
  });
});
