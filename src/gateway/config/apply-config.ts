import type { GatewayConfig, KeyLimits } from '../../shared/schemas/gateway-config';
import type { SecretResolver } from '../secrets/secret-store';
import type { KeyRepository } from '../storage/key-repository';
import type { ProviderRepository } from '../storage/provider-repository';
import { API_KEYS_OPTION } from '../providers/provider-registry';
import type { RouteRepository } from '../routing/route-repository';
import { ConfigError } from './load-config';

export interface ApplyConfigResult {
  /** Problems that do not stop the gateway, for the operator to read. */
  warnings: string[];
}

/**
 * Upserts the file's providers and keys (by id / name), so applying the same file twice changes nothing.
 * The file owns the entries it declares: they are marked `config`, and entries that came from an earlier
 * version of the file but are gone from it now are removed. Entries created in the GUI are left alone.
 */
export async function applyConfig(
  config: GatewayConfig,
  file: string,
  repositories: { providers: ProviderRepository; keys: KeyRepository; routes?: RouteRepository },
  secrets: SecretResolver,
): Promise<ApplyConfigResult> {
  const warnings: string[] = [];
  const keys = await resolveKeys(config, file, secrets);

  const declared = new Set<string>();
  for (const provider of config.providers ?? []) {
    declared.add(provider.id);
    repositories.providers.upsert({
      id: provider.id,
      type: provider.type,
      baseUrl: provider.baseUrl ?? null,
      apiKeyRef: provider.apiKey ?? provider.apiKeys?.[0] ?? null,
      source: 'config',
      enabled: provider.enabled ?? true,
      options: {
        ...(provider.apiVersion ? { apiVersion: provider.apiVersion } : {}),
        ...(provider.apiKeys ? { [API_KEYS_OPTION]: provider.apiKeys.join(',') } : {}),
      },
    });
    for (const ref of provider.apiKeys ?? []) {
      if ((await secrets.resolve(ref)) === undefined) {
        warnings.push(
          `Provider "${provider.id}": cannot resolve ${ref}; ${secrets.describeMissing(ref)}. Its other keys keep working.`,
        );
      }
    }
    if (provider.apiKey && (await secrets.resolve(provider.apiKey)) === undefined) {
      warnings.push(
        `Provider "${provider.id}": cannot resolve ${provider.apiKey}; ${secrets.describeMissing(provider.apiKey)}. Other providers keep working.`,
      );
    }
  }
  for (const existing of repositories.providers.list()) {
    if (existing.source === 'config' && !declared.has(existing.id))
      repositories.providers.remove(existing.id);
  }
  for (const { name, value, limits } of keys) repositories.keys.upsertFromConfig(name, value, limits);
  if (repositories.routes) applyRoutes(config, repositories.routes, repositories.providers, warnings);
  return { warnings };
}

async function resolveKeys(
  config: GatewayConfig,
  file: string,
  secrets: SecretResolver,
): Promise<Array<{ name: string; value: string; limits: KeyLimits }>> {
  const resolved: Array<{ name: string; value: string; limits: KeyLimits }> = [];
  for (const [index, key] of (config.keys ?? []).entries()) {
    const value = await secrets.resolve(key.key);
    if (value === undefined) {
      throw new ConfigError(
        file,
        `keys[${index}].key`,
        `${key.key} is not set; ${secrets.describeMissing(key.key)}`,
      );
    }
    resolved.push({ name: key.name, value, limits: key.limits ?? {} });
  }
  return resolved;
}

/** Routes work like providers: the file's routes are upserted as `config`, its removed ones deleted. */
function applyRoutes(
  config: GatewayConfig,
  routes: RouteRepository,
  providers: ProviderRepository,
  warnings: string[],
): void {
  const known = new Set(providers.list().map((provider) => provider.id));
  const declared = new Set<string>();
  for (const route of config.routes ?? []) {
    declared.add(route.name);
    routes.upsert(route, 'config');
    for (const target of route.targets) {
      const provider = target.model.slice(0, target.model.indexOf('/'));
      if (!known.has(provider)) {
        warnings.push(
          `Route "${route.name}": target ${target.model} names no configured provider; the route skips it until provider "${provider}" exists.`,
        );
      }
    }
  }
  for (const existing of routes.list()) {
    if (existing.source === 'config' && !declared.has(existing.config.name))
      routes.remove(existing.config.name);
  }
}
