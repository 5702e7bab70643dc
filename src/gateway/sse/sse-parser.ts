import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseEvent = EventSourceMessage;

/**
 * The gateway's one SSE parser: feed it raw bytes as they arrive, in any split, and it calls back once per
 * complete event. Providers never split bytes themselves.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private readonly parser;

  constructor(onEvent: (event: SseEvent) => void) {
    this.parser = createParser({ onEvent });
  }

  feed(chunk: Uint8Array): void {
    this.parser.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** Flushes a last event that was not followed by a blank line. */
  end(): void {
    const rest = this.decoder.decode();
    this.parser.feed(`${rest}\n\n`);
  }
}
