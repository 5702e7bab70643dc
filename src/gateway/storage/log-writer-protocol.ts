import type { BatchOutcome, LogRow } from './log-insert';

/** Messages from the request thread to the log writer thread. */
export type WorkerRequest = { type: 'batch'; id: number; rows: LogRow[] } | { type: 'close' };

/** The answer to one batch: written (some records perhaps refused on their own), or not at all. */
export type WorkerReply =
  ({ id: number; ok: true } & BatchOutcome) | { id: number; ok: false; error: string };
