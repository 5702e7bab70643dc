import { parse as parseYaml } from 'yaml';
import type { GatewayConfig, ServerConfig } from '../../shared/schemas/gateway-config';
import type { ConfigImportResult, SettingsPatch } from '../../shared/schemas/settings';
import { API_KEYS_OPTION } from '../providers/provider-registry';
import type { RouteRepository } from '../routing/route-repository';
import type { SecretResolver } from '../secrets/secret-store';
import type { ProviderRepository } from '../storage/provider-repository';
import { ConfigError, validateConfig } from './load-config';
import type { SettingsService } from './settings-service';

export interface ImportTargets {
  providers: ProviderRepository;
  routes: RouteRepository;
  secrets: SecretResolver;
  /** Absent in gateways built without GUI settings: the server section is then skipped with a warning. */
  settings?: SettingsService;
}

const IMPORT_ORIGIN = 'imported config';
const handledSections = new Set(['server', 'providers', 'keys', 'routes', 'circuitBreaker']);
const savedServerFields = ['port', 'host', 'exposeOnLan', 'logBodies', 'logBodyMaxBytes'] as const;

/** Parses a config file's text (YAML, or JSON, which YAML reads too) exactly as `serve --config` would. */
export function parseConfigText(text: string): GatewayConfig {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ConfigError(IMPORT_ORIGIN, null, `not valid YAML or JSON: ${(error as Error).message}`);
  }
  // The loader refuses secrets written in place of references, with the same message as for a file.
  return validateConfig(data ?? {}, IMPORT_ORIGIN);
}

/**
 * Adds a config file's providers and routes to this gateway as if made in the app (editable here,
 * untouched by the next `serve --config`), and saves its server settings. Nothing is deleted. Entries the
 * running config file owns stay as they are, and gateway keys are not imported: only their hashes are
 * stored, so a key must be created here or come from a config file at start.
 */
export async function importConfig(
  config: GatewayConfig,
  targets: ImportTargets,
): Promise<ConfigImportResult> {
  const result: ConfigImportResult = { providers: [], routes: [], settings: [], warnings: [] };
  for (const provider of config.providers ?? []) {
    if (targets.providers.get(provider.id)?.source === 'config') {
      result.warnings.push(`Provider "${provider.id}" is managed by the config file; left unchanged.`);
      continue;
    }
    targets.providers.upsert({
      id: provider.id,
      type: provider.type,
      baseUrl: provider.baseUrl ?? null,
      apiKeyRef: provider.apiKey ?? provider.apiKeys?.[0] ?? null,
      source: 'admin',
      enabled: provider.enabled ?? true,
      options: {
        ...(provider.apiVersion ? { apiVersion: provider.apiVersion } : {}),
        ...(provider.apiKeys ? { [API_KEYS_OPTION]: provider.apiKeys.join(',') } : {}),
      },
    });
    result.providers.push(provider.id);
    for (const ref of provider.apiKeys ?? (provider.apiKey ? [provider.apiKey] : [])) {
      if ((await targets.secrets.resolve(ref)) === undefined) {
        result.warnings.push(
          `Provider "${provider.id}": ${ref} is not available here (${targets.secrets.describeMissing(ref)}); set its key in Providers.`,
        );
      }
    }
  }
  for (const [index, key] of (config.keys ?? []).entries()) {
    result.warnings.push(
      `keys[${index}] "${key.name}" was not imported: gateway keys are stored only as hashes, so create a new key in Keys (or start \`gatehouse serve --config\` with this file).`,
    );
  }
  const known = new Set(targets.providers.list().map((provider) => provider.id));
  for (const route of config.routes ?? []) {
    if (targets.routes.get(route.name)?.source === 'config') {
      result.warnings.push(`Route "${route.name}" is managed by the config file; left unchanged.`);
      continue;
    }
    targets.routes.upsert(route, 'admin');
    result.routes.push(route.name);
    for (const target of route.targets) {
      const provider = target.model.slice(0, target.model.indexOf('/'));
      if (!known.has(provider)) {
        result.warnings.push(
          `Route "${route.name}": target ${target.model} names no provider here; the route skips it until provider "${provider}" exists.`,
        );
      }
    }
  }
  if (config.circuitBreaker) {
    result.warnings.push('circuitBreaker is read from a config file at start only; not imported.');
  }
  for (const section of Object.keys(config)) {
    // A section this importer does not know yet (added to the config file later) must not vanish silently.
    if (!handledSections.has(section)) {
      result.warnings.push(
        `${section} is not imported here yet; start \`gatehouse serve --config\` with this file to use it.`,
      );
    }
  }
  importServer(config.server, targets.settings, result);
  return result;
}

function importServer(
  server: ServerConfig | undefined,
  settings: SettingsService | undefined,
  result: ConfigImportResult,
): void {
  if (!server) return;
  for (const name of Object.keys(server)) {
    if (!(savedServerFields as readonly string[]).includes(name)) {
      result.warnings.push(`server.${name} is read from a config file at start only; not imported.`);
    }
  }
  if (!settings) return;
  const { sources, settings: current } = settings.view();
  const patch: SettingsPatch = {};
  for (const name of savedServerFields) {
    const value = server[name];
    if (value === undefined || value === current[name]) continue;
    if (sources[name] === 'config' || sources[name] === 'start-option') {
      result.warnings.push(`server.${name} is fixed by how this gateway was started; not imported.`);
      continue;
    }
    Object.assign(patch, { [name]: value });
  }
  if (Object.keys(patch).length === 0) return;
  try {
    settings.update(patch);
    result.settings.push(...Object.keys(patch));
  } catch (error) {
    result.warnings.push(`The server settings were not imported: ${(error as Error).message}.`);
  }
}
