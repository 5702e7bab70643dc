import type { Readable } from 'node:stream';
import { GatewayErrors } from '../errors/gateway-error';
import type { UpstreamBody } from './streamed-response';

/**
 * Reads a whole upstream body, refusing one larger than `maxBytes` instead of holding it in memory.
 * Listens to the stream's events rather than iterating it: every non-streamed answer comes through here,
 * and an async iterator costs several allocations and ticks per body.
 */
export function readBodyLimited(body: Readable, maxBytes: number, what: string): Promise<string> {
  // A body that already ended or failed: the iterator handles those states exactly as before.
  if (body.destroyed || body.readableEnded) return readByIterating(body, maxBytes, what);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        body.destroy();
        reject(tooLarge(what, maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    // Closed without an error before its end: what iterating reports as a premature close.
    const onClose = () => {
      stop();
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** The same for the body of a streamed answer (UpstreamClient.sendStream) that turned out not to stream. */
export function readStreamedWhole(body: UpstreamBody, maxBytes: number, what: string): Promise<string> {
  return body.readText(maxBytes, () => tooLarge(what, maxBytes));
}

async function readByIterating(body: Readable, maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge(what, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(what: string, maxBytes: number) {
  return GatewayErrors.upstreamInvalidResponse(`${what} sent a body larger than ${maxBytes} bytes`);
}
