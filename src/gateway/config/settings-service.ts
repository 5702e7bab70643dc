import type { ServerConfig } from '../../shared/schemas/gateway-config';
import type {
  GatewaySettings,
  PricingOverride,
  SettingName,
  SettingSource,
  SettingsPatch,
  SettingsView,
} from '../../shared/schemas/settings';
import { GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { isLoopbackHost } from '../plugins/host-guard';
import type { PriceMap, PricingTable } from '../pricing/pricing-table';
import { PROVIDER_PRESETS } from '../providers/provider-presets';
import type { SettingsRepository } from '../storage/settings-repository';
import { loadSavedSettings, storeSavedSettings, type SavedSettings } from './saved-settings';
import { DEFAULT_HOST, DEFAULT_PORT, resolveServerSettings } from './server-settings';

const defaults = resolveServerSettings();
export const DEFAULT_SETTINGS: GatewaySettings = {
  port: DEFAULT_PORT,
  host: DEFAULT_HOST,
  exposeOnLan: false,
  logRetentionDays: null,
  logBodies: defaults.logBodies,
  logBodyMaxBytes: defaults.logBodyMaxBytes,
  pricingOverrides: [],
  theme: 'system',
};

/** Fields the config file's server section can fix. */
const configFields = ['port', 'host', 'exposeOnLan', 'logBodies', 'logBodyMaxBytes'] as const;
/** Fields that only take effect when the gateway starts again. */
const restartFields = ['port', 'host', 'exposeOnLan'] as const;

export interface SettingsOrigins {
  /** The config file's server section as written (before saved settings were merged in). */
  config: ServerConfig | undefined;
  /** Values the caller of startGateway fixed: `gatehouse serve --port/--host`, or the desktop app. */
  startOptions: { port?: number; host?: string };
  /** What the running gateway listens on. */
  running: { host: string; port: number; exposeOnLan: boolean };
}

/**
 * The settings the GUI manages: saved in the settings table, merged with the config file (which wins for
 * what it declares) and the defaults. Body logging and prices apply at once; the listening address at the
 * next start (docs/gui.md has the precedence).
 */
export class SettingsService {
  private saved: SavedSettings;
  private readonly listeners = new Set<(settings: GatewaySettings) => void>();

  constructor(
    private readonly repository: SettingsRepository,
    private readonly services: GatewayServices,
    private readonly origins: SettingsOrigins,
    /** The bundled price table; overrides are laid over it, never over an earlier overridden table. */
    private readonly bundledPricing: PricingTable,
  ) {
    this.saved = loadSavedSettings(repository).saved;
  }

  /** Calls `listener` after every saved change (the log retention sweeper listens). */
  onChange(listener: (settings: GatewaySettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  current(): GatewaySettings {
    const settings = { ...DEFAULT_SETTINGS, ...this.saved };
    for (const name of configFields) {
      const fixed = this.fixedValue(name);
      if (fixed !== undefined) Object.assign(settings, { [name]: fixed });
    }
    return settings;
  }

  view(): SettingsView {
    const settings = this.current();
    const sources = Object.fromEntries(
      (Object.keys(DEFAULT_SETTINGS) as SettingName[]).map((name) => [name, this.source(name)]),
    ) as Record<SettingName, SettingSource>;
    const { running } = this.origins;
    const restartRequired = restartFields.some(
      (name) => sources[name] !== 'start-option' && settings[name] !== running[name],
    );
    return { settings, sources, running: { ...running }, restartRequired };
  }

  /** Saves the changed fields and applies what can apply now; throws a GatewayError for a refused change. */
  update(patch: SettingsPatch): SettingsView {
    for (const name of Object.keys(patch) as SettingName[]) {
      const source = this.source(name);
      if (source === 'config' || source === 'start-option') {
        const current = this.current()[name];
        // Saving the value that already applies is harmless (the GUI sends whole sections).
        if (JSON.stringify(current) !== JSON.stringify(patch[name])) throw lockedError(name, source);
      }
    }
    const next: SavedSettings = { ...this.saved, ...withoutLocked(patch, (name) => this.isLocked(name)) };
    const merged = { ...this.current(), ...next };
    checkNetwork(merged, this.services.keys.count());
    if (patch.pricingOverrides) checkPricing(patch.pricingOverrides);
    storeSavedSettings(this.repository, next);
    this.saved = next;
    this.applyLive();
    const settings = this.current();
    for (const listener of this.listeners) listener(settings);
    return this.view();
  }

  /** Pushes body logging and prices into the running gateway; the request path reads them per request. */
  applyLive(): void {
    const settings = this.current();
    this.services.settings.logBodies = settings.logBodies;
    this.services.settings.logBodyMaxBytes = settings.logBodyMaxBytes;
    this.services.pricing = this.bundledPricing.withOverrides(priceMap(settings.pricingOverrides));
  }

  private isLocked(name: SettingName): boolean {
    const source = this.source(name);
    return source === 'config' || source === 'start-option';
  }

  private source(name: SettingName): SettingSource {
    if (name === 'port' && this.origins.startOptions.port !== undefined) return 'start-option';
    if (name === 'host' && this.origins.startOptions.host !== undefined) return 'start-option';
    if ((configFields as readonly string[]).includes(name) && this.configValue(name) !== undefined)
      return 'config';
    // LAN exposure only means something for the address it exposes; whoever fixed that decides it too.
    if (name === 'exposeOnLan' && this.origins.startOptions.host !== undefined) return 'start-option';
    return this.saved[name] === undefined ? 'default' : 'saved';
  }

  private configValue(name: SettingName): unknown {
    return (this.origins.config as Record<string, unknown> | undefined)?.[name];
  }

  private fixedValue(name: (typeof configFields)[number]): unknown {
    const { startOptions, running } = this.origins;
    if (name === 'port' && startOptions.port !== undefined) return running.port;
    if (name === 'host' && startOptions.host !== undefined) return startOptions.host;
    const configured = this.configValue(name);
    if (configured !== undefined) return configured;
    if (name === 'exposeOnLan' && startOptions.host !== undefined) return running.exposeOnLan;
    return undefined;
  }
}

function withoutLocked(patch: SettingsPatch, locked: (name: SettingName) => boolean): SavedSettings {
  return Object.fromEntries(
    Object.entries(patch).filter(([name]) => !locked(name as SettingName)),
  ) as SavedSettings;
}

function lockedError(name: SettingName, source: SettingSource) {
  const where =
    source === 'config'
      ? `the config file (server.${name}); change it there`
      : `how the gateway was started (gatehouse serve --${name}, or the desktop app); start it without that option to use a saved value`;
  return GatewayErrors.conflict(`The ${name} setting is fixed by ${where}`, { param: name });
}

/** The rules of docs/security.md, checked when saving so the next start cannot fail on them. */
function checkNetwork(settings: GatewaySettings, activeKeys: number): void {
  if (isLoopbackHost(settings.host)) return;
  if (!settings.exposeOnLan) {
    throw GatewayErrors.invalidRequest(
      `Listening on ${settings.host} makes Gatehouse reachable from the network: turn on LAN exposure (exposeOnLan) as well, or use 127.0.0.1`,
      { param: 'exposeOnLan' },
    );
  }
  if (activeKeys === 0) {
    throw GatewayErrors.conflict(
      'LAN exposure needs at least one gateway key, or anyone on the network could spend your provider credit: create a key first',
      { param: 'exposeOnLan' },
    );
  }
}

function checkPricing(overrides: PricingOverride[]): void {
  const seen = new Set<string>();
  for (const override of overrides) {
    const preset = PROVIDER_PRESETS[override.providerType];
    if (!preset.pricingKey) {
      throw GatewayErrors.invalidRequest(
        preset.local
          ? `${preset.label} models run locally and cost nothing; no price is needed`
          : `Gatehouse does not compute costs for ${preset.label} providers yet, so a price for them would not be used`,
        { param: 'pricingOverrides' },
      );
    }
    const id = `${preset.pricingKey}/${override.model}`;
    if (seen.has(id)) {
      throw GatewayErrors.invalidRequest(`Two prices for ${override.model} (${preset.label}); keep one`, {
        param: 'pricingOverrides',
      });
    }
    seen.add(id);
  }
}

/** Overrides keyed the way the price table is: by the provider type's price list, then model. */
export function priceMap(overrides: PricingOverride[]): PriceMap {
  const map: PriceMap = {};
  for (const { providerType, model, input, output } of overrides) {
    const key = PROVIDER_PRESETS[providerType].pricingKey;
    if (key) (map[key] ??= {})[model] = { input, output };
  }
  return map;
}
