import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Headers about one connection, not the message (RFC 9110 §7.6.1): never forwarded in either direction. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Request headers the gateway sets itself, or that undici cannot forward (it handles 100-continue). */
const NOT_FORWARDED = new Set(['host', 'expect', 'http2-settings']);

export type HeaderMap = Record<string, string | string[]>;

/** Names listed in the Connection header are hop-by-hop too. */
function connectionTokens(value: string | string[] | number | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : String(value ?? '');
  return new Set(
    text
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * The caller's headers as the upstream should see them: hop-by-hop headers, Host, the gateway's own
 * `x-gatehouse-*` controls and the names in `drop` (lowercase; the caller's credentials) removed.
 */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, drop: ReadonlySet<string>): HeaderMap {
  const listed = connectionTokens(incoming.connection);
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || NOT_FORWARDED.has(lower) || listed.has(lower) || drop.has(lower)) continue;
    if (lower.startsWith('x-gatehouse-')) continue;
    headers[lower] = value;
  }
  return headers;
}

/**
 * The upstream's response headers as the caller should see them: hop-by-hop headers removed, and any
 * header that carries one of `secrets` (an upstream echoing the injected Authorization, a redirect URL
 * with the key in its query) dropped whole, so the credential cannot reach the caller.
 */
export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  secrets: readonly string[],
): OutgoingHttpHeaders {
  const listed = connectionTokens(upstream.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (secrets.some((secret) => values.some((entry) => entry.includes(secret)))) continue;
    headers[lower] = value;
  }
  return headers;
}

/** One value per header, for views (the "try it" answer) rather than for forwarding. */
export function flattenHeaders(headers: OutgoingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}
