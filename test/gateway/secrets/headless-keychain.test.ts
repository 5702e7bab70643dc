import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../helpers/cli-process';
import { tempDir } from '../../helpers/gateway-harness';
import { MockOpenAi } from '../../helpers/mock-openai';

const GATEWAY_KEY = 'gh_headless_keychain_test_0123456789';

// A Linux server without a Secret Service: the D-Bus session points nowhere, so the keychain is unreachable.
describe.skipIf(process.platform !== 'linux')('gatehouse serve without a reachable keychain', () => {
  let mock: MockOpenAi;
  let configFile: string;
  beforeAll(async () => {
    mock = await new MockOpenAi().start();
    const dir = tempDir();
    configFile = path.join(dir, 'gatehouse.yaml');
    fs.writeFileSync(
      configFile,
      [
        'providers:',
        '  - id: openai',
        '    type: openai',
        `    baseUrl: ${mock.url}`,
        '    apiKey: env:UPSTREAM_KEY',
        '  - id: vault',
        '    type: openai',
        `    baseUrl: ${mock.url}`,
        '    apiKey: keychain:team-openai',
        'keys:',
        '  - name: ci',
        '    key: env:HEADLESS_GATEWAY_KEY',
      ].join('\n'),
    );
  });
  afterAll(async () => mock.stop());

  it('says which reference it cannot resolve and how to supply it, and serves the rest', async () => {
    const served = await startServe(['--config', configFile, '--port', '0', '--data-dir', tempDir()], {
      UPSTREAM_KEY: 'sk-upstream-headless-0123456789',
      HEADLESS_GATEWAY_KEY: GATEWAY_KEY,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/gatehouse-test-bus',
      DISPLAY: '',
      GATEHOUSE_NO_KEYCHAIN: '',
    });
    try {
      const warning = served
        .output()
        .split('\n')
        .find((line) => line.includes('keychain:team-openai'));
      expect(warning).toMatch(
        /^warning: Provider "vault": cannot resolve keychain:team-openai; the OS keychain is not available \(.+\); store it in the OS keychain as "team-openai" .* or use an env:NAME reference instead\. Other providers keep working\.$/,
      );

      const ask = (model: string) =>
        fetch(`${served.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
        });
      expect((await ask('openai/gpt-4o-mini')).status).toBe(200);
      const refused = await ask('vault/gpt-4o-mini');
      expect(refused.status).toBe(500);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
        'Provider "vault" has no API key',
      );
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
  });
});
