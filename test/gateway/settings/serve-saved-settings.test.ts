import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeSavedSettings } from '../../../src/gateway/config/saved-settings';
import { DATABASE_FILE } from '../../../src/gateway/start-gateway';
import { openDatabase } from '../../../src/gateway/storage/database';
import { SettingsRepository } from '../../../src/gateway/storage/settings-repository';
import { startServe, type ServeProcess } from '../../helpers/cli-process';
import { tempDir } from '../../helpers/gateway-harness';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('gatehouse serve and the saved port', () => {
  const running: ServeProcess[] = [];
  afterEach(async () => {
    for (const served of running.splice(0)) {
      served.child.kill('SIGTERM');
      await served.exited;
    }
  });

  it('listens on the saved port without --port, and --port wins over it', async () => {
    const dataDir = tempDir();
    const savedPort = await freePort();
    const db = openDatabase(path.join(dataDir, DATABASE_FILE));
    storeSavedSettings(new SettingsRepository(db), { port: savedPort });
    db.close();

    const plain = await startServe(['--data-dir', dataDir]);
    running.push(plain);
    expect(plain.url).toBe(`http://127.0.0.1:${savedPort}`);
    plain.child.kill('SIGTERM');
    await plain.exited;

    const flagged = await startServe(['--data-dir', dataDir, '--port', '0']);
    running.push(flagged);
    expect(flagged.url).not.toBe(`http://127.0.0.1:${savedPort}`);
  });
});
