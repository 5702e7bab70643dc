import type { FastifyReply } from 'fastify';
import { encodeError } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import {
  mapOpenAiUsage,
  openAiHeaders,
  openAiUrl,
} from '../providers/openai-compatible/openai-compatible-provider';
import type { ModelTarget } from '../providers/provider-registry';
import type { SseEvent } from '../sse/sse-parser';
import { formatSseEvent } from '../sse/sse-writer';
import { forwardSameFormat, providerApiKey } from './forward-same-format';

export { providerApiKey } from './forward-same-format';

// Most chunks carry `"usage":null`; only parse the ones with a usage object.
const USAGE_OBJECT = /"usage"\s*:\s*\{/;

export interface ForwardOpenAiOptions {
  target: ModelTarget;
  /** Path under the provider's base URL, e.g. /chat/completions. */
  path: string;
  /** The body to send upstream (already carrying the provider's own model name). */
  body: Record<string, unknown>;
  stream: boolean;
  /** The caller asked for the usage chunk itself (stream_options.include_usage). */
  clientWantsUsage: boolean;
}

/**
 * OpenAI-format request to an OpenAI-compatible provider. The usage-only chunk the gateway asked for on the
 * caller's behalf is read and dropped; a stream that breaks ends with an error event in OpenAI's shape.
 */
export async function forwardOpenAi(
  services: GatewayServices,
  reply: FastifyReply,
  entry: LogEntry,
  options: ForwardOpenAiOptions,
): Promise<FastifyReply> {
  const apiKey = await providerApiKey(services, options.target);
  return forwardSameFormat(services, reply, entry, options.target, apiKey, {
    url: openAiUrl(options.target.provider, options.path),
    headers: openAiHeaders(apiKey),
    body: JSON.stringify(options.body),
    stream: options.stream,
    readResponse(parsed, logEntry) {
      const usage = mapOpenAiUsage((parsed as { usage?: unknown } | null)?.usage);
      if (usage) logEntry.usage = usage;
    },
    inspectEvent: (event, logEntry) => inspectOpenAiEvent(event, logEntry, options.clientWantsUsage),
    errorEvent: (failure) => formatSseEvent(JSON.stringify(encodeError('openai', failure))),
  });
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
