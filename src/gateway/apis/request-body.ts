import type { IncomingHttpHeaders } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import type { BodyTap } from './body-tap';

/**
 * Request bodies up to this size are read whole before sending, so a retry or a failover to another base
 * URL can send them again. Longer ones are streamed and tried once (a stream cannot be replayed).
 */
export const REPLAY_BODY_MAX_BYTES = 64 * 1024;

/** A request body ready to send: none, small enough to hold (replayable), or a one-shot stream. */
export type PreparedBody =
  { kind: 'none' } | { kind: 'buffer'; data: Buffer } | { kind: 'stream'; stream: Readable };

export function hasRequestBody(headers: IncomingHttpHeaders): boolean {
  const length = Number(headers['content-length'] ?? 0);
  return headers['transfer-encoding'] !== undefined || (Number.isFinite(length) && length > 0);
}

/**
 * Reads the caller's body through `tap` (which counts and captures it for the log) until it ends or passes
 * `replayMax` bytes; what was read then leads the rest of the stream, which keeps flowing with backpressure.
 */
export function prepareBody(
  source: Readable,
  tap: BodyTap,
  replayMax = REPLAY_BODY_MAX_BYTES,
): Promise<PreparedBody> {
  // pipeline, unlike pipe, passes the caller's abort on to the tap, and from there to the upstream request.
  pipeline(source, tap, () => undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      tap.off('data', onData);
      tap.off('end', onEnd);
      tap.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= replayMax) return;
      cleanup();
      tap.pause();
      resolve({ kind: 'stream', stream: Readable.from(concatenated(chunks, tap), { objectMode: false }) });
    };
    const onEnd = () => {
      cleanup();
      resolve({ kind: 'buffer', data: Buffer.concat(chunks) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    tap.on('data', onData);
    tap.once('end', onEnd);
    tap.once('error', onError);
  });
}

async function* concatenated(head: Buffer[], rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* rest;
}
