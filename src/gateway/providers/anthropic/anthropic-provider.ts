import type { Usage } from '../../canonical/chat-model';
import type { GatewayProvider } from '../provider-registry';

/** The Messages API version this adapter speaks; newer features arrive through `anthropic-beta`, not here. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic requires `max_tokens` on every request, while OpenAI and Gemini callers usually leave it out. 4096
 * fits every current Claude model's output limit and is what common clients default to; a caller who needs
 * more says so.
 */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export function anthropicMessagesUrl(provider: GatewayProvider): string {
  return `${provider.baseUrl}/messages`;
}

export function anthropicHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (apiKey) headers['x-api-key'] = apiKey;
  return headers;
}

/** Anthropic's token counts: cache reads and cache writes are reported beside `input_tokens`, not inside it. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Canonical input counts every prompt token (OpenAI semantics), so it is the sum of Anthropic's three input
 * fields; cachedTokens is the cache reads. Cache writes stay inside inputTokens: the canonical model has no field
 * for them. Null when there is no usage object at all.
 */
export function mapAnthropicUsage(value: unknown): Usage | null {
  if (!value || typeof value !== 'object') return null;
  const usage = value as AnthropicUsage;
  const input = countOrNull(usage.input_tokens);
  const cacheRead = countOrNull(usage.cache_read_input_tokens);
  const cacheWrite = countOrNull(usage.cache_creation_input_tokens);
  return {
    inputTokens: input === null ? null : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: countOrNull(usage.output_tokens),
    cachedTokens: cacheRead,
  };
}

function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** HTTP status for an Anthropic error type, for errors that arrive inside a 200 stream. */
export function anthropicErrorStatus(type: unknown): number | undefined {
  const statuses: Record<string, number> = {
    invalid_request_error: 400,
    authentication_error: 401,
    billing_error: 402,
    permission_error: 403,
    not_found_error: 404,
    request_too_large: 413,
    rate_limit_error: 429,
    api_error: 500,
    timeout_error: 504,
    overloaded_error: 529,
  };
  return typeof type === 'string' ? statuses[type] : undefined;
}
