import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Type-only electron import: this module stays loadable in plain Node for unit tests.
import type { App } from 'electron';

/** Added to the login launch so Gatehouse starts in the tray instead of opening its window. */
export const HIDDEN_SWITCH = '--hidden';

/** Starting Gatehouse when the user logs in. */
export interface LoginItem {
  get(): boolean;
  set(enabled: boolean): void;
}

export interface LoginItemOptions {
  platform: NodeJS.Platform;
  app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings' | 'isPackaged' | 'getAppPath'>;
  env: NodeJS.ProcessEnv;
  execPath: string;
}

/**
 * The login item for this platform. Electron's login item API covers macOS and Windows only; on
 * Linux the freedesktop autostart folder does the same job. Returns undefined where neither applies.
 */
export function createLoginItem(options: LoginItemOptions): LoginItem | undefined {
  // An unpackaged app is `electron <app folder>`: the folder must be passed too.
  const launchArgs = options.app.isPackaged ? [] : [options.app.getAppPath()];
  if (options.platform === 'darwin' || options.platform === 'win32') {
    return electronLoginItem(options.app, options.platform === 'win32' ? [...launchArgs, HIDDEN_SWITCH] : []);
  }
  if (options.platform === 'linux') {
    return linuxAutostart({
      configHome: options.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'),
      // An AppImage runs from a fresh mount point each time; APPIMAGE is the file the user keeps.
      executable: options.env.APPIMAGE || options.execPath,
      args: [...launchArgs, HIDDEN_SWITCH],
    });
  }
  return undefined;
}

function electronLoginItem(app: LoginItemOptions['app'], args: string[]): LoginItem {
  return {
    get: () => app.getLoginItemSettings({ args }).openAtLogin,
    set: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args }),
  };
}

export interface LinuxAutostartOptions {
  /** $XDG_CONFIG_HOME, usually ~/.config. */
  configHome: string;
  executable: string;
  args: string[];
}

export const AUTOSTART_FILE_NAME = 'gatehouse.desktop';

export function linuxAutostart(options: LinuxAutostartOptions): LoginItem {
  const file = path.join(options.configHome, 'autostart', AUTOSTART_FILE_NAME);
  return {
    get: () => fs.existsSync(file),
    set: (enabled) => {
      if (!enabled) {
        fs.rmSync(file, { force: true });
        return;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, autostartEntry(options.executable, options.args));
    },
  };
}

/** A freedesktop Desktop Entry that launches `executable args…` at login. */
export function autostartEntry(executable: string, args: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Gatehouse',
    'Comment=Local API & LLM gateway',
    `Exec=${[executable, ...args].map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Quotes one Exec argument by the Desktop Entry rules: arguments with reserved characters go in
 * double quotes with `"`, `` ` ``, `$` and `\` backslash-escaped, and since Exec is itself a string
 * value every backslash is then doubled once more. `%` starts a field code, so it is written `%%`.
 */
export function quoteExecArgument(argument: string): string {
  const escapedPercent = argument.replaceAll('%', '%%');
  if (/^[\w@%+=:,./-]+$/.test(escapedPercent)) return escapedPercent;
  const quoted = `"${escapedPercent.replace(/["`$\\]/g, (character) => `\\${character}`)}"`;
  return quoted.replaceAll('\\', '\\\\');
}

/** A launch at login starts in the tray; the window opens from the tray or a second launch. */
export function wasLaunchedAtLogin(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_SWITCH) || wasOpenedAtLogin;
}
