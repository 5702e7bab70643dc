import { PassThrough, type Writable } from 'node:stream';
import type { ServerSettings } from '../config/server-settings';
import { GatewayError } from '../errors/gateway-error';
import { CallerCancel, type CancelSignal } from '../logs/caller-cancel';
import { truncateBody, type LogEntry } from '../logs/log-entry';
import type { PreparedAnswer } from '../routing/request-plan';
import { SSE_HEADERS } from '../sse/sse-writer';
import type { BodySink, UpstreamBody } from '../upstream/streamed-response';
import { isAbort, toGatewayError } from '../upstream/upstream-client';

/** Turns an upstream SSE body into the caller's SSE text; same-format relays and translations both are one. */
export interface StreamTransform {
  /** Upstream bytes in, SSE text for the caller out ('' while nothing is ready). */
  push(chunk: Buffer): string;
  /** The upstream body ended: whatever is still held. */
  end(): string;
  /** An error the upstream sent in-band before anything was produced for the caller: the attempt failed. */
  readonly earlyFailure: GatewayError | null;
  /** The transform has sent its last event (an in-band error ended the stream); stop reading. */
  readonly done: boolean;
  /** SSE text telling the caller the stream broke after it began. */
  brokenText(failure: GatewayError): string;
}

/**
 * Reads an upstream stream until its first bytes for the caller are ready. Until then a failure (reset,
 * timeout, an in-band error as the first event) is thrown, so the dispatcher can retry or fall back; the
 * answer returned streams the rest, and a failure after that ends the caller's stream with an error event.
 */
export function openStream(
  body: UpstreamBody,
  transform: StreamTransform,
  entry: LogEntry,
  settings: ServerSettings,
  signal: CancelSignal,
  url: string,
): Promise<PreparedAnswer> {
  return new Promise((resolve, reject) => {
    new StreamRelay(body, transform, entry, settings, signal, url, resolve, reject).start();
  });
}

/**
 * One upstream stream relayed to the caller, chunk by chunk as undici parses them, the upstream paused
 * while the caller's side is full. An async iterator over a Readable body, as before, cost a promise and a
 * trip through the stream's buffer per chunk: 4–6 µs of the 15–18 µs of CPU per frame the gateway spent
 * over a bare proxy (docs/benchmarks.md).
 */
class StreamRelay implements BodySink {
  /** The caller's side once the answer is sent: the response itself, or the cache recorder's input. */
  private out: Writable | null = null;
  /** Text for the caller made before there is a response to write it to. */
  private held = '';
  /** The first bytes were ready (or the upstream had nothing to say): the answer went to the dispatcher. */
  private opened = false;
  /** The upstream has nothing more to give (it ended, or the transform is done). */
  private ended = false;
  /** The upstream failed after the answer was ready and before it was sent. */
  private failure: unknown = null;
  private over = false;
  private logged = '';
  private readonly onDrain = () => this.body.resume();
  private readonly onCancel = () => this.cancelled();

  constructor(
    private readonly body: UpstreamBody,
    private readonly transform: StreamTransform,
    private readonly entry: LogEntry,
    private readonly settings: ServerSettings,
    private readonly signal: CancelSignal,
    private readonly url: string,
    private readonly resolve: (answer: PreparedAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start(): void {
    this.body.read(this);
  }

  data(chunk: Buffer): void {
    if (this.over) return;
    let text: string;
    try {
      text = this.transform.push(chunk);
    } catch (error) {
      this.error(error);
      return;
    }
    if (!this.opened) {
      if (this.transform.earlyFailure) return this.failOpening(this.transform.earlyFailure);
      this.held += text;
      if (this.transform.done) this.stopUpstream();
      if (this.held !== '' || this.ended) this.open();
      return;
    }
    if (!this.out) {
      this.held += text;
      if (this.transform.done) this.stopUpstream();
      return;
    }
    this.write(text);
    if (this.transform.done) {
      this.stopUpstream();
      this.close();
    }
  }

  end(): void {
    if (this.over || this.ended) return;
    let text: string;
    try {
      text = this.transform.end();
    } catch (error) {
      this.error(error);
      return;
    }
    this.ended = true;
    if (!this.opened) {
      if (this.transform.earlyFailure) return this.failOpening(this.transform.earlyFailure);
      this.held += text;
      this.open();
    } else if (!this.out) this.held += text;
    else {
      this.write(text);
      this.close();
    }
  }

  error(error: unknown): void {
    if (this.over) return;
    if (!this.opened) {
      this.failOpening(
        error instanceof GatewayError ? error : toGatewayError(error, this.url, this.settings),
      );
      return;
    }
    if (!this.out) {
      this.failure ??= error;
      return;
    }
    this.detach();
    this.body.destroy();
    const out = this.out;
    if (this.signal.aborted || isAbort(error)) {
      out.destroy();
      return;
    }
    const failure = toGatewayError(error, this.url, this.settings);
    this.entry.streamError = `Stream broke: ${failure.message}`;
    out.end(this.transform.brokenText(failure));
  }

  private failOpening(error: unknown): void {
    this.detach();
    this.body.destroy();
    this.reject(error);
  }

  /** The first bytes are ready: the answer goes to the dispatcher, the upstream waits for the caller. */
  private open(): void {
    this.opened = true;
    if (!this.ended) this.body.pause();
    this.resolve({
      send: (reply, tap) => {
        if (tap) {
          // The response cache records the stream on its way: it reads from a stream of its own.
          const out = new PassThrough();
          this.out = out;
          reply.code(200).headers(SSE_HEADERS).send(tap.stream(out));
        } else {
          // Written to the response itself. A PassThrough piped by Fastify, as before, cost about 3 µs of CPU
          // per frame (a Buffer copy of each text, a buffer and a 'data' event; docs/benchmarks.md).
          reply.hijack();
          const raw = reply.raw;
          for (const [name, value] of Object.entries(reply.getHeaders())) {
            if (value !== undefined) raw.setHeader(name, value);
          }
          raw.writeHead(200, SSE_HEADERS);
          this.out = raw;
        }
        this.begin();
        return reply;
      },
    });
  }

  private begin(): void {
    const held = this.held;
    this.held = '';
    const room = this.write(held);
    if (this.failure !== null) return this.error(this.failure);
    if (this.ended) return this.close();
    if (this.signal.aborted) return this.cancelled();
    // Waiting for the caller's side to drain ends when the caller goes away.
    if (this.signal instanceof CallerCancel) this.signal.once('abort', this.onCancel);
    else this.signal.addEventListener('abort', this.onCancel, { once: true });
    // Otherwise write() paused the upstream until the drain.
    if (room) this.body.resume();
  }

  /** Text for the caller; false when the caller's side is full (the upstream waits for its drain). */
  private write(text: string): boolean {
    if (!text) return true;
    this.entry.markFirstByte();
    // Kept for the log row only when bodies are logged (the row drops it otherwise).
    const { logBodies, logBodyMaxBytes } = this.settings;
    if (logBodies && this.logged.length < logBodyMaxBytes) this.logged += text;
    if (this.out!.write(text)) return true;
    this.body.pause();
    this.out!.once('drain', this.onDrain);
    return false;
  }

  /** The transform is done before the upstream is: stop reading it (its abort is nobody's error). */
  private stopUpstream(): void {
    this.ended = true;
    this.body.destroy();
  }

  private close(): void {
    this.detach();
    this.out!.end();
  }

  private cancelled(): void {
    if (this.over) return;
    this.detach();
    this.body.destroy();
    this.out?.destroy();
  }

  private detach(): void {
    if (this.over) return;
    this.over = true;
    // The relay hears nothing more from the upstream (a no-op when its body has ended).
    this.body.destroy();
    this.out?.off('drain', this.onDrain);
    if (this.signal instanceof CallerCancel) this.signal.off('abort', this.onCancel);
    else this.signal.removeEventListener('abort', this.onCancel);
    if (this.out) this.entry.responseBody = truncateBody(this.logged, this.settings.logBodyMaxBytes);
  }
}
