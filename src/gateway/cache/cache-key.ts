import { createHash } from 'node:crypto';

/**
 * Request fields left out of the key because they do not change the answer: who is asking (`user`,
 * `metadata`, `safety_identifier`), provider-side bookkeeping (`store`, `prompt_cache_key`) and the model
 * name as the caller wrote it (the key holds the provider and the provider's model instead, so a route
 * name and the `<provider>/<model>` it resolves to share answers). `stream` and `stream_options` pick the
 * answer's shape instead (see answerShape). Every other field — messages, system, tools, tool_choice,
 * temperature, top_p, top_k, max_tokens, stop, n, seed, response_format, logprobs, penalties, reasoning
 * settings, and any field Gatehouse does not know — is part of the key.
 */
export const FIELDS_NOT_IN_KEY: readonly string[] = [
  'model',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'prompt_cache_key',
  'safety_identifier',
];

/** How the answer is delivered: one JSON body, or the event stream (with OpenAI's usage chunk or without). */
export type AnswerShape = 'json' | 'sse' | 'sse+usage';

export interface CacheKeyInput {
  /** The inbound endpoint, e.g. /v1/chat/completions: it decides the answer's wire format. */
  endpoint: string;
  providerId: string;
  /** The provider's own model name (no `<provider>/` prefix). */
  model: string;
  /** The body as it goes to this target (per-target params applied). */
  body: Record<string, unknown>;
}

export function answerShape(body: Record<string, unknown>): AnswerShape {
  if (body.stream !== true) return 'json';
  const options = body.stream_options;
  const usage =
    typeof options === 'object' && options !== null && (options as Record<string, unknown>).include_usage;
  return usage === true ? 'sse+usage' : 'sse';
}

/** sha256 (hex) over the endpoint, provider, model, answer shape and the canonical body. */
export function cacheKey(input: CacheKeyInput): string {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input.body)) {
    if (!FIELDS_NOT_IN_KEY.includes(name)) body[name] = value;
  }
  const material = canonicalJson({
    version: 1,
    endpoint: input.endpoint,
    provider: input.providerId,
    model: input.model,
    shape: answerShape(input.body),
    body,
  });
  return createHash('sha256').update(material).digest('hex');
}

/**
 * JSON with object keys sorted at every depth, so `{"a":1,"b":2}` and `{"b":2,"a":1}` give one key. Array
 * order is kept: it is meaningful (messages, stop sequences). Numbers print as JSON prints them (1.0 → 1).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort())
    sorted[name] = sortKeys((value as Record<string, unknown>)[name]);
  return sorted;
}
