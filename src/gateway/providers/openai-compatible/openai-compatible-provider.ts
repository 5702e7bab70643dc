import type { TokenUsage } from '../../logs/log-entry';
import type { GatewayProvider } from '../provider-registry';

/** Request headers for an OpenAI-compatible upstream. */
export function openAiHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

export function openAiUrl(provider: GatewayProvider, path: string): string {
  return `${provider.baseUrl}${path}`;
}

interface OpenAiUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  // DeepSeek reports cache hits on their own field.
  prompt_cache_hit_tokens?: number;
}

/** Normalises OpenAI-style `usage` (chat and embeddings) to our token counts. */
export function mapOpenAiUsage(usage: unknown): TokenUsage | null {
  if (!usage || typeof usage !== 'object') return null;
  const value = usage as OpenAiUsage;
  const cached = value.prompt_tokens_details?.cached_tokens ?? value.prompt_cache_hit_tokens;
  const input = integerOrNull(value.prompt_tokens);
  let output = integerOrNull(value.completion_tokens) ?? (input !== null ? 0 : null);
  // OpenAI counts reasoning inside completion_tokens; xAI reports it beside them (total = in + out + reasoning).
  // Reasoning is billed as output either way.
  const reasoning = integerOrNull(value.completion_tokens_details?.reasoning_tokens);
  if (input !== null && output !== null && reasoning && value.total_tokens === input + output + reasoning) {
    output += reasoning;
  }
  return { inputTokens: input, outputTokens: output, cachedTokens: integerOrNull(cached) };
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null;
}
