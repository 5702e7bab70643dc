import { encodeError } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import {
  mapOpenAiUsage,
  openAiHeaders,
  openAiUrl,
} from '../providers/openai-compatible/openai-compatible-provider';
import type { AttemptContext, PreparedAnswer } from '../routing/request-plan';
import type { SseEvent } from '../sse/sse-parser';
import { formatSseEvent } from '../sse/sse-writer';
import { mergeParams } from './merge-params';
import { prepareSameFormat } from './forward-same-format';
import { withModel } from './raw-body';

// Most chunks carry `"usage":null`; only parse the ones with a usage object.
const USAGE_OBJECT = /"usage"\s*:\s*\{/;

export interface ForwardOpenAiOptions {
  /** Path under the provider's base URL, e.g. /chat/completions. */
  path: string;
  /** The caller's body; the model name, the target's params and stream_options are set per attempt. */
  body: Record<string, unknown>;
  stream: boolean;
  /** The caller asked for the usage chunk itself (stream_options.include_usage). */
  clientWantsUsage: boolean;
  /** The body's text as received, when `body` is still what it says: forwarded instead of re-serialised. */
  rawBody?: string | null;
}

/**
 * OpenAI-format request to an OpenAI-compatible provider. The usage-only chunk the gateway asked for on the
 * caller's behalf is read and dropped; a stream that breaks ends with an error event in OpenAI's shape.
 */
export async function prepareOpenAi(
  services: GatewayServices,
  entry: LogEntry,
  attempt: AttemptContext,
  options: ForwardOpenAiOptions,
): Promise<PreparedAnswer> {
  const { target } = attempt;
  const askUsage = options.stream && !options.clientWantsUsage && target.provider.preset.supports.streamUsage;
  return prepareSameFormat(services, entry, attempt, {
    url: openAiUrl(target.provider, options.path),
    headers: openAiHeaders(attempt.apiKey),
    body: forwardedText(options, attempt, askUsage) ?? serialised(options, attempt, askUsage),
    stream: options.stream,
    readResponse(parsed, logEntry) {
      const usage = mapOpenAiUsage((parsed as { usage?: unknown } | null)?.usage);
      if (usage) logEntry.usage = usage;
    },
    inspectEvent: (event, logEntry) => inspectOpenAiEvent(event, logEntry, options.clientWantsUsage),
    isPlain: (text) => !USAGE_OBJECT.test(text) && !text.includes('"error"'),
    errorEvent: (failure) => formatSseEvent(JSON.stringify(encodeError('openai', failure))),
  });
}

/** The caller's own text with the target's model (and the usage request), when nothing else changes. */
function forwardedText(
  options: ForwardOpenAiOptions,
  attempt: AttemptContext,
  askUsage: boolean,
): string | null {
  const model = options.body.model;
  if (!options.rawBody || attempt.params || typeof model !== 'string') return null;
  if (askUsage && options.body.stream_options !== undefined) return null;
  const text = withModel(options.rawBody, model, attempt.target.model);
  if (text === null || !askUsage) return text;
  const open = text.indexOf('{');
  return `${text.slice(0, open + 1)}"stream_options":{"include_usage":true},${text.slice(open + 1)}`;
}

function serialised(options: ForwardOpenAiOptions, attempt: AttemptContext, askUsage: boolean): string {
  const body: Record<string, unknown> = {
    ...mergeParams(options.body, attempt.params),
    model: attempt.target.model,
  };
  if (askUsage) {
    const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
    body.stream_options = { ...streamOptions, include_usage: true };
  }
  return JSON.stringify(body);
}

function inspectOpenAiEvent(event: SseEvent, entry: LogEntry, clientWantsUsage: boolean): boolean {
  const data = event.data;
  if (data === '[DONE]') return true;
  if (USAGE_OBJECT.test(data) && readUsage(data, entry) && !clientWantsUsage) return false;
  if (data.includes('"error"')) noteStreamError(data, entry);
  return true;
}

/** Records usage from a chunk; true when the chunk carries nothing but usage (no choices). */
function readUsage(data: string, entry: LogEntry): boolean {
  try {
    const chunk = JSON.parse(data) as { usage?: unknown; choices?: unknown[] };
    const usage = mapOpenAiUsage(chunk.usage);
    if (usage) entry.usage = usage;
    return usage !== null && Array.isArray(chunk.choices) && chunk.choices.length === 0;
  } catch {
    return false;
  }
}

function noteStreamError(data: string, entry: LogEntry): void {
  try {
    const chunk = JSON.parse(data) as { error?: { message?: string } };
    if (chunk.error) entry.streamError = `Upstream stream error: ${chunk.error.message ?? 'unknown'}`;
  } catch {
    // Not JSON: relayed as is; the caller's parser will say so.
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
