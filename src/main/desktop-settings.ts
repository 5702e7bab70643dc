import fs from 'node:fs';
import path from 'node:path';

/** What the desktop app remembers between launches, beside gatehouse.db. */
export interface DesktopSettings {
  /** The port the gateway listens on at 127.0.0.1. */
  port: number;
}

export const DESKTOP_SETTINGS_FILE = 'desktop.json';
export const DEFAULT_DESKTOP_PORT = 4141;

export interface LoadedDesktopSettings {
  settings: DesktopSettings;
  /** Why part or all of the file was ignored; empty when it was read as is or did not exist. */
  problems: string[];
}

export function desktopSettingsPath(dataDir: string): string {
  return path.join(dataDir, DESKTOP_SETTINGS_FILE);
}

/** A listening port the desktop can promise a stable URL on: 0 would pick a new port every launch. */
export function isUsablePort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535;
}

/** Checks parsed JSON field by field; a bad field falls back to its default instead of failing the launch. */
export function parseDesktopSettings(data: unknown, origin = DESKTOP_SETTINGS_FILE): LoadedDesktopSettings {
  const settings: DesktopSettings = { port: DEFAULT_DESKTOP_PORT };
  const problems: string[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(`${origin} is not a JSON object; using the defaults.`);
    return { settings, problems };
  }
  const record = data as Record<string, unknown>;
  if (record.port !== undefined) {
    if (isUsablePort(record.port)) settings.port = record.port;
    else
      problems.push(
        `${origin}: "port" must be a whole number from 1 to 65535, got ${JSON.stringify(record.port)}; using ${DEFAULT_DESKTOP_PORT}.`,
      );
  }
  return { settings, problems };
}

/** Reads desktop.json; a missing file gives the defaults, an unreadable one the defaults plus a problem. */
export function readDesktopSettings(dataDir: string): LoadedDesktopSettings {
  const file = desktopSettingsPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { settings: { port: DEFAULT_DESKTOP_PORT }, problems: [] };
    }
    return {
      settings: { port: DEFAULT_DESKTOP_PORT },
      problems: [`Cannot read ${file}: ${(error as Error).message}; using the defaults.`],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      settings: { port: DEFAULT_DESKTOP_PORT },
      problems: [`${file} is not valid JSON (${(error as Error).message}); using the defaults.`],
    };
  }
  return parseDesktopSettings(data, file);
}

/**
 * Writes desktop.json through a temporary file and a rename, so a crash mid-write leaves the old
 * file rather than half a file. Keys this version does not know are kept for newer versions.
 */
export function writeDesktopSettings(dataDir: string, settings: DesktopSettings): void {
  if (!isUsablePort(settings.port)) throw new Error(`Cannot save port ${settings.port}: not 1–65535.`);
  const file = desktopSettingsPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const merged = { ...readExistingObject(file), ...settings };
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(merged, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

function readExistingObject(file: string): Record<string, unknown> {
  try {
    const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
