import { Transform, type TransformCallback } from 'node:stream';

/**
 * Counts the bytes of a body on their way through, keeps its first `captureBytes` for the log, and
 * (for responses) masks every occurrence of the injected credential with "*" of the same length, so
 * Content-Length stays right and an upstream that echoes the credential cannot hand it to the caller.
 * Nothing else is held: a stream flows chunk by chunk (SSE events are not delayed), except for the few
 * bytes at a chunk's end that could be the start of a credential split across two chunks.
 */
export class BodyTap extends Transform {
  bytes = 0;
  private readonly capturedChunks: Buffer[] = [];
  private capturedBytes = 0;
  private held: Buffer = Buffer.alloc(0);
  private readonly masks: Buffer[];

  constructor(
    private readonly captureBytes: number,
    masks: readonly string[] = [],
    private readonly onBytes?: (count: number) => void,
  ) {
    super();
    this.masks = masks.filter((mask) => mask.length > 0).map((mask) => Buffer.from(mask, 'utf8'));
  }

  /** The captured start of the body; `complete` is false when it was longer than the capture. */
  capture(): { data: Buffer; complete: boolean } {
    return { data: Buffer.concat(this.capturedChunks), complete: this.bytes <= this.captureBytes };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.masks.length === 0) return callback(null, this.pass(chunk));
    const data = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : Buffer.from(chunk);
    for (const mask of this.masks) maskAll(data, mask);
    const hold = heldBack(data, this.masks);
    this.held = Buffer.from(data.subarray(data.length - hold));
    const ready = data.subarray(0, data.length - hold);
    callback(null, ready.length > 0 ? this.pass(ready) : undefined);
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    callback(null, rest.length > 0 ? this.pass(rest) : undefined);
  }

  private pass(chunk: Buffer): Buffer {
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    if (this.capturedBytes < this.captureBytes) {
      const part = chunk.subarray(0, this.captureBytes - this.capturedBytes);
      // A copy, so the capture does not pin the (possibly large) chunk it came from.
      this.capturedChunks.push(Buffer.from(part));
      this.capturedBytes += part.length;
    }
    return chunk;
  }
}

function maskAll(data: Buffer, mask: Buffer): void {
  let at = data.indexOf(mask);
  while (at >= 0) {
    data.fill(0x2a, at, at + mask.length);
    at = data.indexOf(mask, at + mask.length);
  }
}

/** How many bytes at the end of `data` could begin one of `masks`: they wait for the next chunk. */
function heldBack(data: Buffer, masks: readonly Buffer[]): number {
  let hold = 0;
  for (const mask of masks) {
    for (let length = Math.min(mask.length - 1, data.length); length > hold; length -= 1) {
      if (data[data.length - length] !== mask[0]) continue;
      if (data.subarray(data.length - length).equals(mask.subarray(0, length))) {
        hold = length;
        break;
      }
    }
  }
  return hold;
}
