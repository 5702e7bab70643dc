import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCredentials, newAdminToken } from '../../../src/gateway/config/admin-credentials';
import { startGateway } from '../../../src/gateway/start-gateway';
import { openDatabase } from '../../../src/gateway/storage/database';
import { SettingsRepository } from '../../../src/gateway/storage/settings-repository';
import { runCli, startServe } from '../../helpers/cli-process';
import { tempDir } from '../../helpers/gateway-harness';

function filesContain(folder: string, needle: string): boolean {
  return fs.readdirSync(folder).some((name) => fs.readFileSync(path.join(folder, name)).includes(needle));
}

describe('admin credentials', () => {
  it('the persistent token is created once, stored only as a hash, and survives restarts', async () => {
    const dataDir = tempDir();
    const first = await startGateway({ dataDir, port: 0, host: '127.0.0.1' });
    const token = first.createdAdminToken!;
    expect(token).toMatch(/^gha_[A-Za-z0-9_-]{43}$/);
    await first.close();
    expect(filesContain(dataDir, token)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'admin-token'))).toBe(false);

    const second = await startGateway({ dataDir, port: 0, host: '127.0.0.1' });
    try {
      expect(second.createdAdminToken).toBeNull();
      const admin = (bearer: string) =>
        fetch(`${second.url}/admin/logs?limit=1`, { headers: { authorization: `Bearer ${bearer}` } });
      expect((await admin(token)).status).toBe(200);
      expect((await admin(second.adminToken)).status).toBe(200);
      // Another process's per-process token is not valid here.
      expect((await admin(first.adminToken)).status).toBe(401);
      expect((await admin(`${token}x`)).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('the desktop can pass its own per-process token; a short one is refused', async () => {
    const adminToken = newAdminToken();
    const gateway = await startGateway({ dataDir: tempDir(), port: 0, host: '127.0.0.1', adminToken });
    try {
      expect(gateway.adminToken).toBe(adminToken);
      const response = await fetch(`${gateway.url}/admin/logs?limit=1`, {
        headers: { 'x-gatehouse-admin-token': adminToken },
      });
      expect(response.status).toBe(200);
    } finally {
      await gateway.close();
    }
    await expect(
      startGateway({ dataDir: tempDir(), port: 0, host: '127.0.0.1', adminToken: 'short' }),
    ).rejects.toThrow(/at least 32 characters/);
  });

  it('moves a plain-text admin-token file from an older Gatehouse into the database, then deletes it', async () => {
    const dataDir = tempDir();
    const legacy = `gha_${'legacy0123456789'.repeat(3)}`;
    fs.writeFileSync(path.join(dataDir, 'admin-token'), `${legacy}\n`, { mode: 0o600 });
    const gateway = await startGateway({ dataDir, port: 0, host: '127.0.0.1' });
    try {
      expect(fs.existsSync(path.join(dataDir, 'admin-token'))).toBe(false);
      expect(gateway.createdAdminToken).toBeNull();
      expect(gateway.warnings.join('\n')).toContain('Moved the admin token');
      const response = await fetch(`${gateway.url}/admin/logs?limit=1`, {
        headers: { authorization: `Bearer ${legacy}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await gateway.close();
    }
    expect(filesContain(dataDir, legacy)).toBe(false);
  });

  it('login codes expire after 10 minutes and sessions end', () => {
    const db = openDatabase(':memory:');
    let now = 1_000_000;
    const credentials = new AdminCredentials(new SettingsRepository(db), newAdminToken(), () => now);
    const late = credentials.issueLoginCode();
    now += 10 * 60_000;
    expect(credentials.redeemLoginCode(late.code)).toBeNull();
    const fresh = credentials.issueLoginCode();
    const session = credentials.redeemLoginCode(fresh.code)!;
    expect(credentials.verifySession(session)).toBe(true);
    credentials.endSession(session);
    expect(credentials.verifySession(session)).toBe(false);
    db.close();
  });
});

describe('gatehouse admin-token rotate', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDir();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints a new token; the old one stops working in the running gateway at once', async () => {
    const served = await startServe(['--port', '0', '--data-dir', dataDir]);
    try {
      const old = served.createdAdminToken!;
      expect(served.output()).toContain(`Admin token (shown once): ${old}`);
      const admin = (token: string) =>
        fetch(`${served.url}/admin/logs?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      expect((await admin(old)).status).toBe(200);

      const rotated = await runCli(['admin-token', 'rotate', '--data-dir', dataDir]);
      expect(rotated.code).toBe(0);
      const fresh = rotated.stdout.trim();
      expect(fresh).toMatch(/^gha_/);
      expect(fresh).not.toBe(old);
      expect((await admin(old)).status).toBe(401);
      expect((await admin(fresh)).status).toBe(200);
      // The per-process token is unaffected.
      expect((await admin(served.adminToken)).status).toBe(200);
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
    const again = await startServe(['--port', '0', '--data-dir', dataDir]);
    again.child.kill('SIGTERM');
    await again.exited;
    expect(again.createdAdminToken).toBeNull();
  });
});
