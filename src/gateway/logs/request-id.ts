import { randomBytes } from 'node:crypto';

// Ids sort by time as plain strings: the log's cursor pagination relies on it.
const processTag = randomBytes(3).toString('hex');
let lastMs = 0;
let sequence = 0;
/** `req_` and the time part of the current millisecond's ids, formatted once per millisecond. */
let prefix = '';

export function newRequestId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
    prefix = `req_${lastMs.toString(36).padStart(9, '0')}`;
  } else {
    sequence += 1;
  }
  return `${prefix}${sequence.toString(36).padStart(4, '0')}${processTag}`;
}
