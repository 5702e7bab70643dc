import type { ProviderAdapter, UpstreamCall } from '../../canonical/adapters';
import type { ChatRequest } from '../../canonical/chat-model';
import type { GatewayProvider } from '../provider-registry';
import { convertToOpenAiRequest, type OpenAiRequestOptions } from './convert-to-openai-request';
import { openAiHeaders } from './openai-compatible-provider';
import { decodeOpenAiResponse } from './openai-response-decoder';
import { createOpenAiStreamDecoder } from './openai-stream-decoder';

/**
 * Azure's newest generally available data-plane version when this was written; set the provider's
 * `apiVersion` option to use another.
 */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/** OpenAI and every OpenAI-compatible preset (Groq, Mistral, DeepSeek, OpenRouter, xAI, Ollama, …). */
export const openAiAdapter: ProviderAdapter = {
  buildRequest(provider: GatewayProvider, request: ChatRequest, apiKey: string | undefined): UpstreamCall {
    return {
      url: `${provider.baseUrl}/chat/completions`,
      headers: withStreamAccept(openAiHeaders(apiKey), request),
      body: JSON.stringify(convertToOpenAiRequest(request, requestOptions(provider))),
    };
  },
  decodeResponse: decodeOpenAiResponse,
  createStreamDecoder: createOpenAiStreamDecoder,
};

/** Azure OpenAI: OpenAI's wire format on deployment URLs, keyed by `api-key` instead of a bearer token. */
export const azureOpenAiAdapter: ProviderAdapter = {
  buildRequest(provider: GatewayProvider, request: ChatRequest, apiKey: string | undefined): UpstreamCall {
    const apiVersion = provider.options.apiVersion ?? AZURE_DEFAULT_API_VERSION;
    const headers = withStreamAccept(openAiHeaders(undefined), request);
    if (apiKey) headers['api-key'] = apiKey;
    return {
      // On Azure the model name is the deployment name.
      url: `${provider.baseUrl}/openai/deployments/${encodeURIComponent(request.model)}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`,
      headers,
      body: JSON.stringify(convertToOpenAiRequest(request, requestOptions(provider))),
    };
  },
  decodeResponse: decodeOpenAiResponse,
  createStreamDecoder: createOpenAiStreamDecoder,
};

function requestOptions(provider: GatewayProvider): OpenAiRequestOptions {
  return {
    // OpenAI's own API (and Azure's) refuse `max_tokens` on reasoning models; other servers may not
    // know `max_completion_tokens`.
    maxTokensField:
      provider.type === 'openai' || provider.type === 'azure-openai' ? 'max_completion_tokens' : 'max_tokens',
    streamUsage: provider.preset.supports.streamUsage,
  };
}

function withStreamAccept(headers: Record<string, string>, request: ChatRequest): Record<string, string> {
  return request.stream ? { ...headers, accept: 'text/event-stream' } : headers;
}
