import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  autostartEntry,
  createLoginItem,
  HIDDEN_SWITCH,
  quoteExecArgument,
  wasLaunchedAtLogin,
} from '../../src/main/start-at-login';
import { tempDir } from '../helpers/gateway-harness';

function fakeApp(packaged = true) {
  let openAtLogin = false;
  return {
    isPackaged: packaged,
    getAppPath: () => '/home/ada/src/gatehouse',
    getLoginItemSettings: vi.fn(() => ({ openAtLogin }) as Electron.LoginItemSettings),
    setLoginItemSettings: vi.fn((settings: Electron.Settings) => {
      openAtLogin = settings.openAtLogin ?? false;
    }),
  };
}

describe('start at login on Linux (freedesktop autostart)', () => {
  it('writes and removes ~/.config/autostart/gatehouse.desktop, launching the AppImage hidden', () => {
    const configHome = tempDir();
    const item = createLoginItem({
      platform: 'linux',
      app: fakeApp(),
      env: { XDG_CONFIG_HOME: configHome, APPIMAGE: '/home/ada/Apps/Gatehouse-0.1.0-linux-x86_64.AppImage' },
      execPath: '/tmp/.mount_GatehoXYZ/gatehouse',
    });
    const file = path.join(configHome, 'autostart', 'gatehouse.desktop');

    expect(item?.get()).toBe(false);
    item?.set(true);
    expect(item?.get()).toBe(true);
    const entry = fs.readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Gatehouse\n');
    expect(entry).toContain('Exec=/home/ada/Apps/Gatehouse-0.1.0-linux-x86_64.AppImage --hidden\n');

    item?.set(false);
    expect(item?.get()).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('launches the installed binary when not an AppImage, and the app folder in development', () => {
    expect(autostartEntry('/opt/Gatehouse/gatehouse', [HIDDEN_SWITCH])).toContain(
      'Exec=/opt/Gatehouse/gatehouse --hidden\n',
    );
    const configHome = tempDir();
    createLoginItem({
      platform: 'linux',
      app: fakeApp(false),
      env: { XDG_CONFIG_HOME: configHome },
      execPath: '/home/ada/src/gatehouse/node_modules/electron/dist/electron',
    })?.set(true);
    expect(fs.readFileSync(path.join(configHome, 'autostart', 'gatehouse.desktop'), 'utf8')).toContain(
      'Exec=/home/ada/src/gatehouse/node_modules/electron/dist/electron /home/ada/src/gatehouse --hidden\n',
    );
  });

  it.each([
    ['/opt/Gatehouse/gatehouse', '/opt/Gatehouse/gatehouse'],
    ['/home/ada/My Apps/Gatehouse', '"/home/ada/My Apps/Gatehouse"'],
    ['/home/ada/$HOME/a"b', '"/home/ada/\\\\$HOME/a\\\\"b"'],
    ['/home/ada/100%/gatehouse', '/home/ada/100%%/gatehouse'],
  ])('quotes %s for the Exec line', (argument, quoted) => {
    expect(quoteExecArgument(argument)).toBe(quoted);
  });
});

describe('start at login on macOS and Windows (Electron login items)', () => {
  it('registers the app with Electron, with --hidden on Windows', () => {
    const app = fakeApp();
    const item = createLoginItem({
      platform: 'win32',
      app,
      env: {},
      execPath: 'C:\\Gatehouse\\Gatehouse.exe',
    });
    item?.set(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: [HIDDEN_SWITCH] });
    expect(item?.get()).toBe(true);
    expect(app.getLoginItemSettings).toHaveBeenCalledWith({ args: [HIDDEN_SWITCH] });
  });

  it('passes no arguments on macOS, which reports a login launch itself', () => {
    const app = fakeApp();
    createLoginItem({ platform: 'darwin', app, env: {}, execPath: '/Applications/Gatehouse.app' })?.set(
      false,
    );
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false, args: [] });
  });

  it('offers nothing on other platforms', () => {
    expect(
      createLoginItem({ platform: 'freebsd', app: fakeApp(), env: {}, execPath: '/usr/local/bin/x' }),
    ).toBe(undefined);
  });
});

describe('wasLaunchedAtLogin', () => {
  it('is true for the --hidden switch or a macOS login launch', () => {
    expect(wasLaunchedAtLogin(['/opt/Gatehouse/gatehouse', '--hidden'], false)).toBe(true);
    expect(wasLaunchedAtLogin(['/Applications/Gatehouse.app/Contents/MacOS/Gatehouse'], true)).toBe(true);
    expect(wasLaunchedAtLogin(['/opt/Gatehouse/gatehouse'], false)).toBe(false);
  });
});
