import type { ConnectionTestResult } from '../../shared/schemas/admin-providers';
import { GatewayError } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { redactSecrets } from '../secrets/redact';
import { upstreamErrorFrom } from '../upstream/upstream-error';
import { anthropicHeaders } from './anthropic/anthropic-provider';
import { geminiHeaders } from './gemini/gemini-provider';
import { AZURE_DEFAULT_API_VERSION } from './openai-compatible/openai-adapter';
import { openAiHeaders } from './openai-compatible/openai-compatible-provider';
import type { GatewayProvider } from './provider-registry';

export const CONNECTION_TEST_TIMEOUT_MS = 10_000;

/** The provider's own "list models" call: cheap, free, and it proves the URL and the key together. */
function modelsRequest(
  provider: GatewayProvider,
  apiKey: string | undefined,
): { url: string; headers: Record<string, string> } {
  switch (provider.preset.format) {
    case 'anthropic':
      return { url: `${provider.baseUrl}/models`, headers: anthropicHeaders(apiKey) };
    case 'gemini':
      return { url: `${provider.baseUrl}/models`, headers: geminiHeaders(apiKey) };
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

/** OpenAI and Anthropic list models under `data`, Gemini under `models`. */
function countModels(body: unknown): number | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const list = (body as { data?: unknown }).data ?? (body as { models?: unknown }).models;
  return Array.isArray(list) ? list.length : undefined;
}

/**
 * "Test connection": asks the provider for its model list with the stored key. Never throws; the result
 * says what happened in words a user can act on, with any key the upstream echoed cut out.
 */
export async function testProviderConnection(
  services: GatewayServices,
  provider: GatewayProvider,
  timeoutMs = CONNECTION_TEST_TIMEOUT_MS,
): Promise<ConnectionTestResult> {
  if (!provider.baseUrl) {
    return { ok: false, status: null, message: `Provider "${provider.id}" has no base URL; set one first.` };
  }
  const reference = provider.apiKeyRef;
  const apiKey = reference ? await services.secrets.resolve(reference) : undefined;
  if (!apiKey && provider.preset.requiresKey) {
    const how = reference
      ? `${reference} is not available; ${services.secrets.describeMissing(reference)}`
      : `store one with PUT /admin/providers/${provider.id}/secret`;
    return { ok: false, status: null, message: `Provider "${provider.id}" has no API key: ${how}.` };
  }
  const clean = (message: string) => redactSecrets(message, apiKey ? [apiKey] : []);
  const { url, headers } = modelsRequest(provider, apiKey);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await services.upstream.send({ url, method: 'GET', headers, signal });
    if (response.statusCode >= 400) {
      const error = await upstreamErrorFrom(response, provider.id, [apiKey]);
      return { ok: false, status: response.statusCode, message: clean(error.message) };
    }
    const count = countModels(await response.body.json().catch(() => undefined));
    return {
      ok: true,
      status: response.statusCode,
      message:
        count === undefined
          ? `Connected to ${provider.id}.`
          : `Connected to ${provider.id}: ${count} models.`,
      ...(count === undefined ? {} : { models: count }),
    };
  } catch (error) {
    if (signal.aborted) {
      return {
        ok: false,
        status: null,
        message: `Provider "${provider.id}" did not answer within ${timeoutMs / 1000} s.`,
      };
    }
    const message = error instanceof GatewayError ? error.message : (error as Error).message;
    return { ok: false, status: null, message: clean(message) };
  }
}
