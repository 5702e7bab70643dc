import { AdminApiError } from '../api/admin-fetch';

/** A message a person can act on, from whatever a failed call threw. */
export function errorText(error: unknown): string {
  if (error instanceof AdminApiError) {
    if (error.status === 401)
      return `${error.message}. Sign in again: restart \`gatehouse serve\` for a new login link, or reopen the app.`;
    return error.message;
  }
  if (error instanceof TypeError) {
    // fetch() rejects with a TypeError when nothing answers at all.
    return 'The gateway did not answer. Check that Gatehouse is running (the desktop app, or `gatehouse serve`).';
  }
  return error instanceof Error ? error.message : String(error);
}
