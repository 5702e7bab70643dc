import type { IncomingHttpHeaders } from 'node:http';
import { errors as undiciErrors, util as undiciUtil, type Dispatcher } from 'undici';
import { DirectExchange, type ExchangeContext } from './direct-exchange';
import { declaresTooMuch, limitFailure, tooLargeError } from './response-limits';
import { contentLength } from './whole-response';

/** Where a streamed body goes: its chunks in order, then its end or a failure. */
export interface BodySink {
  data(chunk: Buffer): void;
  end(): void;
  error(error: unknown): void;
}

/** The body of an upstream answer that is streamed (an SSE stream, usually). */
export interface UpstreamBody {
  /** Starts the body flowing into `sink`. Chunks that came before wait for it. */
  read(sink: BodySink): void;
  /** No more chunks until resume(); the upstream waits (its connection stops being read). */
  pause(): void;
  resume(): void;
  /** Stops the exchange; the sink hears nothing more. */
  destroy(): void;
  /** Reads the rest whole: an error answer (kept up to `maxBytes`) or an answer that is not a stream. */
  readText(maxBytes: number, tooLarge: (() => Error) | null): Promise<string>;
}

/** An upstream answer whose body is read as it comes (UpstreamClient.sendStream). */
export interface StreamedResponse {
  statusCode: number;
  /** Parsed from the raw header list when first read. */
  readonly headers: IncomingHttpHeaders;
  body: UpstreamBody;
}

/**
 * A streamed answer straight from the callbacks undici's HTTP/1.1 client makes, as WholeResponseHandler
 * reads whole ones. `request()` put a Readable stream between the socket and the relay, and the response
 * limits' interceptor with its adapter objects: a push, a buffer and a 'data' event per chunk, about 3 µs
 * of CPU per frame (docs/benchmarks.md). Here each chunk goes to the reader as it is parsed. The reader's
 * pause() leaves the connection unread (undici's own pause, during which the idle timeout does not run,
 * as before), and the limits are applied here: maximum duration, maximum size, timeouts named after their
 * settings.
 */
export class StreamResponseHandler
  extends DirectExchange
  implements Dispatcher.DispatchHandler, UpstreamBody, StreamedResponse
{
  statusCode = 0;
  private rawHeaders: Buffer[] = [];
  private parsedHeaders: IncomingHttpHeaders | null = null;
  private resumeExchange: (() => void) | null = null;
  private sink: BodySink | null = null;
  /** Chunks parsed while there was no sink or it was paused; undici is paused meanwhile. */
  private held: Buffer[] = [];
  private paused = false;
  /** undici was told to stop reading (onData returned false) and waits for resumeExchange. */
  private exchangePaused = false;
  private received = 0;
  /** The body ended while it was held back: the end is delivered after the held chunks. */
  private completed = false;
  /** Finished, failed or destroyed: undici's callbacks and the sink are done with each other. */
  private over = false;
  /** A failure before anyone read the body: reported to the first sink. */
  private failure: unknown = null;

  constructor(
    context: ExchangeContext,
    private readonly resolve: (response: StreamedResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super(context);
  }

  get headers(): IncomingHttpHeaders {
    this.parsedHeaders ??= undiciUtil.parseHeaders(this.rawHeaders) as IncomingHttpHeaders;
    return this.parsedHeaders;
  }

  get body(): UpstreamBody {
    return this;
  }

  // ---- undici's side

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // An informational answer (103 Early Hints, say) comes before the answer: wait for that one.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.rawHeaders = rawHeaders;
    this.resumeExchange = resume;
    const limits = this.context.limits;
    if (declaresTooMuch(contentLength(rawHeaders), limits)) {
      this.abortExchange?.(tooLargeError(this.context.host(), limits));
      return false;
    }
    this.resolve(this);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.over) return false;
    this.received += chunk.length;
    const limits = this.context.limits;
    if (this.received > limits.upstreamMaxResponseBytes) {
      this.abortExchange?.(tooLargeError(this.context.host(), limits));
      return false;
    }
    if (this.sink === null || this.paused) {
      this.held.push(chunk);
      this.exchangePaused = true;
      return false;
    }
    this.sink.data(chunk);
    if (!this.paused) return true;
    this.exchangePaused = true;
    return false;
  }

  onComplete(): void {
    if (this.over) return;
    if (this.sink === null || this.paused || this.held.length > 0) {
      this.completed = true;
      return;
    }
    this.finish();
  }

  onError(error: Error): void {
    const failure = limitFailure(error, this.context.host(), this.context.limits);
    if (this.sink === null && this.statusCode === 0) {
      // Before the headers: the exchange failed, not a body.
      this.stop();
      this.reject(failure);
      return;
    }
    if (this.over) return;
    this.stop();
    this.held = [];
    if (this.sink) this.sink.error(failure);
    else this.failure = failure;
  }

  // ---- the reader's side

  read(sink: BodySink): void {
    if (this.sink !== null) throw new Error('The upstream body is read once');
    this.sink = sink;
    if (this.failure !== null) {
      sink.error(this.failure);
      return;
    }
    this.flush();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.flush();
  }

  destroy(): void {
    if (this.over) return;
    this.stop();
    this.held = [];
    this.abortExchange?.(new undiciErrors.RequestAbortedError());
  }

  readText(maxBytes: number, tooLarge: (() => Error) | null): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.read({
        data: (chunk) => {
          size += chunk.length;
          if (size <= maxBytes) {
            chunks.push(chunk);
            return;
          }
          if (tooLarge) {
            this.destroy();
            reject(tooLarge());
            return;
          }
          // The start of an error answer says what went wrong; the rest is not worth holding.
          chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
          this.destroy();
          resolve(Buffer.concat(chunks).toString('utf8'));
        },
        end: () => resolve(Buffer.concat(chunks).toString('utf8')),
        error: reject,
      });
    });
  }

  /** Delivers what was held back while there was no sink or it was paused, then lets undici go on. */
  private flush(): void {
    const sink = this.sink;
    if (sink === null || this.over) return;
    while (this.held.length > 0 && !this.paused && !this.over) sink.data(this.held.shift()!);
    if (this.paused || this.over) return;
    if (this.completed) {
      this.finish();
      return;
    }
    if (this.exchangePaused) {
      this.exchangePaused = false;
      this.resumeExchange?.();
    }
  }

  private finish(): void {
    this.stop();
    this.sink!.end();
  }

  /** The exchange is over for this handler: no more watching, no more cancelling, no more resuming. */
  private stop(): void {
    this.over = true;
    this.resumeExchange = null;
    this.detach();
  }
}
