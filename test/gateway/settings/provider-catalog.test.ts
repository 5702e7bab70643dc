import { afterEach, describe, expect, it } from 'vitest';
import { startSettingsGateway, type SettingsGateway } from './settings-gateway';

describe('provider presets and model browsing', () => {
  let gateway: SettingsGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it('lists every preset with what the add form needs', async () => {
    gateway = await startSettingsGateway();
    const { status, body } = await gateway.admin('/admin/provider-presets');
    expect(status).toBe(200);
    const byType = new Map((body.items as Array<{ type: string }>).map((item) => [item.type, item]));
    expect(byType.get('openai')).toEqual({
      type: 'openai',
      label: 'OpenAI',
      baseUrl: 'https://api.openai.com/v1',
      requiresKey: true,
      local: false,
      priced: true,
      format: 'openai',
    });
    expect(byType.get('ollama')).toMatchObject({ local: true, requiresKey: false, priced: false });
    expect(byType.get('openai-compatible')).toMatchObject({ baseUrl: null });
    expect(byType.size).toBe(13);
  });

  it("browses a provider's own model list, and falls back to the price list when it fails", async () => {
    gateway = await startSettingsGateway();
    const listed = await gateway.admin('/admin/providers/openai/models');
    expect(listed.body).toEqual({
      provider: 'openai',
      models: ['gpt-4o-mini', 'text-embedding-3-small'],
      source: 'provider',
      message: null,
    });
    expect(gateway.mock.requests.at(-1)?.headers.authorization).toBe(
      'Bearer sk-mock-provider-key-abcdef123456',
    );

    gateway.mock.models = null;
    const fallback = await gateway.admin('/admin/providers/openai/models');
    expect(fallback.body.source).toBe('pricing');
    expect(fallback.body.models).toContain('gpt-4o-mini');
    expect(fallback.body.message).toBe('The provider answered HTTP 500 to its model list.');

    expect((await gateway.admin('/admin/providers/nope/models')).status).toBe(404);
  });
});
