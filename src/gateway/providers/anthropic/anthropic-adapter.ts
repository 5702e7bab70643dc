import type { ProviderAdapter } from '../../canonical/adapters';
import { anthropicHeaders, anthropicMessagesUrl } from './anthropic-provider';
import { decodeAnthropicResponse } from './anthropic-response-decoder';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';

/** Anthropic's Messages API as an upstream. */
export const anthropicAdapter: ProviderAdapter = {
  buildRequest(provider, request, apiKey) {
    return {
      url: anthropicMessagesUrl(provider),
      headers: anthropicHeaders(apiKey),
      body: JSON.stringify(convertToAnthropicRequest(request)),
    };
  },
  decodeResponse: decodeAnthropicResponse,
  createStreamDecoder: () => new AnthropicStreamDecoder(),
};
