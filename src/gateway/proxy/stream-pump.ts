import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { ServerSettings } from '../config/server-settings';
import { GatewayError } from '../errors/gateway-error';
import { abortSignalOf, type CancelSignal } from '../logs/caller-cancel';
import { truncateBody, type LogEntry } from '../logs/log-entry';
import type { PreparedAnswer } from '../routing/request-plan';
import { SSE_HEADERS } from '../sse/sse-writer';
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
export async function openStream(
  body: Readable,
  transform: StreamTransform,
  entry: LogEntry,
  settings: ServerSettings,
  signal: CancelSignal,
  url: string,
): Promise<PreparedAnswer> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first = '';
  let ended = false;
  try {
    while (first === '' && !ended) {
      const next = await iterator.next();
      first = next.done ? transform.end() : transform.push(next.value);
      if (transform.earlyFailure) throw transform.earlyFailure;
      ended = next.done === true || transform.done;
    }
  } catch (error) {
    body.destroy();
    throw error instanceof GatewayError ? error : toGatewayError(error, url, settings);
  }
  if (ended) body.destroy();
  return {
    send(reply, tap) {
      const out = new PassThrough();
      void pumpRest(iterator, ended, first, out, transform, entry, settings, signal, url);
      return reply
        .code(200)
        .headers(SSE_HEADERS)
        .send(tap ? tap.stream(out) : out);
    },
  };
}

async function pumpRest(
  iterator: AsyncIterator<Buffer>,
  ended: boolean,
  first: string,
  out: PassThrough,
  transform: StreamTransform,
  entry: LogEntry,
  settings: ServerSettings,
  signal: CancelSignal,
  url: string,
): Promise<void> {
  const limit = settings.logBodyMaxBytes;
  let logged = '';
  const write = async (text: string) => {
    if (!text) return;
    entry.markFirstByte();
    if (logged.length < limit) logged += text;
    if (!out.write(text)) await once(out, 'drain', { signal: abortSignalOf(signal) });
  };
  try {
    await write(first);
    if (!ended) {
      // The same iterator the first bytes came from: for-await's break (or an error) closes the body.
      for await (const chunk of { [Symbol.asyncIterator]: () => iterator }) {
        await write(transform.push(chunk));
        if (transform.done) break;
      }
      if (!transform.done) await write(transform.end());
    }
    out.end();
  } catch (error) {
    if (signal.aborted || isAbort(error)) {
      out.destroy();
      return;
    }
    const failure = toGatewayError(error, url, settings);
    entry.streamError = `Stream broke: ${failure.message}`;
    out.end(transform.brokenText(failure));
  } finally {
    entry.responseBody = truncateBody(logged, limit);
  }
}
