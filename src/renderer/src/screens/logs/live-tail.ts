import type { LogRecord } from '../../../../shared/schemas/log-record';
import { liveTailUrl } from './logs-api';

/** connecting → live; reconnecting while EventSource retries on its own; stopped when it gave up. */
export type LiveTailState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveTailHandlers {
  onRecord(record: LogRecord): void;
  onState(state: LiveTailState): void;
  /** The stream is back after a drop: rows finished meanwhile were missed. */
  onReconnected(): void;
}

/** Subscribes to GET /admin/logs/stream; returns the function that closes it. */
export function openLiveTail(handlers: LiveTailHandlers): () => void {
  const source = new EventSource(liveTailUrl());
  let dropped = false;
  handlers.onState('connecting');
  source.onopen = () => {
    handlers.onState('live');
    if (dropped) handlers.onReconnected();
    dropped = false;
  };
  source.addEventListener('log', (event) => {
    try {
      handlers.onRecord(JSON.parse((event as MessageEvent<string>).data) as LogRecord);
    } catch {
      // A malformed event is skipped; the next one is independent of it.
    }
  });
  source.onerror = () => {
    dropped = true;
    // CLOSED means the browser will not retry (an HTTP error such as 401, or a non-SSE answer).
    handlers.onState(source.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting');
  };
  return () => source.close();
}
