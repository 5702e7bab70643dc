import { afterEach, describe, expect, it } from 'vitest';
import { startSettingsGateway, type SettingsGateway } from './settings-gateway';

describe('POST /admin/config/import', () => {
  let harness: SettingsGateway | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });
  const start = async () => (harness = await startSettingsGateway());

  it('adds providers and routes from YAML as app entries, saves server settings, and says what it skipped', async () => {
    const { admin, client } = await start();
    const yaml = `
server:
  logBodies: false
  upstreamTimeoutMs: 5000
providers:
  - id: second
    type: openai-compatible
    baseUrl: ${harness!.mock.url}
  - id: groq
    type: groq
    apiKey: env:GROQ_KEY_NOT_SET
keys:
  - name: team
    key: env:TEAM_KEY
apis:
  - slug: weather
    baseUrls: [https://api.weather.example]
routes:
  - name: fast
    strategy: fallback
    targets:
      - model: second/gpt-4o-mini
      - model: nowhere/gpt-4o
`;
    const { status, body } = await admin('/admin/config/import', { method: 'POST', body: { text: yaml } });
    expect(status).toBe(200);
    expect(body.providers).toEqual(['second', 'groq']);
    expect(body.routes).toEqual(['fast']);
    expect(body.settings).toEqual(['logBodies']);
    const warnings = body.warnings.join('\n');
    expect(warnings).toContain('env:GROQ_KEY_NOT_SET is not available here');
    expect(warnings).toContain('keys[0] "team" was not imported');
    expect(warnings).toContain('target nowhere/gpt-4o names no provider here');
    expect(warnings).toContain('server.upstreamTimeoutMs is read from a config file at start only');
    expect(warnings).toContain(
      'apis is not imported here yet; start `gatehouse serve --config` with this file',
    );

    const providers = (await admin('/admin/providers')).body.items as Array<{ id: string; source: string }>;
    expect(providers.find((provider) => provider.id === 'second')?.source).toBe('admin');
    const route = await admin('/admin/routes/fast');
    expect(route.body.source).toBe('admin');
    expect((await admin('/admin/settings')).body.settings.logBodies).toBe(false);

    // The imported route works at once.
    const reply = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(reply.choices[0]?.message.content).toBe('Hello from the mock');
  });

  it('reads JSON too, and re-importing the same file changes nothing', async () => {
    const { admin } = await start();
    const text = JSON.stringify({ routes: [{ name: 'smart', targets: [{ model: 'openai/gpt-4o' }] }] });
    expect((await admin('/admin/config/import', { method: 'POST', body: { text } })).status).toBe(200);
    const again = await admin('/admin/config/import', { method: 'POST', body: { text } });
    expect(again.body).toEqual({ providers: [], routes: ['smart'], settings: [], warnings: [] });
    expect((await admin('/admin/routes')).body.routes).toHaveLength(1);
  });

  it('refuses a secret written in place of a reference, exactly like the config file', async () => {
    const { admin } = await start();
    const text = 'providers:\n  - id: leaky\n    type: openai\n    apiKey: sk-live-0123456789abcdef\n';
    const { status, body } = await admin('/admin/config/import', { method: 'POST', body: { text } });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      'imported config: providers[0].apiKey: must be a reference such as env:OPENAI_API_KEY or keychain:NAME, never the secret itself',
    );
    expect(JSON.stringify(body)).not.toContain('sk-live');
    expect((await admin('/admin/providers/leaky')).status).toBe(404);
  });

  it('refuses text that is not YAML, or not a config, naming the field', async () => {
    const { admin } = await start();
    const broken = await admin('/admin/config/import', { method: 'POST', body: { text: 'providers: [' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain('not valid YAML or JSON');
    const wrong = await admin('/admin/config/import', {
      method: 'POST',
      body: { text: 'providers:\n  - id: x\n    type: nonsense\n' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('providers[0].type: must be one of');
  });

  it('leaves entries the running config file owns alone', async () => {
    const { admin } = await start();
    const text = 'providers:\n  - id: openai\n    type: openai\n    baseUrl: https://elsewhere.example/v1\n';
    const { body } = await admin('/admin/config/import', { method: 'POST', body: { text } });
    expect(body.providers).toEqual([]);
    expect(body.warnings).toEqual(['Provider "openai" is managed by the config file; left unchanged.']);
    expect((await admin('/admin/providers/openai')).body.baseUrl).toBe(harness!.mock.url);
  });
});
