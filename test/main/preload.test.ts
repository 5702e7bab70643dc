import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_CHANNELS } from '../../src/main/desktop-ipc';

// The sandboxed preload sees only these two electron objects.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { sendSync: vi.fn(), invoke: vi.fn(async () => undefined) },
}));
vi.mock('electron', () => electron);

async function loadPreload(): Promise<Record<string, unknown> | undefined> {
  vi.resetModules();
  await import('../../src/preload/index');
  const call = electron.contextBridge.exposeInMainWorld.mock.calls[0];
  if (!call) return undefined;
  expect(call[0]).toBe('gatehouse');
  return call[1] as Record<string, unknown>;
}

beforeEach(() => {
  electron.contextBridge.exposeInMainWorld.mockClear();
  electron.ipcRenderer.sendSync.mockReset();
  electron.ipcRenderer.invoke.mockClear();
});
afterEach(() => vi.resetModules());

describe('preload', () => {
  it('exposes only the admin URL and token, version, platform and the desktop actions', async () => {
    electron.ipcRenderer.sendSync.mockReturnValue({
      adminUrl: 'http://127.0.0.1:4141',
      adminToken: 'launch-token',
      version: '0.1.0',
    });
    const bridge = await loadPreload();

    expect(electron.ipcRenderer.sendSync).toHaveBeenCalledWith(DESKTOP_CHANNELS.bridge);
    expect(Object.keys(bridge ?? {}).sort()).toEqual([
      'adminToken',
      'adminUrl',
      'desktop',
      'platform',
      'version',
    ]);
    expect(bridge).toMatchObject({
      adminUrl: 'http://127.0.0.1:4141',
      adminToken: 'launch-token',
      version: '0.1.0',
      platform: process.platform,
    });
    const desktop = bridge?.desktop as Record<string, (...args: unknown[]) => Promise<unknown>>;
    expect(Object.keys(desktop).sort()).toEqual(['copyText', 'getLoginItem', 'openExternal', 'setLoginItem']);
  });

  it('sends each action on the channel main listens on', async () => {
    electron.ipcRenderer.sendSync.mockReturnValue({ adminUrl: 'u', adminToken: 't', version: 'v' });
    const bridge = await loadPreload();
    const desktop = bridge?.desktop as Record<string, (...args: unknown[]) => Promise<unknown>>;

    await desktop.openExternal?.('https://example.com');
    await desktop.copyText?.('text');
    await desktop.getLoginItem?.();
    await desktop.setLoginItem?.(true);
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [DESKTOP_CHANNELS.openExternal, 'https://example.com'],
      [DESKTOP_CHANNELS.copyText, 'text'],
      [DESKTOP_CHANNELS.getLoginItem],
      [DESKTOP_CHANNELS.setLoginItem, true],
    ]);
  });

  it.each([null, undefined, { adminUrl: 'u' }, 'token'])(
    'exposes nothing when main answers %j',
    async (answer) => {
      electron.ipcRenderer.sendSync.mockReturnValue(answer);
      expect(await loadPreload()).toBeUndefined();
    },
  );
});
