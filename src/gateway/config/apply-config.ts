import type { GatewayConfig, KeyLimits } from '../../shared/schemas/gateway-config';
import type { SecretResolver } from '../secrets/secret-store';
import type { ApiRepository } from '../storage/api-repository';
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
  repositories: {
    providers: ProviderRepository;
    keys: KeyRepository;
    routes?: RouteRepository;
    apis?: ApiRepository;
  },
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
  if (repositories.apis) await applyApis(config, file, repositories.apis, secrets, warnings);
  for (const { name, value, limits, apis } of keys)
    repositories.keys.upsertFromConfig(name, value, limits, apis ?? null);
  if (repositories.routes) applyRoutes(config, repositories.routes, repositories.providers, warnings);
  return { warnings };
}

async function resolveKeys(
  config: GatewayConfig,
  file: string,
  secrets: SecretResolver,
): Promise<Array<{ name: string; value: string; limits: KeyLimits; apis?: string[] }>> {
  const resolved: Array<{ name: string; value: string; limits: KeyLimits; apis?: string[] }> = [];
  for (const [index, key] of (config.keys ?? []).entries()) {
    const value = await secrets.resolve(key.key);
    if (value === undefined) {
      throw new ConfigError(
        file,
        `keys[${index}].key`,
        `${key.key} is not set; ${secrets.describeMissing(key.key)}`,
      );
    }
    resolved.push({ name: key.name, value, limits: key.limits ?? {}, apis: key.apis });
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

/**
 * REST APIs (docs/rest-apis.md) work like providers: the file's APIs are upserted as `config`, its removed
 * ones deleted, and a credential reference that does not resolve is a warning (that API answers 500 saying
 * what to set; the others keep working). The stored OpenAPI document of an API survives the upsert.
 */
async function applyApis(
  config: GatewayConfig,
  file: string,
  apis: ApiRepository,
  secrets: SecretResolver,
  warnings: string[],
): Promise<void> {
  const declared = new Set<string>();
  for (const [index, api] of (config.apis ?? []).entries()) {
    if (declared.has(api.slug))
      throw new ConfigError(file, `apis[${index}].slug`, `duplicate API slug "${api.slug}"`);
    declared.add(api.slug);
    const existing = apis.get(api.slug);
    if (existing?.source === 'admin') {
      warnings.push(
        `API "${api.slug}" from the config file replaces the one created in the app with that slug.`,
      );
    }
    apis.upsert(api, 'config');
    const reference = api.auth?.secret;
    if (api.auth && !reference) {
      warnings.push(
        `API "${api.slug}": auth has no secret reference; calls answer 500 until auth.secret is set.`,
      );
    } else if (reference && (await secrets.resolve(reference)) === undefined) {
      warnings.push(
        `API "${api.slug}": cannot resolve ${reference}; ${secrets.describeMissing(reference)}. Other APIs keep working.`,
      );
    }
  }
  for (const existing of apis.list()) {
    if (existing.source === 'config' && !declared.has(existing.config.slug))
      apis.remove(existing.config.slug);
  }
  const known = new Set(apis.list().map((api) => api.config.slug));
  for (const key of config.keys ?? []) {
    for (const slug of key.apis ?? []) {
      if (!known.has(slug))
        warnings.push(
          `Key "${key.name}" lists API "${slug}", which is not configured; it can call it once it exists.`,
        );
    }
  }
}
