import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DESKTOP_CHANNELS,
  registerDesktopIpc,
  type IpcRegistrar,
  type SenderEvent,
  type SyncSenderEvent,
} from '../../src/main/desktop-ipc';

const appUrl = 'file:///opt/Gatehouse/resources/app.asar/out/renderer/index.html';
const appFrame = { url: `${appUrl}#/logs`, parent: null };

/** A stand-in for ipcMain that lets the test send from any frame. */
class FakeIpc implements IpcRegistrar {
  readonly syncListeners = new Map<string, (event: SyncSenderEvent) => void>();
  readonly handlers = new Map<string, (event: SenderEvent, ...args: unknown[]) => unknown>();

  on(channel: string, listener: (event: SyncSenderEvent) => void): void {
    this.syncListeners.set(channel, listener);
  }

  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }

  sendSync(channel: string, frame: SenderEvent['senderFrame']): unknown {
    const event: SyncSenderEvent = { senderFrame: frame, returnValue: undefined };
    this.syncListeners.get(channel)?.(event);
    return event.returnValue;
  }

  async invoke(channel: string, frame: SenderEvent['senderFrame'], ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler for ${channel}`);
    return handler({ senderFrame: frame }, ...args);
  }
}

let ipc: FakeIpc;
let loginItem: boolean | undefined;
const actions = {
  appUrl: () => appUrl,
  bridge: () => ({ adminUrl: 'http://127.0.0.1:4141', adminToken: 'launch-token', version: '0.1.0' }),
  openExternal: vi.fn(async (_url: string) => undefined),
  copyText: vi.fn((_text: string) => undefined),
  getLoginItem: () => loginItem,
  setLoginItem: vi.fn((enabled: boolean) => {
    loginItem = enabled;
  }),
};

beforeEach(() => {
  vi.clearAllMocks();
  loginItem = false;
  ipc = new FakeIpc();
  registerDesktopIpc(ipc, actions);
});

describe('the bridge (admin URL and token for preload)', () => {
  it('answers the app’s own page', () => {
    expect(ipc.sendSync(DESKTOP_CHANNELS.bridge, appFrame)).toEqual({
      adminUrl: 'http://127.0.0.1:4141',
      adminToken: 'launch-token',
      version: '0.1.0',
    });
  });

  it.each([
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['another local file', { url: 'file:///home/ada/Downloads/page.html', parent: null }],
    ['an iframe inside the app', { url: appUrl, parent: {} }],
    ['a frame that is gone', null],
  ])('gives %s nothing, without leaving the renderer waiting', (_label, frame) => {
    expect(ipc.sendSync(DESKTOP_CHANNELS.bridge, frame)).toBeNull();
  });
});

describe('desktop actions', () => {
  it('opens http(s) links in the browser', async () => {
    await ipc.invoke(DESKTOP_CHANNELS.openExternal, appFrame, 'https://platform.openai.com/api-keys');
    expect(actions.openExternal).toHaveBeenCalledWith('https://platform.openai.com/api-keys');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://attacker/share',
    `https://example.com/${'a'.repeat(3000)}`,
    42,
    undefined,
  ])('refuses to open %s', async (url) => {
    await expect(ipc.invoke(DESKTOP_CHANNELS.openExternal, appFrame, url)).rejects.toThrow(/refused/);
    expect(actions.openExternal).not.toHaveBeenCalled();
  });

  it('copies text, but not non-text or huge text', async () => {
    await ipc.invoke(DESKTOP_CHANNELS.copyText, appFrame, 'gh_live_key');
    expect(actions.copyText).toHaveBeenCalledWith('gh_live_key');
    await expect(ipc.invoke(DESKTOP_CHANNELS.copyText, appFrame, { toString: () => 'x' })).rejects.toThrow(
      /refused/,
    );
    await expect(ipc.invoke(DESKTOP_CHANNELS.copyText, appFrame, 'x'.repeat(100_001))).rejects.toThrow(
      /refused/,
    );
    expect(actions.copyText).toHaveBeenCalledTimes(1);
  });

  it('reads and changes start at login, with booleans only', async () => {
    expect(await ipc.invoke(DESKTOP_CHANNELS.getLoginItem, appFrame)).toBe(false);
    expect(await ipc.invoke(DESKTOP_CHANNELS.setLoginItem, appFrame, true)).toBe(true);
    expect(actions.setLoginItem).toHaveBeenCalledWith(true);
    await expect(ipc.invoke(DESKTOP_CHANNELS.setLoginItem, appFrame, 'yes')).rejects.toThrow(/true or false/);
    expect(actions.setLoginItem).toHaveBeenCalledTimes(1);
  });

  it('answers null for start at login where the platform has none', async () => {
    loginItem = undefined;
    expect(await ipc.invoke(DESKTOP_CHANNELS.getLoginItem, appFrame)).toBeNull();
    expect(await ipc.invoke(DESKTOP_CHANNELS.setLoginItem, appFrame, true)).toBeNull();
    expect(actions.setLoginItem).not.toHaveBeenCalled();
  });

  it('refuses every action to a frame that is not the app', async () => {
    const foreign = { url: 'https://evil.example/', parent: null };
    for (const channel of [
      DESKTOP_CHANNELS.openExternal,
      DESKTOP_CHANNELS.copyText,
      DESKTOP_CHANNELS.setLoginItem,
    ]) {
      await expect(ipc.invoke(channel, foreign, 'https://example.com')).rejects.toThrow(/unknown sender/);
    }
    await expect(ipc.invoke(DESKTOP_CHANNELS.getLoginItem, null)).rejects.toThrow(/unknown sender/);
    expect(actions.openExternal).not.toHaveBeenCalled();
    expect(actions.copyText).not.toHaveBeenCalled();
    expect(actions.setLoginItem).not.toHaveBeenCalled();
  });
});
