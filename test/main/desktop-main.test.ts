import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_CHANNELS, type BridgeValues } from '../../src/main/desktop-ipc';
import { readDesktopSettings, writeDesktopSettings } from '../../src/main/desktop-settings';
import { tempDir } from '../helpers/gateway-harness';
import { createFakeElectron, eventually } from './fake-electron';

// src/main/index.ts is Electron glue: here it runs against a recording stand-in for Electron, with the
// real gateway, a real data folder and real ports.
const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeElectron> | undefined }));
// vitest keeps a mocked module across resetModules, so each export is looked up in this test's fake.
vi.mock('electron', () => {
  const names = [
    'app',
    'BrowserWindow',
    'Tray',
    'Menu',
    'nativeImage',
    'dialog',
    'ipcMain',
    'session',
    'shell',
    'clipboard',
  ];
  return Object.fromEntries(
    names.map((name) => [
      name,
      new Proxy(function () {}, {
        get: (_target, key) => Reflect.get(exported(name), key),
        construct: (_target, args) => Reflect.construct(exported(name), args),
      }),
    ]),
  );
  function exported(name: string): new (...args: unknown[]) => object {
    const value = (fake.current?.electron as Record<string, unknown> | undefined)?.[name];
    if (value === undefined) throw new Error(`The fake electron has no ${name}`);
    return value as new (...args: unknown[]) => object;
  }
});

const root = fileURLToPath(new URL('../..', import.meta.url));
const appPageUrl = `${pathToFileURL(path.join(root, 'src/renderer/index.html')).href}#/`;

let desktop: ReturnType<typeof createFakeElectron>;
let dataDir: string;
const servers: net.Server[] = [];

async function listen(port = 0): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1' }, resolve));
  servers.push(server);
  return server;
}

async function freePort(): Promise<number> {
  const server = await listen();
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function launch(): Promise<void> {
  vi.resetModules();
  await import('../../src/main/index');
  await eventually(() => expect(desktop.trays).toHaveLength(1));
}

function bridge(): BridgeValues {
  return desktop.sendSync(DESKTOP_CHANNELS.bridge, appPageUrl) as BridgeValues;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).status === 200;
  } catch {
    return false;
  }
}

async function quit(): Promise<void> {
  desktop.app.quit();
  await eventually(() => expect(desktop.app.quits).toBe(1));
}

beforeEach(() => {
  dataDir = tempDir();
  vi.stubEnv('GATEHOUSE_DATA_DIR', dataDir);
  vi.stubEnv('GATEHOUSE_NO_KEYCHAIN', '1');
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
  desktop = createFakeElectron(root);
  fake.current = desktop;
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe('the desktop main process', () => {
  it('serves on the saved port, opens a locked-down window and hands it the admin URL and token', async () => {
    const port = await freePort();
    writeDesktopSettings(dataDir, { port });
    await launch();

    const url = `http://127.0.0.1:${port}`;
    expect(await answers(url)).toBe(true);
    expect(desktop.windows).toHaveLength(1);
    const [window] = desktop.windows;
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(window?.loadFile).toHaveBeenCalledWith(path.join(root, 'src/renderer/index.html'));

    const values = bridge();
    expect(values).toMatchObject({ adminUrl: url, version: '0.1.0' });
    const admin = await fetch(`${url}/admin/logs`, {
      headers: { authorization: `Bearer ${values.adminToken}` },
    });
    expect(admin.status).toBe(200);
    expect(desktop.sendSync(DESKTOP_CHANNELS.bridge, 'https://evil.example/')).toBeNull();
    await quit();
  });

  it('keeps the window on the app: links go to the browser, new windows are refused', async () => {
    writeDesktopSettings(dataDir, { port: await freePort() });
    await launch();
    const contents = desktop.windows[0]?.webContents;
    if (!contents) throw new Error('no window');
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      contents.emit('will-navigate', event);
      return event.preventDefault;
    };

    expect(navigate(`${appPageUrl}logs`)).not.toHaveBeenCalled();
    expect(navigate('https://docs.example.com/guide')).toHaveBeenCalled();
    expect(navigate('file:///etc/passwd')).toHaveBeenCalled();
    expect(desktop.electron.shell.openExternal.mock.calls).toEqual([['https://docs.example.com/guide']]);

    const openHandler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as (details: {
      url: string;
    }) => unknown;
    expect(openHandler({ url: 'https://evil.example/popup' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(desktop.electron.shell.openExternal).toHaveBeenCalledTimes(2);
    await quit();
  });

  it('shows the gateway in the tray, and pause and resume there really stop and restart it', async () => {
    const port = await freePort();
    writeDesktopSettings(dataDir, { port });
    await launch();
    const url = `http://127.0.0.1:${port}`;
    const [tray] = desktop.trays;
    if (!tray) throw new Error('no tray');

    expect(tray.tooltip).toBe(`Gatehouse: running on ${url} · 0 requests today`);
    expect(tray.image).toEqual({ file: path.join(root, 'resources', 'tray-running.png') });

    tray.click('Pause gateway');
    await eventually(() => expect(tray.tooltip).toMatch(/^Gatehouse: paused/));
    expect(tray.image).toEqual({ file: path.join(root, 'resources', 'tray-paused.png') });
    expect(await answers(url)).toBe(false);

    tray.click('Copy URL');
    expect(desktop.electron.clipboard.writeText).toHaveBeenCalledWith(url);

    tray.click('Resume gateway');
    await eventually(() => expect(tray.tooltip).toMatch(/^Gatehouse: running/));
    expect(await answers(url)).toBe(true);
    await quit();
  });

  it('keeps serving from the tray when the window is closed, and reopens it on demand', async () => {
    writeDesktopSettings(dataDir, { port: await freePort() });
    await launch();
    desktop.windows[0]?.close();
    expect(desktop.app.quit).not.toHaveBeenCalled();
    expect(await answers(bridge().adminUrl)).toBe(true);

    desktop.trays[0]?.click('Open Gatehouse');
    expect(desktop.windows).toHaveLength(2);
    desktop.app.emit('second-instance');
    expect(desktop.windows).toHaveLength(2);
    expect(desktop.windows[1]?.focus).toHaveBeenCalled();
    await quit();
  });

  it('closes the gateway before it lets the app quit', async () => {
    writeDesktopSettings(dataDir, { port: await freePort() });
    await launch();
    const { adminUrl } = bridge();
    desktop.trays[0]?.click('Quit Gatehouse');
    await eventually(() => expect(desktop.app.quits).toBe(1));
    expect(desktop.app.quit).toHaveBeenCalledTimes(2);
    expect(await answers(adminUrl)).toBe(false);
    expect(desktop.trays[0]?.destroyed).toBe(true);
  });

  it('offers another port when the saved one is taken, and starts there after "Use port N"', async () => {
    const busy = await listen();
    const busyPort = (busy.address() as net.AddressInfo).port;
    writeDesktopSettings(dataDir, { port: busyPort });
    await launch();

    const dialog = desktop.electron.dialog.showMessageBox;
    expect(dialog).toHaveBeenCalledTimes(1);
    const chosen = readDesktopSettings(dataDir).settings.port;
    expect(chosen).not.toBe(busyPort);
    expect(dialog.mock.calls[0]?.[0].buttons).toEqual([`Use port ${chosen}`, 'Quit']);
    expect(bridge().adminUrl).toBe(`http://127.0.0.1:${chosen}`);
    expect(await answers(`http://127.0.0.1:${chosen}`)).toBe(true);
    await quit();
  });

  it('quits without a window when the user declines another port', async () => {
    const busy = await listen();
    writeDesktopSettings(dataDir, { port: (busy.address() as net.AddressInfo).port });
    desktop.electron.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    vi.resetModules();
    await import('../../src/main/index');

    await eventually(() => expect(desktop.app.quits).toBe(1));
    expect(desktop.windows).toHaveLength(0);
    expect(desktop.electron.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('leaves at once when another Gatehouse already runs', async () => {
    desktop.app.requestSingleInstanceLock.mockReturnValue(false);
    vi.resetModules();
    await import('../../src/main/index');
    expect(desktop.app.quits).toBe(1);
    expect(desktop.app.whenReady).not.toHaveBeenCalled();
    expect(desktop.app.listenerCount('second-instance')).toBe(0);
  });
});
