import type { IncomingHttpHeaders } from 'node:http';
import { errors as undiciErrors, util as undiciUtil, type Dispatcher } from 'undici';
import { GatewayErrors } from '../errors/gateway-error';
import { DirectExchange, type ExchangeContext } from './direct-exchange';
import { declaresTooMuch, limitFailure, tooLargeError } from './response-limits';

/** A non-streamed upstream answer, read whole. */
export interface WholeResponse {
  statusCode: number;
  /** Parsed from the raw header list when first read (only error answers need them). */
  readonly headers: IncomingHttpHeaders;
  text: string;
}

/** How much of an error answer is kept: its message is all the gateway reads. */
export const ERROR_BODY_LIMIT = 256 * 1024;

/** What one whole-answer exchange needs besides its request. */
export interface WholeExchange extends ExchangeContext {
  /** Success bodies above this fail the call. */
  maxBytes: number;
  /** Names the upstream in the error for a body over maxBytes. */
  what: string;
}

class ReadWholeResponse implements WholeResponse {
  private parsed: IncomingHttpHeaders | null = null;

  constructor(
    readonly statusCode: number,
    private readonly rawHeaders: Buffer[],
    readonly text: string,
  ) {}

  get headers(): IncomingHttpHeaders {
    this.parsed ??= undiciUtil.parseHeaders(this.rawHeaders) as IncomingHttpHeaders;
    return this.parsed;
  }
}

/**
 * Collects an answer straight from the callbacks undici's HTTP/1.1 client makes (`onConnect`, `onHeaders`,
 * `onData`, …) into memory, and bounds it like every upstream response (`response-limits.ts`: maximum
 * duration, maximum size, timeouts named after their settings). `request()` would put a Readable stream and
 * its events between the socket and the string, for a body that is read whole anyway; the newer handler
 * interface would put two adapter objects per request in between and parse every response header into an
 * object (docs/benchmarks.md). Cancellation, size caps and errors behave as with `request()` +
 * `readBodyLimited`: the caller's cancel aborts the exchange, a success body over `maxBytes` fails, an error
 * body is kept up to 256 KiB.
 */
export class WholeResponseHandler extends DirectExchange implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  private rawHeaders: Buffer[] = [];
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private settled = false;

  constructor(
    private readonly exchange: WholeExchange,
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super(exchange);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.statusCode = statusCode;
    this.rawHeaders = rawHeaders;
    const limits = this.exchange.limits;
    if (declaresTooMuch(contentLength(rawHeaders), limits)) {
      this.abortExchange?.(tooLargeError(this.exchange.host(), limits));
      return false;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    this.size += chunk.length;
    const { limits, maxBytes } = this.exchange;
    if (this.size > limits.upstreamMaxResponseBytes) {
      this.abortExchange?.(tooLargeError(this.exchange.host(), limits));
      return false;
    }
    if (this.statusCode >= 400 && this.size > ERROR_BODY_LIMIT) {
      // The start of an error answer says what went wrong; the rest is not worth holding.
      this.chunks.push(chunk.subarray(0, chunk.length - (this.size - ERROR_BODY_LIMIT)));
      this.finish();
      this.abortExchange?.(new undiciErrors.RequestAbortedError());
      return false;
    }
    if (this.size > maxBytes) {
      this.fail(
        GatewayErrors.upstreamInvalidResponse(
          `${this.exchange.what} sent a body larger than ${maxBytes} bytes`,
        ),
      );
      this.abortExchange?.(new undiciErrors.RequestAbortedError());
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.finish();
  }

  onError(error: Error): void {
    this.fail(limitFailure(error, this.exchange.host(), this.exchange.limits));
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.detach();
    const text =
      this.chunks.length === 1
        ? this.chunks[0]!.toString('utf8')
        : Buffer.concat(this.chunks).toString('utf8');
    this.resolve(new ReadWholeResponse(this.statusCode, this.rawHeaders, text));
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.detach();
    this.reject(error);
  }
}

/** The Content-Length value in undici's raw header list (name, value, name, value, …), if any. */
export function contentLength(rawHeaders: Buffer[]): string | undefined {
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!;
    // "content-length" is 14 bytes: compare only names of that length.
    if (name.length === 14 && name.toString('latin1').toLowerCase() === 'content-length') {
      return rawHeaders[index + 1]!.toString('latin1');
    }
  }
  return undefined;
}
