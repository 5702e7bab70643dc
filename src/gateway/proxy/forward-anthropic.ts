import type { FastifyReply } from 'fastify';
import { encodeError, GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import {
  anthropicHeaders,
  anthropicMessagesUrl,
  mapAnthropicUsage,
} from '../providers/anthropic/anthropic-provider';
import type { ModelTarget } from '../providers/provider-registry';
import type { SseEvent } from '../sse/sse-parser';
import { formatSseEvent } from '../sse/sse-writer';
import { forwardSameFormat, providerApiKey } from './forward-same-format';

export interface ForwardAnthropicOptions {
  target: ModelTarget;
  body: Record<string, unknown>;
}

/**
 * Anthropic Messages request to an Anthropic provider: relayed as is. Usage is read from message_start
 * (input and cache tokens) and message_delta (output tokens).
 */
export async function forwardAnthropic(
  services: GatewayServices,
  reply: FastifyReply,
  entry: LogEntry,
  options: ForwardAnthropicOptions,
): Promise<FastifyReply> {
  if (options.body.stream !== undefined && typeof options.body.stream !== 'boolean') {
    throw GatewayErrors.invalidRequest('"stream" must be a boolean', { param: 'stream' });
  }
  const stream = options.body.stream === true;
  entry.stream = stream;
  const apiKey = await providerApiKey(services, options.target);
  // Anthropic reports usage in pieces (message_start, then message_delta); merge the raw fields first so a
  // later report without the cache fields does not lose them.
  const rawUsage: Record<string, unknown> = {};
  return forwardSameFormat(services, reply, entry, options.target, apiKey, {
    url: anthropicMessagesUrl(options.target.provider),
    headers: anthropicHeaders(apiKey),
    body: JSON.stringify({ ...options.body, model: options.target.model }),
    stream,
    readResponse(parsed, logEntry) {
      const usage = mapAnthropicUsage((parsed as { usage?: unknown } | null)?.usage);
      if (usage) logEntry.usage = usage;
    },
    inspectEvent: (event, logEntry) => inspectAnthropicEvent(event, logEntry, rawUsage),
    errorEvent: (failure) => formatSseEvent(JSON.stringify(encodeError('anthropic', failure)), 'error'),
  });
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
