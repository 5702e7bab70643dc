import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import { logBodyText } from './api-log';
import type { RegisteredApi } from './api-registry';
import { BodyTap } from './body-tap';
import {
  callerCredentialHeaders,
  injectCredential,
  replaceQueryParameter,
  type InjectedCredential,
} from './credential-injection';
import { clientResponseHeaders, upstreamRequestHeaders, type HeaderMap } from './forward-headers';
import type { PreparedBody } from './request-body';
import { cacheKey, varyDigest } from './rest-cache';
import { cacheUse, DEFAULT_CACHE_MAX_BODY_BYTES, freshnessSeconds, varyNames } from './rest-cache-policy';
import { sendWithRetries } from './upstream-attempts';

/** Marks answers the cache was consulted for: `hit` (from the cache) or `miss`. */
export const CACHE_STATUS_HEADER = 'x-gatehouse-cache';

export interface ApiCallRequest {
  api: RegisteredApi;
  method: string;
  /** The path below the API, already checked by checkApiPath. */
  path: string;
  /** The caller's query string, without "?". */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** Lowercase names of the headers that carried the gateway key: never forwarded. */
  gatewayKeyHeaders: readonly string[];
  body: PreparedBody;
  signal: AbortSignal;
  entry: LogEntry | null;
}

export interface ApiCallResult {
  status: number;
  /** Safe to send: hop-by-hop headers and any header echoing the credential are gone. */
  headers: OutgoingHttpHeaders;
  /** The upstream body (credential echoes masked, bytes counted), a cached body, or null (HEAD, 204, 304). */
  body: Readable | Buffer | null;
  cacheHit: boolean;
}

/** 405 for a method the API does not allow, with the Allow header listing those it does. */
export function checkMethod(api: RegisteredApi, method: string): void {
  const allowed = api.config.allowedMethods;
  if (!allowed || (allowed as string[]).includes(method)) return;
  throw GatewayErrors.invalidRequest(`API "${api.config.slug}" does not allow ${method}`, {
    statusCode: 405,
    headers: { allow: allowed.join(', ') },
  });
}

/** The credential to inject, or null for an API without auth; a missing secret is a 500 saying what to set. */
export async function resolveCredential(
  gateway: GatewayServices,
  api: RegisteredApi,
): Promise<InjectedCredential | null> {
  const auth = api.config.auth;
  if (!auth) return null;
  const slug = api.config.slug;
  if (!auth.secret) {
    throw GatewayErrors.providerKeyMissing(
      `API "${slug}" has auth but no credential: store one with PUT /admin/apis/${slug}/secret (or in the app), or give auth.secret a reference in the config file`,
    );
  }
  const secret = await gateway.secrets.resolve(auth.secret);
  if (secret === undefined) {
    throw GatewayErrors.providerKeyMissing(
      `API "${slug}": cannot resolve its credential ${auth.secret}; ${gateway.secrets.describeMissing(auth.secret)}`,
    );
  }
  return injectCredential(auth, secret);
}

/** One call to an API through the gateway: credentials, cache, rate limit, retries, and the answer. */
export async function callApi(gateway: GatewayServices, request: ApiCallRequest): Promise<ApiCallResult> {
  const { api, method, entry } = request;
  const { config } = api;
  const registry = gateway.apis;
  const credential = await resolveCredential(gateway, api);
  const drop = new Set([...request.gatewayKeyHeaders, ...callerCredentialHeaders(config.auth)]);
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(config.defaultHeaders ?? {}))
    headers[name.toLowerCase()] = value;
  Object.assign(headers, upstreamRequestHeaders(request.headers, drop));
  // What the cache compares Vary'd headers on: the request as forwarded, before the credential is added.
  const varyView = { ...headers };
  const callerAuthorization = !credential && headers.authorization !== undefined;
  Object.assign(headers, credential?.headers);

  const use = cacheUse(config.cache, method, request.body.kind !== 'none', request.headers);
  const key = cacheKey(config.slug, method, request.path, request.rawQuery);
  if (use.lookup) {
    const hit = registry.cache.get(key, varyView);
    if (hit) {
      if (entry) {
        entry.cacheHit = true;
        entry.bytesOut = hit.body.length;
        entry.responseBody = logBodyText(
          hit.body,
          hit.body.length,
          hit.headers['content-type'],
          gateway.settings.logBodyMaxBytes,
        );
      }
      const age = Math.max(0, Math.floor((registry.clock.now() - hit.storedAt) / 1000));
      return {
        status: hit.status,
        headers: { ...hit.headers, age: String(age), [CACHE_STATUS_HEADER]: 'hit' },
        body: hit.body,
        cacheHit: true,
      };
    }
  }

  const waitMs = api.limiter?.take() ?? 0;
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw GatewayErrors.rateLimited(
      `API "${config.slug}" allows ${config.rateLimit?.requestsPerMinute} requests per minute; try again in ${seconds} s`,
      { headers: { 'retry-after': String(seconds) } },
    );
  }

  const query =
    credential?.query && config.auth?.type === 'query'
      ? replaceQueryParameter(request.rawQuery, credential.query.name, credential.query.value)
      : request.rawQuery;
  const { response } = await sendWithRetries(registry, {
    api,
    method,
    path: request.path,
    query,
    headers,
    body: request.body,
    timeoutMs: config.timeoutMs ?? gateway.settings.upstreamTimeoutMs,
    signal: request.signal,
    entry,
  });

  const echoes = credential?.echoes ?? [];
  const status = response.statusCode;
  const responseHeaders = clientResponseHeaders(response.headers, echoes);
  if (use.lookup || use.store) responseHeaders[CACHE_STATUS_HEADER] = 'miss';
  if (method === 'HEAD' || status === 204 || status === 304 || status < 200) {
    await response.body.dump().catch(() => undefined);
    return { status, headers: responseHeaders, body: null, cacheHit: false };
  }

  const logMax = gateway.settings.logBodyMaxBytes;
  const cacheMax = config.cache?.maxBodyBytes ?? DEFAULT_CACHE_MAX_BODY_BYTES;
  const ttl =
    use.store && config.cache
      ? freshnessSeconds(config.cache, status, response.headers, callerAuthorization)
      : null;
  const declaredLength = Number(response.headers['content-length']);
  const storable = ttl !== null && !(declaredLength > cacheMax);
  const tap = new BodyTap(storable ? Math.max(logMax, cacheMax + 1) : logMax, echoes, (count) => {
    if (!entry) return;
    entry.markFirstByte();
    entry.bytesOut = (entry.bytesOut ?? 0) + count;
  });
  if (entry) entry.stream = /^text\/event-stream/i.test(String(response.headers['content-type'] ?? ''));
  const describe = () => {
    if (!entry) return;
    const { data } = tap.capture();
    entry.responseBody = logBodyText(data, tap.bytes, response.headers['content-type'], logMax);
  };
  tap.once('end', () => {
    describe();
    const { data, complete } = tap.capture();
    if (!storable || !complete || tap.bytes > cacheMax) return;
    const names = varyNames(response.headers);
    const now = registry.clock.now();
    registry.cache.set(key, {
      status,
      headers: withoutCacheStatus(responseHeaders),
      body: data,
      storedAt: now,
      expiresAt: now + ttl * 1000,
      varyNames: names,
      varyDigest: varyDigest(names, varyView),
    });
  });
  pipeline(response.body, tap, (error) => {
    if (!error) return;
    describe();
    if (entry && !request.signal.aborted) entry.streamError = `The upstream body broke off: ${error.message}`;
  });
  return { status, headers: responseHeaders, body: tap, cacheHit: false };
}

function withoutCacheStatus(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const { [CACHE_STATUS_HEADER]: _status, ...rest } = headers;
  return rest;
}
