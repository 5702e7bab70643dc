import fs from 'node:fs';
import Database from 'better-sqlite3';
import { Value } from 'typebox/value';
import type { ServerConfig } from '../../shared/schemas/gateway-config';
import { SettingsPatch, type GatewaySettings } from '../../shared/schemas/settings';
import type { SettingsRepository } from '../storage/settings-repository';

/** The row of the settings table holding what the GUI saved, as one JSON object. */
export const SAVED_SETTINGS_KEY = 'gateway_settings';

/** Only the fields the user saved; everything absent falls back to the config file or the default. */
export type SavedSettings = Partial<GatewaySettings>;

export interface ReadSavedSettings {
  saved: SavedSettings;
  /** Why the stored value was ignored; null when it was read as is or there was none. */
  problem: string | null;
}

/** Parses the stored JSON; a value that no longer fits the schema is ignored rather than half-applied. */
export function parseSavedSettings(text: string | undefined): ReadSavedSettings {
  if (text === undefined) return { saved: {}, problem: null };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      saved: {},
      problem: `Saved settings are not valid JSON (${(error as Error).message}); ignored.`,
    };
  }
  if (!Value.Check(SettingsPatch, data)) {
    const first = [...Value.Errors(SettingsPatch, data)][0];
    return {
      saved: {},
      problem: `Saved settings do not fit this version (${first?.instancePath || 'top level'}: ${first?.message}); ignored.`,
    };
  }
  return { saved: data, problem: null };
}

export function loadSavedSettings(repository: SettingsRepository): ReadSavedSettings {
  return parseSavedSettings(repository.get(SAVED_SETTINGS_KEY));
}

export function storeSavedSettings(repository: SettingsRepository, saved: SavedSettings): void {
  repository.set(SAVED_SETTINGS_KEY, JSON.stringify(saved));
}

/**
 * Reads the saved settings before the gateway opens its database, because the listening address must be
 * known first. A missing file has nothing saved; a database that cannot be read here is reported when the
 * gateway opens it properly.
 */
export function readSavedSettingsFile(databaseFile: string): ReadSavedSettings {
  if (!fs.existsSync(databaseFile)) return { saved: {}, problem: null };
  let db: Database.Database | undefined;
  try {
    db = new Database(databaseFile, { fileMustExist: true });
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SAVED_SETTINGS_KEY) as
      { value: string } | undefined;
    return parseSavedSettings(row?.value);
  } catch {
    return { saved: {}, problem: null };
  } finally {
    db?.close();
  }
}

/**
 * The server section the gateway starts with: the config file's values win over saved ones, so a file
 * stays the single source of truth for what it declares. Command-line flags win over both (startGateway).
 */
export function withSavedServerSettings(
  server: ServerConfig | undefined,
  saved: SavedSettings,
): ServerConfig | undefined {
  const merged: ServerConfig = { ...server };
  if (merged.port === undefined && saved.port !== undefined) merged.port = saved.port;
  if (merged.host === undefined && saved.host !== undefined) merged.host = saved.host;
  if (merged.exposeOnLan === undefined && saved.exposeOnLan !== undefined)
    merged.exposeOnLan = saved.exposeOnLan;
  if (merged.logBodies === undefined && saved.logBodies !== undefined) merged.logBodies = saved.logBodies;
  if (merged.logBodyMaxBytes === undefined && saved.logBodyMaxBytes !== undefined)
    merged.logBodyMaxBytes = saved.logBodyMaxBytes;
  return Object.keys(merged).length === 0 ? server : merged;
}
