import type { ApiAuth } from '../../shared/schemas/apis';

export const DEFAULT_AUTH_HEADER = 'authorization';
export const DEFAULT_AUTH_TEMPLATE = 'Bearer {{secret}}';

/** Headers callers use for credentials; with auth configured, the caller's own are removed. */
const CALLER_CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key'];

/** Shorter strings would be masked out of ordinary text by accident; they are not real credentials. */
const MIN_ECHO_LENGTH = 6;

/** What the gateway adds to one upstream request. */
export interface InjectedCredential {
  headers: Record<string, string>;
  /** A query parameter to set (replacing any the caller sent). */
  query: { name: string; value: string } | null;
  /**
   * Every form of the credential that could come back in a response (the secret, the rendered header,
   * its URL-encoded form): response headers holding one are dropped and body bytes are masked.
   */
  echoes: string[];
}

/** Lowercase names of the caller's headers that must not reach the upstream when the API has auth. */
export function callerCredentialHeaders(auth: ApiAuth | null | undefined): string[] {
  if (!auth) return [];
  const names = [...CALLER_CREDENTIAL_HEADERS];
  if (auth.type === 'header') names.push((auth.name ?? DEFAULT_AUTH_HEADER).toLowerCase());
  return names;
}

export function injectCredential(auth: ApiAuth, secret: string): InjectedCredential {
  const echoes = new Set([secret, encodeURIComponent(secret)]);
  const headers: Record<string, string> = {};
  let query: InjectedCredential['query'] = null;
  if (auth.type === 'header') {
    const value = (auth.template ?? DEFAULT_AUTH_TEMPLATE).split('{{secret}}').join(secret);
    headers[(auth.name ?? DEFAULT_AUTH_HEADER).toLowerCase()] = value;
    echoes.add(value);
  } else if (auth.type === 'basic') {
    const encoded = Buffer.from(`${auth.username}:${secret}`, 'utf8').toString('base64');
    headers.authorization = `Basic ${encoded}`;
    echoes.add(encoded);
  } else {
    query = { name: auth.name, value: secret };
  }
  return { headers, query, echoes: [...echoes].filter((echo) => echo.length >= MIN_ECHO_LENGTH) };
}

/**
 * The raw query string (without "?") with `parameter` removed, and set to `value` when one is given.
 * Other parameters keep their exact encoding and order.
 */
export function replaceQueryParameter(rawQuery: string, parameter: string, value: string | null): string {
  const kept = rawQuery
    .split('&')
    .filter((pair) => pair !== '' && decodeName(pair.split('=')[0]!) !== parameter);
  if (value !== null) kept.push(`${encodeURIComponent(parameter)}=${encodeURIComponent(value)}`);
  return kept.join('&');
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
