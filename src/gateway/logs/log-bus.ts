import { EventEmitter } from 'node:events';
import type { LogRecord } from '../../shared/schemas/log-record';

export type LogBusEvent = { type: 'log'; record: LogRecord };

/** Fan-out of finished log records to live tails (admin SSE). Holds nothing. */
export class LogBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(record: LogRecord): void {
    if (this.emitter.listenerCount('log') > 0) this.emitter.emit('log', record);
  }

  subscribe(listener: (record: LogRecord) => void): () => void {
    this.emitter.on('log', listener);
    return () => this.emitter.off('log', listener);
  }
}
