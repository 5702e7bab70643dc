import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ProviderModelList,
  ProviderPresetList,
  type ProviderPresetView,
} from '../../../shared/schemas/provider-catalog';
import { PROVIDER_TYPES } from '../../../shared/schemas/gateway-config';
import { GatewayErrors } from '../../errors/gateway-error';
import type { GatewayServices } from '../../gateway-services';
import { anthropicHeaders } from '../../providers/anthropic/anthropic-provider';
import { geminiHeaders } from '../../providers/gemini/gemini-provider';
import { AZURE_DEFAULT_API_VERSION } from '../../providers/openai-compatible/openai-adapter';
import { openAiHeaders } from '../../providers/openai-compatible/openai-compatible-provider';
import { PROVIDER_PRESETS } from '../../providers/provider-presets';
import type { GatewayProvider } from '../../providers/provider-registry';
import { redactSecrets } from '../../secrets/redact';

const MODELS_TIMEOUT_MS = 10_000;

/**
 * GET /admin/provider-presets (what the "add provider" form offers) and GET /admin/providers/:id/models
 * (browse a provider's models: its own list, else the bundled price list).
 */
export default async function adminProviderCatalog(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };

  typed.get(
    '/admin/provider-presets',
    { config, schema: { response: { 200: ProviderPresetList } } },
    async () => ({
      items: PROVIDER_TYPES.map((type): ProviderPresetView => {
        const preset = PROVIDER_PRESETS[type];
        return {
          type,
          label: preset.label,
          baseUrl: preset.baseUrl,
          requiresKey: preset.requiresKey,
          local: preset.local,
          priced: preset.pricingKey !== null,
          format: preset.format,
        };
      }),
    }),
  );

  typed.get(
    '/admin/providers/:id/models',
    {
      config,
      schema: { params: Type.Object({ id: Type.String() }), response: { 200: ProviderModelList } },
    },
    async (request) => {
      const provider = app.gateway.providers.list().find((entry) => entry.id === request.params.id);
      if (!provider) throw GatewayErrors.routeNotFound(`No provider with id "${request.params.id}"`);
      const listed = await listFromProvider(app.gateway, provider);
      if (Array.isArray(listed)) {
        return { provider: provider.id, models: listed.sort(), source: 'provider' as const, message: null };
      }
      const key = provider.preset.pricingKey;
      const priced = key ? app.gateway.pricing.models(key) : [];
      return {
        provider: provider.id,
        models: priced,
        source: priced.length > 0 ? ('pricing' as const) : ('none' as const),
        message: listed,
      };
    },
  );
}

/** The provider's own model list, or the reason it could not be read (in words, with any key cut out). */
async function listFromProvider(
  services: GatewayServices,
  provider: GatewayProvider,
): Promise<string[] | string> {
  if (!provider.baseUrl) return `Provider "${provider.id}" has no base URL.`;
  const apiKey = provider.apiKeyRef ? await services.secrets.resolve(provider.apiKeyRef) : undefined;
  if (!apiKey && provider.preset.requiresKey) return `Provider "${provider.id}" has no API key yet.`;
  const { url, headers } = modelsRequest(provider, apiKey);
  try {
    const response = await services.upstream.send({
      url,
      method: 'GET',
      headers,
      signal: AbortSignal.timeout(MODELS_TIMEOUT_MS),
    });
    if (response.statusCode >= 400) {
      await response.body.dump();
      return `The provider answered HTTP ${response.statusCode} to its model list.`;
    }
    const names = modelNames(await response.body.json().catch(() => undefined));
    return names ?? 'The provider answered its model list in an unexpected shape.';
  } catch (error) {
    return redactSecrets((error as Error).message, apiKey ? [apiKey] : []);
  }
}

function modelsRequest(provider: GatewayProvider, apiKey: string | undefined) {
  switch (provider.preset.format) {
    case 'anthropic':
      return { url: `${provider.baseUrl}/models?limit=1000`, headers: anthropicHeaders(apiKey) };
    case 'gemini':
      return { url: `${provider.baseUrl}/models?pageSize=1000`, headers: geminiHeaders(apiKey) };
    case 'openai':
      if (provider.type === 'azure-openai') {
        const headers = openAiHeaders(undefined);
        if (apiKey) headers['api-key'] = apiKey;
        const version = encodeURIComponent(provider.options.apiVersion ?? AZURE_DEFAULT_API_VERSION);
        return { url: `${provider.baseUrl}/openai/models?api-version=${version}`, headers };
      }
      return { url: `${provider.baseUrl}/models`, headers: openAiHeaders(apiKey) };
  }
}

/** OpenAI and Anthropic list `data[].id`; Gemini lists `models[].name` as `models/<name>`. */
function modelNames(body: unknown): string[] | null {
  if (!body || typeof body !== 'object') return null;
  const data = (body as { data?: unknown }).data;
  if (Array.isArray(data)) {
    return data
      .map((model) => (model as { id?: unknown }).id)
      .filter((id): id is string => typeof id === 'string');
  }
  const models = (body as { models?: unknown }).models;
  if (Array.isArray(models)) {
    return models
      .map((model) => (model as { name?: unknown }).name)
      .filter((name): name is string => typeof name === 'string')
      .map((name) => name.replace(/^models\//, ''));
  }
  return null;
}
