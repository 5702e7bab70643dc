import { Readable, Transform, type TransformCallback } from 'node:stream';
import { SseParser } from '../sse/sse-parser';
import { formatSseEvent } from '../sse/sse-writer';
import type { RecordedEvent } from './cache-store';

/**
 * Passes the SSE text sent to the caller through unchanged and keeps its events (event name and data; SSE
 * comments such as keep-alives are not events and are not kept). `complete` turns true only when the
 * stream ended normally; `overflowed` when it outgrew maxBytes and will not be cached.
 */
export class StreamRecorder extends Transform {
  readonly events: RecordedEvent[] = [];
  complete = false;
  overflowed = false;
  private bytes = 0;
  private readonly parser = new SseParser((event) => {
    if (this.overflowed) return;
    this.bytes += event.data.length + (event.event?.length ?? 0);
    if (this.bytes > this.maxBytes) {
      this.overflowed = true;
      this.events.length = 0;
      return;
    }
    this.events.push(event.event ? { event: event.event, data: event.data } : { data: event.data });
  });

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.overflowed) this.parser.feed(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.parser.end();
    this.complete = true;
    callback();
  }
}

/** The recorded events as a stream again, one chunk per event, written by the gateway's one SSE writer. */
export function replayEvents(events: readonly RecordedEvent[]): Readable {
  return Readable.from(
    events.map((event) => formatSseEvent(event.data, event.event)),
    { objectMode: false },
  );
}
