import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { InboundFormat, StreamDecoder, StreamEncoder } from '../canonical/adapters';
import { mergeUsage, type ChatRequest, type StreamEvent } from '../canonical/chat-model';
import type { ServerSettings } from '../config/server-settings';
import { GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { truncateBody, type LogEntry } from '../logs/log-entry';
import { adapterFor } from '../providers/adapter-registry';
import type { ModelTarget } from '../providers/provider-registry';
import { SseParser } from '../sse/sse-parser';
import { SSE_HEADERS } from '../sse/sse-writer';
import { readBodyLimited } from '../upstream/read-body';
import { isAbort, toGatewayError } from '../upstream/upstream-client';
import { upstreamErrorFrom } from '../upstream/upstream-error';
import { providerApiKey } from './forward-same-format';

const RESPONSE_BODY_LIMIT = 64 * 1024 * 1024;

export interface ForwardTranslatedOptions {
  inbound: InboundFormat;
  target: ModelTarget;
  body: Record<string, unknown>;
  /** Builds the stream encoder (lets the OpenAI route say whether the caller wants the usage chunk). */
  createStreamEncoder?: (model: string) => StreamEncoder;
}

/**
 * The translating path: inbound format → canonical request → provider wire format, and back. Used whenever
 * the caller's API and the provider's differ. Settings the provider cannot honour are reported in
 * `x-gatehouse-warnings` and in the log row.
 */
export async function forwardTranslated(
  services: GatewayServices,
  reply: FastifyReply,
  entry: LogEntry,
  options: ForwardTranslatedOptions,
): Promise<FastifyReply> {
  const { inbound, target } = options;
  const request = inbound.decodeRequest(options.body, target.model);
  entry.stream = request.stream;
  const adapter = adapterFor(target.provider);
  const apiKey = await providerApiKey(services, target);
  const call = adapter.buildRequest(target.provider, request, apiKey);
  noteWarnings(reply, entry, request);

  const response = await services.upstream.send({
    url: call.url,
    method: 'POST',
    headers: call.headers,
    body: call.body,
    signal: entry.upstreamAbort.signal,
  });
  if (response.statusCode >= 400) {
    throw await upstreamErrorFrom(response, target.provider.id, [apiKey], adapter.retryAfterFromErrorBody);
  }

  const limit = services.settings.logBodyMaxBytes;
  if (!request.stream) {
    const text = await readBodyLimited(response.body, RESPONSE_BODY_LIMIT, `Upstream ${target.provider.id}`);
    entry.markFirstByte();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw GatewayErrors.upstreamInvalidResponse(
        `Upstream ${target.provider.id} sent a response that is not JSON`,
      );
    }
    const chat = adapter.decodeResponse(parsed);
    entry.usage = chat.usage;
    const encoded = JSON.stringify(inbound.encodeResponse(chat, chat.model || target.model));
    entry.responseBody = truncateBody(encoded, limit);
    return reply.code(200).header('content-type', 'application/json').send(encoded);
  }

  const encoder = (options.createStreamEncoder ?? inbound.createStreamEncoder)(target.model);
  const out = new PassThrough();
  void pumpTranslated(response.body, out, entry, adapter.createStreamDecoder(), encoder, services.settings);
  return reply.code(200).headers(SSE_HEADERS).send(out);
}

function noteWarnings(reply: FastifyReply, entry: LogEntry, request: ChatRequest): void {
  if (request.warnings.length === 0) return;
  entry.warnings.push(...request.warnings);
  // Header values must be one line of visible ASCII.
  const header = request.warnings
    .join('; ')
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 4000);
  reply.header('x-gatehouse-warnings', header);
}

/** Upstream SSE → canonical events → the caller's SSE, keeping usage and the outcome for the log. */
async function pumpTranslated(
  upstream: Readable,
  out: PassThrough,
  entry: LogEntry,
  decoder: StreamDecoder,
  encoder: StreamEncoder,
  settings: ServerSettings,
): Promise<void> {
  const signal = entry.upstreamAbort.signal;
  let pending = '';
  let logged = '';
  let failed = false;
  const emit = (events: StreamEvent[]) => {
    for (const event of events) {
      if (failed) return;
      if (event.type === 'usage') entry.usage = mergeUsage(entry.usage, event.usage);
      else if (event.type === 'error') {
        failed = true;
        entry.streamError = event.message;
      }
      pending += encoder.encode(event);
    }
  };
  const parser = new SseParser((event) => emit(decoder.decode(event)));
  const flush = async () => {
    if (!pending) return;
    entry.markFirstByte();
    if (logged.length < settings.logBodyMaxBytes) logged += pending;
    const ok = out.write(pending);
    pending = '';
    if (!ok) await once(out, 'drain', { signal });
  };
  try {
    for await (const chunk of upstream) {
      if (!failed) parser.feed(chunk as Buffer);
      await flush();
      // A malformed chunk ends the caller's stream; stop reading the upstream too.
      if (failed) break;
    }
    if (!failed) {
      parser.end();
      emit(decoder.end());
    }
    if (!failed) pending += encoder.end();
    await flush();
    out.end();
  } catch (error) {
    if (signal.aborted || isAbort(error)) {
      out.destroy();
      return;
    }
    const failure = toGatewayError(error, 'upstream', settings.upstreamTimeoutMs);
    entry.streamError = `Stream broke: ${failure.message}`;
    out.end(encoder.encode({ type: 'error', message: failure.message, status: failure.statusCode }));
  } finally {
    entry.responseBody = truncateBody(logged, settings.logBodyMaxBytes);
  }
}
