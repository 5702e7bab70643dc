import type { ProviderType } from '../../shared/schemas/gateway-config';
import { GatewayErrors } from '../errors/gateway-error';
import type { ProviderRepository } from '../storage/provider-repository';
import { PROVIDER_PRESETS, type ProviderPreset } from './provider-presets';

export interface GatewayProvider {
  id: string;
  type: ProviderType;
  preset: ProviderPreset;
  /** API root without a trailing slash. */
  baseUrl: string;
  apiKeyRef: string | null;
  enabled: boolean;
  /** Provider-specific settings, e.g. `apiVersion` for azure-openai. */
  options: Record<string, string>;
}

/**
 * Where a provider's extra keys are kept: `options.apiKeys`, the references comma-separated (a reference
 * never contains a comma). `apiKeyRef` stays the first one, for code that needs only one key.
 */
export const API_KEYS_OPTION = 'apiKeys';

/** Every key reference of a provider, in the order they were given. */
export function providerKeyRefs(provider: Pick<GatewayProvider, 'apiKeyRef' | 'options'>): string[] {
  const listed = provider.options[API_KEYS_OPTION];
  if (listed) return listed.split(',').filter((ref) => ref.length > 0);
  return provider.apiKeyRef ? [provider.apiKeyRef] : [];
}

export interface ModelTarget {
  provider: GatewayProvider;
  /** The model name the provider knows, without our `<provider>/` prefix. */
  model: string;
}

/** Providers held in memory for the hot path; reload() after the table changes. */
export class ProviderRegistry {
  private providers = new Map<string, GatewayProvider>();

  constructor(private readonly repository: ProviderRepository) {
    this.reload();
  }

  reload(): void {
    const next = new Map<string, GatewayProvider>();
    for (const record of this.repository.list()) {
      const preset = PROVIDER_PRESETS[record.type as ProviderType];
      if (!preset) continue;
      const baseUrl = (record.baseUrl ?? preset.baseUrl ?? '').replace(/\/+$/, '');
      next.set(record.id, {
        id: record.id,
        type: record.type as ProviderType,
        preset,
        baseUrl,
        apiKeyRef: record.apiKeyRef,
        enabled: record.enabled,
        options: record.options,
      });
    }
    this.providers = next;
  }

  list(): GatewayProvider[] {
    return [...this.providers.values()];
  }

  /** `<provider-id>/<model>` → the provider and the provider's own model name. */
  resolveModel(model: unknown): ModelTarget {
    if (typeof model !== 'string' || model.length === 0) {
      throw GatewayErrors.invalidModel('"model" must be a string such as "openai/gpt-4o-mini"', {
        param: 'model',
      });
    }
    const slash = model.indexOf('/');
    if (slash <= 0 || slash === model.length - 1) {
      throw GatewayErrors.invalidModel(
        `Model "${model}" is not of the form <provider>/<model>, e.g. "openai/gpt-4o-mini"`,
        { param: 'model' },
      );
    }
    const providerId = model.slice(0, slash);
    const provider = this.providers.get(providerId);
    if (!provider || !provider.enabled) {
      const known = this.list()
        .filter((entry) => entry.enabled)
        .map((entry) => entry.id);
      throw GatewayErrors.modelNotFound(
        `Unknown provider "${providerId}" in model "${model}"${known.length ? `; configured providers: ${known.join(', ')}` : '; no providers are configured'}`,
        { param: 'model' },
      );
    }
    return { provider, model: model.slice(slash + 1) };
  }
}
