import type { ProviderAdapter } from '../../canonical/adapters';
import { convertToGeminiRequest } from './convert-to-gemini-request';
import { geminiHeaders, geminiUrl } from './gemini-provider';
import { decodeGeminiResponse } from './gemini-response-decoder';
import { geminiRetryAfterSeconds } from './gemini-error';
import { GeminiStreamDecoder } from './gemini-stream-decoder';

/** Google Gemini's generateContent API (https://ai.google.dev/api/generate-content). */
export const geminiAdapter: ProviderAdapter = {
  buildRequest(provider, request, apiKey) {
    return {
      url: geminiUrl(provider, request.model, request.stream),
      headers: geminiHeaders(apiKey),
      body: JSON.stringify(convertToGeminiRequest(request)),
    };
  },
  decodeResponse: decodeGeminiResponse,
  createStreamDecoder: () => new GeminiStreamDecoder(),
  // Gemini's 429s carry the wait in a google.rpc.RetryInfo detail, not in a Retry-After header.
  retryAfterFromErrorBody: geminiRetryAfterSeconds,
};
