import type { GatewayServices } from '../gateway-services';
import { openAiHeaders } from './openai-compatible/openai-compatible-provider';
import type { GatewayProvider } from './provider-registry';

export interface CatalogModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

const LIST_TIMEOUT_MS = 5_000;
const FRESH_MS = 5 * 60_000;
const RETRY_FAILED_MS = 30_000;

interface CacheEntry {
  models: string[];
  fromProvider: boolean;
  expiresAt: number;
}

/** `owned_by` of a route in /v1/models, so tools and the GUI can tell routes from provider models. */
export const ROUTE_OWNER = 'gatehouse-route';

/**
 * Every route name, then every `<provider>/<model>` the configured providers offer: from each provider's
 * own /models when it answers, else from the bundled pricing table. Answers are cached so the list stays quick.
 */
export class ModelCatalog {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly services: () => GatewayServices) {}

  async list(): Promise<CatalogModel[]> {
    const providers = this.services()
      .providers.list()
      .filter((provider) => provider.enabled);
    const perProvider = await Promise.all(providers.map((provider) => this.modelsOf(provider)));
    const created = Math.floor(Date.now() / 1000);
    const routes = this.services()
      .routing.routes.list()
      .map((route) => ({
        id: route.config.name,
        object: 'model' as const,
        created: Math.floor(route.createdAt / 1000),
        owned_by: ROUTE_OWNER,
      }));
    const models = providers.flatMap((provider, index) =>
      (perProvider[index] ?? []).map((model) => ({
        id: `${provider.id}/${model}`,
        object: 'model' as const,
        created,
        owned_by: provider.id,
      })),
    );
    return [...routes, ...models];
  }

  private async modelsOf(provider: GatewayProvider): Promise<string[]> {
    const cacheKey = `${provider.id}|${provider.baseUrl}|${provider.apiKeyRef}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.models;
    const fromProvider = await this.fetchFromProvider(provider);
    const models = fromProvider ?? this.fromPricing(provider);
    this.cache.set(cacheKey, {
      models,
      fromProvider: fromProvider !== null,
      expiresAt: Date.now() + (fromProvider ? FRESH_MS : RETRY_FAILED_MS),
    });
    return models;
  }

  private async fetchFromProvider(provider: GatewayProvider): Promise<string[] | null> {
    const services = this.services();
    try {
      const apiKey = provider.apiKeyRef ? await services.secrets.resolve(provider.apiKeyRef) : undefined;
      if (!apiKey && provider.preset.requiresKey) return null;
      const response = await services.upstream.send({
        url: `${provider.baseUrl}/models`,
        method: 'GET',
        headers: openAiHeaders(apiKey),
        signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        return null;
      }
      const body = (await response.body.json()) as { data?: Array<{ id?: unknown }> };
      if (!Array.isArray(body.data)) return null;
      return body.data.map((model) => model.id).filter((id): id is string => typeof id === 'string');
    } catch {
      return null;
    }
  }

  private fromPricing(provider: GatewayProvider): string[] {
    const key = provider.preset.pricingKey;
    return key ? this.services().pricing.models(key) : [];
  }
}
