import type { Readable } from 'node:stream';
import { GatewayErrors } from '../errors/gateway-error';

/** Reads a whole upstream body, refusing one larger than `maxBytes` instead of holding it in memory. */
export async function readBodyLimited(body: Readable, maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw GatewayErrors.upstreamInvalidResponse(`${what} sent a body larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
