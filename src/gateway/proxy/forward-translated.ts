import type { FastifyReply } from 'fastify';
import type { InboundFormat, StreamDecoder, StreamEncoder } from '../canonical/adapters';
import { mergeUsage, type ChatRequest, type StreamEvent } from '../canonical/chat-model';
import { GatewayError, GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { truncateBody, type LogEntry } from '../logs/log-entry';
import { adapterFor } from '../providers/adapter-registry';
import type { AttemptContext, PreparedAnswer } from '../routing/request-plan';
import { SseParser } from '../sse/sse-parser';
import { readBodyLimited } from '../upstream/read-body';
import { upstreamErrorFrom, upstreamErrorFromStream } from '../upstream/upstream-error';
import { mergeParams } from './merge-params';
import { openStream, type StreamTransform } from './stream-pump';

const RESPONSE_BODY_LIMIT = 64 * 1024 * 1024;

export interface ForwardTranslatedOptions {
  inbound: InboundFormat;
  /** The caller's request, decoded once; each attempt re-targets a copy. */
  request: ChatRequest;
  /** Builds the stream encoder (lets the OpenAI route say whether the caller wants the usage chunk). */
  createStreamEncoder?: (model: string) => StreamEncoder;
}

/**
 * The translating path: canonical request → provider wire format, and back into the caller's format. Used
 * whenever the caller's API and the provider's differ. Settings the provider cannot honour are reported in
 * `x-gatehouse-warnings` and in the log row.
 */
export async function prepareTranslated(
  services: GatewayServices,
  entry: LogEntry,
  attempt: AttemptContext,
  options: ForwardTranslatedOptions,
): Promise<PreparedAnswer> {
  const { inbound } = options;
  const { target } = attempt;
  // The adapter notes its own warnings on the request: each attempt gets a copy so only the answering
  // target's warnings are reported.
  const request: ChatRequest = {
    ...options.request,
    model: target.model,
    warnings: [...options.request.warnings],
  };
  const adapter = adapterFor(target.provider);
  const call = adapter.buildRequest(target.provider, request, attempt.apiKey);
  const body = attempt.params
    ? JSON.stringify(mergeParams(JSON.parse(call.body) as Record<string, unknown>, attempt.params))
    : call.body;

  const upstreamRequest = {
    url: call.url,
    method: 'POST' as const,
    headers: call.headers,
    body,
    signal: attempt.signal,
  };
  if (request.stream) {
    const response = await services.upstream.sendStream(upstreamRequest);
    if (response.statusCode >= 400) {
      throw await upstreamErrorFromStream(
        response,
        target.provider.id,
        [attempt.apiKey],
        adapter.retryAfterFromErrorBody,
      );
    }
    const encoder = (options.createStreamEncoder ?? inbound.createStreamEncoder)(target.model);
    const transform = new TranslatingTransform(adapter.createStreamDecoder(), encoder, entry);
    const stream = await openStream(
      response.body,
      transform,
      entry,
      services.settings,
      attempt.signal,
      call.url,
    );
    return {
      send(reply, tap) {
        noteWarnings(reply, entry, request.warnings);
        return stream.send(reply, tap);
      },
    };
  }

  const response = await services.upstream.send(upstreamRequest);
  if (response.statusCode >= 400) {
    throw await upstreamErrorFrom(
      response,
      target.provider.id,
      [attempt.apiKey],
      adapter.retryAfterFromErrorBody,
    );
  }
  const text = await readBodyLimited(response.body, RESPONSE_BODY_LIMIT, `Upstream ${target.provider.id}`);
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
  return {
    send(reply, tap) {
      entry.markFirstByte();
      noteWarnings(reply, entry, request.warnings);
      entry.responseBody = truncateBody(encoded, services.settings.logBodyMaxBytes);
      tap?.json(encoded);
      return reply.code(200).header('content-type', 'application/json').send(encoded);
    },
  };
}

function noteWarnings(reply: FastifyReply, entry: LogEntry, warnings: string[]): void {
  if (warnings.length === 0) return;
  entry.warnings.push(...warnings);
  // Header values must be one line of visible ASCII.
  const header = warnings
    .join('; ')
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 4000);
  reply.header('x-gatehouse-warnings', header);
}

/** Upstream SSE → canonical events → the caller's SSE, keeping usage and the outcome for the log. */
class TranslatingTransform implements StreamTransform {
  earlyFailure: GatewayError | null = null;
  done = false;
  private pending = '';
  private producedAny = false;
  private readonly parser: SseParser;

  constructor(
    private readonly decoder: StreamDecoder,
    private readonly encoder: StreamEncoder,
    private readonly entry: LogEntry,
  ) {
    this.parser = new SseParser((event) => this.emit(this.decoder.decode(event)));
  }

  push(chunk: Buffer): string {
    if (!this.done) this.parser.feed(chunk);
    return this.take();
  }

  end(): string {
    if (!this.done) {
      this.parser.end();
      this.emit(this.decoder.end());
    }
    if (!this.done) this.pending += this.encoder.end();
    return this.take();
  }

  brokenText(failure: GatewayError): string {
    return this.encoder.encode({ type: 'error', message: failure.message, status: failure.statusCode });
  }

  private emit(events: StreamEvent[]): void {
    for (const event of events) {
      if (this.done) return;
      if (event.type === 'usage') this.entry.usage = mergeUsage(this.entry.usage, event.usage);
      else if (event.type === 'error') {
        // A malformed chunk or an in-band error ends the caller's stream; before any output it fails the
        // attempt instead, so another target can still answer.
        this.done = true;
        this.entry.streamError = event.message;
        if (!this.producedAny) {
          this.earlyFailure = new GatewayError(
            GatewayErrors.upstreamError.code,
            event.status ?? 502,
            event.message,
          );
          return;
        }
      }
      const text = this.encoder.encode(event);
      if (text) this.producedAny = true;
      this.pending += text;
    }
  }

  private take(): string {
    const text = this.pending;
    this.pending = '';
    return text;
  }
}
