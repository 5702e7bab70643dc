import { encodeError } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import {
  anthropicErrorStatus,
  anthropicHeaders,
  anthropicMessagesUrl,
  mapAnthropicUsage,
} from '../providers/anthropic/anthropic-provider';
import type { AttemptContext, PreparedAnswer } from '../routing/request-plan';
import type { SseEvent } from '../sse/sse-parser';
import { formatSseEvent } from '../sse/sse-writer';
import { mergeParams } from './merge-params';
import { prepareSameFormat } from './forward-same-format';
import { withModel } from './raw-body';

export interface ForwardAnthropicOptions {
  /** The caller's body (already checked: `stream` is a boolean or absent). */
  body: Record<string, unknown>;
  /** The body's text as received, when `body` is still what it says: forwarded instead of re-serialised. */
  rawBody?: string | null;
}

/**
 * Anthropic Messages request to an Anthropic provider: relayed as is. Usage is read from message_start
 * (input and cache tokens) and message_delta (output tokens).
 */
export async function prepareAnthropic(
  services: GatewayServices,
  entry: LogEntry,
  attempt: AttemptContext,
  options: ForwardAnthropicOptions,
): Promise<PreparedAnswer> {
  const { target } = attempt;
  // Anthropic reports usage in pieces (message_start, then message_delta); merge the raw fields first so a
  // later report without the cache fields does not lose them.
  const rawUsage: Record<string, unknown> = {};
  return prepareSameFormat(services, entry, attempt, {
    url: anthropicMessagesUrl(target.provider),
    headers: anthropicHeaders(attempt.apiKey),
    body:
      forwardedText(options, attempt) ??
      JSON.stringify({ ...mergeParams(options.body, attempt.params), model: target.model }),
    stream: options.body.stream === true,
    readResponse(parsed, logEntry) {
      const usage = mapAnthropicUsage((parsed as { usage?: unknown } | null)?.usage);
      if (usage) logEntry.usage = usage;
    },
    inspectEvent: (event, logEntry) => inspectAnthropicEvent(event, logEntry, rawUsage),
    // inspectAnthropicEvent looks at these three event types only.
    isPlain: (text) =>
      !text.includes('message_start') && !text.includes('message_delta') && !text.includes('error'),
    errorStatus: (event) => anthropicErrorStatus(errorType(event)),
    errorEvent: (failure) => formatSseEvent(JSON.stringify(encodeError('anthropic', failure)), 'error'),
  });
}

/** The caller's own text with the target's model, when nothing else changes. */
function forwardedText(options: ForwardAnthropicOptions, attempt: AttemptContext): string | null {
  const model = options.body.model;
  if (!options.rawBody || attempt.params || typeof model !== 'string') return null;
  return withModel(options.rawBody, model, attempt.target.model);
}

function inspectAnthropicEvent(event: SseEvent, entry: LogEntry, rawUsage: Record<string, unknown>): boolean {
  if (event.event !== 'message_start' && event.event !== 'message_delta' && event.event !== 'error')
    return true;
  try {
    const data = JSON.parse(event.data) as {
      message?: { usage?: unknown };
      usage?: unknown;
      error?: { message?: string };
    };
    if (event.event === 'error') {
      entry.streamError = `Upstream stream error: ${data.error?.message ?? 'unknown'}`;
      return true;
    }
    const reported = event.event === 'message_start' ? data.message?.usage : data.usage;
    if (reported && typeof reported === 'object') Object.assign(rawUsage, reported);
    const usage = mapAnthropicUsage(rawUsage);
    if (usage) entry.usage = usage;
  } catch {
    // Relayed as is; the caller's SDK reports the malformed event.
  }
  return true;
}

function errorType(event: SseEvent): unknown {
  try {
    return (JSON.parse(event.data) as { error?: { type?: unknown } }).error?.type;
  } catch {
    return undefined;
  }
}
