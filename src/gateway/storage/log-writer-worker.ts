// The log writer's thread in `gatehouse serve` (bundled to dist/gateway/log-writer-worker.cjs): SQLite
// inserts of request logs run here, off the thread that serves requests. It owns one connection to the
// same database file; the request thread keeps the queue, the backlog policy and the degraded state
// (storage/log-writer.ts), and sends one batch at a time.
import os from 'node:os';
import { workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createLogInserter, describeError } from './log-insert';
import type { WorkerReply, WorkerRequest } from './log-writer-protocol';

/**
 * How much lower the writer thread's priority is than the thread that started it, in nice steps (Linux: 0 is
 * the default, 19 the lowest). Nice 5 against 0 still leaves it a share of a busy core well above what the
 * inserts need at full load. Relative, so a gateway started with `nice` keeps the gap (lowering a priority
 * needs no privilege; raising one would).
 */
const writerNiceSteps = 5;

const { file, port, signal } = workerData as { file: string; port: MessagePort; signal: SharedArrayBuffer };
const counter = new Int32Array(signal);
// [0] counts replies, [1] is set once this thread ends — however it ends — so a waiting flush() stops waiting.
process.on('exit', () => {
  Atomics.store(counter, 1, 1);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
// Writing the log is background work: when both are ready to run, the scheduler should pick the thread that
// serves requests. Linux keeps a nice value per thread, so this lowers this thread alone; elsewhere the call
// would lower the whole process, so it is made on Linux only.
if (process.platform === 'linux') {
  try {
    // A new thread starts with its creator's nice value.
    os.setPriority(Math.min(19, os.getPriority() + writerNiceSteps));
  } catch {
    // Not allowed here (a container without the capability to change it): the default priority stays.
  }
}
const db = new Database(file);
// The request thread opened and migrated the file (WAL is a property of the file); these are per connection.
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const insertBatch = createLogInserter(db);

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WorkerReply;
  try {
    const outcome = insertBatch(message.rows);
    reply = { id: message.id, ok: true, ...outcome };
  } catch (error) {
    reply = { id: message.id, ok: false, error: describeError(error) };
  }
  port.postMessage(reply);
  // Wakes a request thread waiting in flush() (Atomics.wait) for this reply.
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
