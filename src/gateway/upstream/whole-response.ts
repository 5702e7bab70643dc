import type { IncomingHttpHeaders } from 'node:http';
import { errors as undiciErrors, type Dispatcher } from 'undici';
import { CallerCancel, type CancelSignal } from '../logs/caller-cancel';
import { GatewayErrors } from '../errors/gateway-error';

/** A non-streamed upstream answer, read whole. */
export interface WholeResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** How much of an error answer is kept: its message is all the gateway reads. */
export const ERROR_BODY_LIMIT = 256 * 1024;

/**
 * Collects an answer straight from undici's dispatch callbacks into memory. `request()` would put a
 * Readable stream and its events between the socket and the string, for a body that is read whole
 * anyway (docs/benchmarks.md). Cancellation, size caps and errors behave as with
 * `request()` + `readBodyLimited`: the caller's cancel aborts the exchange, a success body over
 * `maxBytes` fails, an error body is kept up to 256 KiB.
 */
export class WholeResponseHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  private readonly onCancel = () => this.controller?.abort(new undiciErrors.RequestAbortedError());

  constructor(
    private readonly signal: CancelSignal,
    private readonly maxBytes: number,
    private readonly what: string,
    private readonly resolve: (response: WholeResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) {
      controller.abort(new undiciErrors.RequestAbortedError());
      return;
    }
    if (this.signal instanceof CallerCancel) this.signal.once('abort', this.onCancel);
    else this.signal.addEventListener('abort', this.onCancel, { once: true });
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.statusCode = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.statusCode >= 400 && this.size > ERROR_BODY_LIMIT) {
      // The start of an error answer says what went wrong; the rest is not worth holding.
      this.chunks.push(chunk.subarray(0, chunk.length - (this.size - ERROR_BODY_LIMIT)));
      this.finish();
      controller.abort(new undiciErrors.RequestAbortedError());
      return;
    }
    if (this.size > this.maxBytes) {
      this.fail(
        GatewayErrors.upstreamInvalidResponse(`${this.what} sent a body larger than ${this.maxBytes} bytes`),
      );
      controller.abort(new undiciErrors.RequestAbortedError());
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.detach();
    const text =
      this.chunks.length === 1
        ? this.chunks[0]!.toString('utf8')
        : Buffer.concat(this.chunks).toString('utf8');
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text });
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.detach();
    this.reject(error);
  }

  private detach(): void {
    if (this.signal instanceof CallerCancel) this.signal.off('abort', this.onCancel);
    else this.signal.removeEventListener('abort', this.onCancel);
  }
}
