import type { LogRecord } from '../../../../shared/schemas/log-record';

/** The environment variable the command reads the gateway key from; a real key is never written out. */
export const keyPlaceholder = '$GATEHOUSE_KEY';

const truncatedMarker = /… \[truncated \d+ characters\]$/;

export interface CurlCommand {
  text: string;
  /** What the user should know before running it (the body was not logged, or was cut). */
  caveat: string | null;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Rebuilds a logged request as a curl command against this gateway. */
export function curlCommand(
  record: Pick<LogRecord, 'endpoint' | 'requestBody' | 'stream'> & { method?: string },
  gatewayBaseUrl: string,
): CurlCommand {
  const url = shellQuote(`${gatewayBaseUrl.replace(/\/+$/, '')}${record.endpoint}`);
  const parts = [record.stream ? `curl -N ${url}` : `curl ${url}`];
  const method = record.method?.toUpperCase();
  if (method && method !== 'GET' && method !== 'POST') parts.push(`-X ${method}`);
  // Anthropic SDKs send x-api-key; the gateway accepts either header on every route.
  if (record.endpoint.startsWith('/v1/messages')) {
    parts.push(`-H "x-api-key: ${keyPlaceholder}"`, `-H 'anthropic-version: 2023-06-01'`);
  } else {
    parts.push(`-H "Authorization: Bearer ${keyPlaceholder}"`);
  }
  // LLM routes are POSTs with a body, except the model list; other APIs say their method.
  const expectsBody =
    method === undefined ? !record.endpoint.endsWith('/models') : !['GET', 'HEAD', 'DELETE'].includes(method);
  let caveat: string | null = null;
  if (record.requestBody !== null) {
    parts.push(`-H 'content-type: application/json'`, `-d ${shellQuote(record.requestBody)}`);
    if (truncatedMarker.test(record.requestBody))
      caveat = 'The logged body was cut at the body-logging cap; complete it before running the command.';
  } else if (expectsBody) {
    parts.push(`-H 'content-type: application/json'`, '-d @request.json');
    caveat = 'The request body was not logged (body logging is off): put it in request.json.';
  }
  return { text: parts.join(' \\\n  '), caveat };
}
