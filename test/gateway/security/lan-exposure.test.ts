import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServe } from '../../helpers/cli-process';
import { tempDir } from '../../helpers/gateway-harness';

const KEY = 'gh_lan_test_key_abcdefghijklmnopqrstuv';

function config(dir: string, lines: string[]): string {
  const file = path.join(dir, `config-${lines.length}.yaml`);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

describe('LAN exposure is an explicit opt-in', () => {
  it('refuses a non-loopback host without server.exposeOnLan (exit 2, naming the field)', async () => {
    const dir = tempDir();
    const result = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('server.exposeOnLan');
    expect(result.stdout).not.toContain('listening');
  });

  it('refuses server.exposeOnLan without a gateway key', async () => {
    const dir = tempDir();
    const file = config(dir, ['server:', '  host: 0.0.0.0', '  exposeOnLan: true']);
    const result = await runCli(['serve', '--config', file, '--port', '0', '--data-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('gateway key');
    expect(result.stdout).not.toContain('listening');
  });

  it('with the opt-in and a key it serves, and warns that it is exposed', async () => {
    const dir = tempDir();
    const file = config(dir, [
      'server:',
      '  host: 0.0.0.0',
      '  exposeOnLan: true',
      'keys:',
      '  - name: lan',
      '    key: env:LAN_GATEWAY_KEY',
    ]);
    const served = await startServe(['--config', file, '--port', '0', '--data-dir', dir], {
      LAN_GATEWAY_KEY: KEY,
    });
    try {
      expect(served.output()).toMatch(/^warning: Gatehouse is exposed on the network/m);
      // The printed link points at loopback, which a browser can open and the host guard accepts.
      expect(served.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ui\/login\?code=/);
      const port = new URL(served.url).port;
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      const models = await fetch(`http://127.0.0.1:${port}/v1/models`);
      expect(models.status).toBe(401);
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
  });
});
