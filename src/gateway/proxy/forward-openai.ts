import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ServerSettings } from '../config/server-settings';
import { encodeError, GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import {
  mapOpenAiUsage,
  openAiHeaders,
  openAiUrl,
} from '../providers/openai-compatible/openai-compatible-provider';
import type { ModelTarget } from '../providers/provider-registry';
import { SecretResolver } from '../secrets/secret-store';
import { SseParser, type SseEvent } from '../sse/sse-parser';
import { formatSseEvent, SSE_HEADERS } from '../sse/sse-writer';
import { readBodyLimited } from '../upstream/read-body';
import { isAbort, toGatewayError } from '../upstream/upstream-client';
import { upstreamErrorFrom } from '../upstream/upstream-error';

const RESPONSE_BODY_LIMIT = 64 * 1024 * 1024;
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

/** Resolves the provider's API key, or explains how to supply it. */
export async function providerApiKey(
  services: GatewayServices,
  target: ModelTarget,
): Promise<string | undefined> {
  const { provider } = target;
  const key = provider.apiKeyRef ? await services.secrets.resolve(provider.apiKeyRef) : undefined;
  if (!key && provider.preset.requiresKey) {
    const how = provider.apiKeyRef
      ? SecretResolver.howToSupply(provider.apiKeyRef)
      : 'give it an apiKey reference';
    throw GatewayErrors.providerKeyMissing(`Provider "${provider.id}" has no API key: ${how}`);
  }
  return key;
}

/**
 * Same-format fast path: an OpenAI-format request to an OpenAI-compatible provider. The body goes up as
 * is (bar the model name); responses come back byte-for-byte per event. Only usage is read on the way.
 */
export async function forwardOpenAi(
  services: GatewayServices,
  reply: FastifyReply,
  entry: LogEntry,
  options: ForwardOpenAiOptions,
): Promise<FastifyReply> {
  const { provider } = options.target;
  const apiKey = await providerApiKey(services, options.target);
  const response = await services.upstream.send({
    url: openAiUrl(provider, options.path),
    method: 'POST',
    headers: openAiHeaders(apiKey),
    body: JSON.stringify(options.body),
    signal: entry.upstreamAbort.signal,
  });
  if (response.statusCode >= 400) throw await upstreamErrorFrom(response, provider.id, [apiKey]);

  const contentType = String(response.headers['content-type'] ?? '');
  if (options.stream && contentType.includes('text/event-stream')) {
    const out = new PassThrough();
    void pumpStream(response.body, out, entry, options.clientWantsUsage, services.settings);
    return reply.code(200).headers(SSE_HEADERS).send(out);
  }

  const text = await readBodyLimited(response.body, RESPONSE_BODY_LIMIT, `Upstream ${provider.id}`);
  entry.markFirstByte();
  let parsed: { usage?: unknown };
  try {
    parsed = JSON.parse(text) as { usage?: unknown };
  } catch {
    throw GatewayErrors.upstreamInvalidResponse(`Upstream ${provider.id} sent a response that is not JSON`);
  }
  const usage = mapOpenAiUsage(parsed.usage);
  if (usage) entry.usage = usage;
  entry.responseBody =
    text.length > services.settings.logBodyMaxBytes
      ? `${text.slice(0, services.settings.logBodyMaxBytes)}… [truncated]`
      : text;
  return reply.code(200).header('content-type', 'application/json').send(text);
}

/**
 * Relays an OpenAI SSE stream event by event. The usage-only chunk we asked for on the caller's behalf is
 * read and dropped; a stream that breaks ends with an error event in OpenAI's shape.
 */
async function pumpStream(
  upstream: Readable,
  out: PassThrough,
  entry: LogEntry,
  clientWantsUsage: boolean,
  settings: ServerSettings,
): Promise<void> {
  const logLimit = settings.logBodyMaxBytes;
  let pending = '';
  let logged = '';
  const onEvent = (event: SseEvent): void => {
    const data = event.data;
    if (data !== '[DONE]' && USAGE_OBJECT.test(data)) {
      if (readUsage(data, entry) && !clientWantsUsage) return;
    }
    if (data !== '[DONE]' && data.includes('"error"')) noteStreamError(data, entry);
    pending += formatSseEvent(data, event.event);
  };
  const parser = new SseParser(onEvent);
  const signal = entry.upstreamAbort.signal;
  try {
    for await (const chunk of upstream) {
      parser.feed(chunk as Buffer);
      if (pending) {
        entry.markFirstByte();
        if (logged.length < logLimit) logged += pending;
        const ok = out.write(pending);
        pending = '';
        if (!ok) await once(out, 'drain', { signal });
      }
    }
    parser.end();
    if (pending) out.write(pending);
    out.end();
  } catch (error) {
    if (signal.aborted || isAbort(error)) {
      out.destroy();
      return;
    }
    const failure = toGatewayError(error, 'upstream', settings.upstreamTimeoutMs);
    entry.streamError = `Stream broke: ${failure.message}`;
    out.end(formatSseEvent(JSON.stringify(encodeError('openai', failure))));
  } finally {
    entry.responseBody = logged.length > logLimit ? `${logged.slice(0, logLimit)}… [truncated]` : logged;
  }
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
