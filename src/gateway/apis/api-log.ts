import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import { redactSecrets } from '../secrets/redact';

/** Content types whose bodies are worth storing as text in the log. */
const TEXTUAL =
  /^(text\/|application\/([\w.+-]*\+)?(json|xml|yaml|x-www-form-urlencoded|javascript|graphql|x-ndjson)\b)/i;

/**
 * How a captured body appears in the log: text up to the cap (marked when cut), or a note with its size
 * for binary bodies, which would only be noise as text.
 */
export function logBodyText(
  captured: Buffer,
  totalBytes: number,
  contentType: string | string[] | number | undefined,
  maxBytes: number,
): string | null {
  if (totalBytes === 0) return null;
  const type = String(Array.isArray(contentType) ? contentType[0] : (contentType ?? ''));
  if (type !== '' && !TEXTUAL.test(type)) return `[${totalBytes} bytes of ${type.split(';')[0]}]`;
  const shown = captured.subarray(0, maxBytes).toString('utf8');
  return totalBytes > maxBytes ? `${shown}… [truncated ${totalBytes - maxBytes} bytes]` : shown;
}

/**
 * Writes the log row of a call that no route's reply carries: a WebSocket session or an admin "try it".
 * Redacts as the request-log plugin does: every secret the gateway resolved lately, key-shaped strings and
 * credential fields.
 */
export function writeApiLog(
  gateway: GatewayServices,
  entry: LogEntry,
  status: number,
  cancelled = false,
): void {
  const known = gateway.secrets.recentValues;
  if (!gateway.settings.logBodies) {
    entry.requestBody = null;
    entry.responseBody = null;
  }
  if (entry.requestBody !== null) entry.requestBody = redactSecrets(entry.requestBody, known);
  if (entry.responseBody !== null) entry.responseBody = redactSecrets(entry.responseBody, known);
  if (entry.error !== null) entry.error = redactSecrets(entry.error, known);
  if (entry.streamError !== null) entry.streamError = redactSecrets(entry.streamError, known);
  const record = entry.toRecord(status, cancelled, null);
  gateway.logWriter.write(record);
  gateway.logBus.publish(record);
  entry.emitFinish(record);
}
