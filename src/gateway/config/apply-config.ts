import type { GatewayConfig } from '../../shared/schemas/gateway-config';
import { SecretResolver } from '../secrets/secret-store';
import type { KeyRepository } from '../storage/key-repository';
import type { ProviderRepository } from '../storage/provider-repository';
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
  repositories: { providers: ProviderRepository; keys: KeyRepository },
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
      apiKeyRef: provider.apiKey ?? null,
      source: 'config',
      enabled: provider.enabled ?? true,
      options: provider.apiVersion ? { apiVersion: provider.apiVersion } : {},
    });
    if (provider.apiKey && (await secrets.resolve(provider.apiKey)) === undefined) {
      warnings.push(
        `Provider "${provider.id}": ${provider.apiKey} is not available; ${SecretResolver.howToSupply(provider.apiKey)}. Other providers keep working.`,
      );
    }
  }
  for (const existing of repositories.providers.list()) {
    if (existing.source === 'config' && !declared.has(existing.id))
      repositories.providers.remove(existing.id);
  }
  for (const { name, value } of keys) repositories.keys.upsertFromConfig(name, value);
  return { warnings };
}

async function resolveKeys(
  config: GatewayConfig,
  file: string,
  secrets: SecretResolver,
): Promise<Array<{ name: string; value: string }>> {
  const resolved: Array<{ name: string; value: string }> = [];
  for (const [index, key] of (config.keys ?? []).entries()) {
    const value = await secrets.resolve(key.key);
    if (value === undefined) {
      throw new ConfigError(
        file,
        `keys[${index}].key`,
        `${key.key} is not set; ${SecretResolver.howToSupply(key.key)}`,
      );
    }
    resolved.push({ name: key.name, value });
  }
  return resolved;
}
