import type { GatewayProvider } from '../provider-registry';

/**
 * The generateContent URL for a model. `alt=sse` makes the stream Server-Sent Events (one whole
 * GenerateContentResponse per event) instead of one growing JSON array.
 */
export function geminiUrl(provider: GatewayProvider, model: string, stream: boolean): string {
  // Google's own resource names are `models/<id>`; callers who copy one would otherwise get `models%2F…`.
  const id = model.replace(/^models\//, '');
  const action = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return `${provider.baseUrl}/models/${encodeURIComponent(id)}:${action}`;
}

/** Request headers for the Gemini API: the key goes in a header so it never appears in a logged URL. */
export function geminiHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey) headers['x-goog-api-key'] = apiKey;
  return headers;
}
