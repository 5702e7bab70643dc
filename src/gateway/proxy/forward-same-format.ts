import { GatewayError, GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { truncateBody, type LogEntry } from '../logs/log-entry';
import type { AttemptContext, PreparedAnswer } from '../routing/request-plan';
import { SseParser, type SseEvent } from '../sse/sse-parser';
import { formatSseEvent } from '../sse/sse-writer';
import { readStreamedWhole } from '../upstream/read-body';
import { upstreamErrorFromStream, upstreamErrorFromText } from '../upstream/upstream-error';
import { redactSecrets } from '../secrets/redact';
import { openStream, type StreamTransform } from './stream-pump';

const RESPONSE_BODY_LIMIT = 64 * 1024 * 1024;

/** What differs between same-format relays (OpenAI → OpenAI-compatible, Anthropic → Anthropic). */
export interface SameFormatRelay {
  url: string;
  headers: Record<string, string>;
  body: string;
  stream: boolean;
  /** Reads usage from a whole JSON response body into the entry. */
  readResponse(parsed: unknown, entry: LogEntry): void;
  /**
   * Looks at one stream event (usage, errors); false drops it instead of relaying it. An in-band error
   * sets entry.streamError.
   */
  inspectEvent(event: SseEvent, entry: LogEntry): boolean;
  /** The HTTP status an in-band error event stands for, when the format says (Anthropic's error types). */
  errorStatus?(event: SseEvent): number | undefined;
  /** The SSE text that tells the caller the stream broke. */
  errorEvent(failure: GatewayError): string;
  /**
   * True when a piece of stream holds nothing inspectEvent would act on (no usage, no error): whole events
   * like that are relayed as they came, without being parsed.
   */
  isPlain(text: string): boolean;
}

/**
 * The fast path, when the caller speaks the provider's own format: the body goes up as given (bar the model
 * name) and the answer comes back byte for byte per event; only usage is read on the way.
 */
export async function prepareSameFormat(
  services: GatewayServices,
  entry: LogEntry,
  attempt: AttemptContext,
  relay: SameFormatRelay,
): Promise<PreparedAnswer> {
  const providerId = attempt.target.provider.id;
  const upstreamRequest = {
    url: relay.url,
    method: 'POST' as const,
    headers: relay.headers,
    body: relay.body,
    signal: attempt.signal,
  };
  if (relay.stream) {
    const response = await services.upstream.sendStream(upstreamRequest);
    if (response.statusCode >= 400) {
      throw await upstreamErrorFromStream(response, providerId, [attempt.apiKey]);
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (contentType.includes('text/event-stream')) {
      const transform = new SameFormatTransform(relay, entry, services.secrets.recentValues);
      return openStream(response.body, transform, entry, services.settings, attempt.signal, relay.url);
    }
    const text = await readStreamedWhole(response.body, RESPONSE_BODY_LIMIT, `Upstream ${providerId}`);
    return jsonAnswer(services, entry, relay, providerId, text);
  }
  const answer = await services.upstream.sendWhole(
    upstreamRequest,
    RESPONSE_BODY_LIMIT,
    `Upstream ${providerId}`,
  );
  if (answer.statusCode >= 400) throw upstreamErrorFromText(answer, providerId, [attempt.apiKey]);
  return jsonAnswer(services, entry, relay, providerId, answer.text);
}

/** A whole JSON answer: usage read into the entry, the text relayed as it came. */
function jsonAnswer(
  services: GatewayServices,
  entry: LogEntry,
  relay: SameFormatRelay,
  providerId: string,
  text: string,
): PreparedAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw GatewayErrors.upstreamInvalidResponse(`Upstream ${providerId} sent a response that is not JSON`);
  }
  relay.readResponse(parsed, entry);
  return {
    send(reply, tap) {
      entry.markFirstByte();
      entry.responseBody = truncateBody(text, services.settings.logBodyMaxBytes);
      tap?.json(text);
      return reply.code(200).header('content-type', 'application/json').send(text);
    },
  };
}

/**
 * Relays events as they came, dropping the ones the relay filters out. A chunk of whole events with nothing
 * to look at (most of a stream: content deltas) is passed on untouched; the others are parsed, inspected and
 * re-serialised per event.
 */
class SameFormatTransform implements StreamTransform {
  earlyFailure: GatewayError | null = null;
  readonly done = false;
  private pending = '';
  private relayedAny = false;
  /** The bytes so far ended at an event's end: the parser and its UTF-8 decoder hold nothing. */
  private atBoundary = true;
  private readonly parser: SseParser;

  constructor(
    private readonly relay: SameFormatRelay,
    private readonly entry: LogEntry,
    private readonly knownSecrets: Iterable<string>,
  ) {
    this.parser = new SseParser((event) => this.onEvent(event));
  }

  push(chunk: Buffer): string {
    const text = chunk.toString('utf8');
    const whole = text.endsWith('\n\n');
    if (this.atBoundary && whole && !this.earlyFailure && this.relay.isPlain(text)) {
      this.relayedAny = true;
      return text;
    }
    this.parser.feed(chunk);
    this.atBoundary = whole;
    return this.take();
  }

  end(): string {
    this.parser.end();
    return this.take();
  }

  brokenText(failure: GatewayError): string {
    return this.relay.errorEvent(failure);
  }

  private onEvent(event: SseEvent): void {
    if (this.earlyFailure) return;
    const errorBefore = this.entry.streamError;
    const relayed = this.relay.inspectEvent(event, this.entry);
    // An error as the very first event (Anthropic's overloaded_error, say): nothing reached the caller yet,
    // so another try is still possible.
    if (!this.relayedAny && this.entry.streamError !== null) {
      const status = this.relay.errorStatus?.(event) ?? 502;
      this.earlyFailure = new GatewayError(GatewayErrors.upstreamError.code, status, this.entry.streamError);
      return;
    }
    if (!relayed) return;
    this.relayedAny = true;
    // An upstream's own error event can quote the credential it was sent (a key echoed in "invalid key …"):
    // the caller gets it redacted, like the log. Ordinary events pass untouched (no cost on the hot path).
    const data =
      this.entry.streamError !== errorBefore ? redactSecrets(event.data, this.knownSecrets) : event.data;
    this.pending += formatSseEvent(data, event.event);
  }

  private take(): string {
    const text = this.pending;
    this.pending = '';
    return text;
  }
}
