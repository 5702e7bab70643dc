import { timingSafeEqual } from 'node:crypto';
import http, { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { pipeline, type Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { encodeError, GatewayError, GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { LogEntry } from '../logs/log-entry';
import { newRequestId } from '../logs/request-id';
import { boundPort, isOwnHost, parseHost } from '../plugins/host-guard';
import { originKind } from '../plugins/origin-guard';
import { hashKey, type KeyRecord } from '../storage/key-repository';
import { checkKeyAllowsApi, findApi, parseApiTarget } from './api-access';
import { checkMethod, resolveCredential } from './api-call';
import { writeApiLog } from './api-log';
import { BodyTap } from './body-tap';
import { callerCredentialHeaders, replaceQueryParameter } from './credential-injection';
import { clientResponseHeaders, upstreamRequestHeaders, type HeaderMap } from './forward-headers';
import { isConnectFailure } from './retry-policy';
import type { ApiTarget } from './target-selector';
import { toGatewayError } from '../upstream/upstream-client';

/** Browsers cannot set headers on a WebSocket: they may offer the gateway key as a subprotocol instead. */
export const KEY_PROTOCOL_PREFIX = 'gatehouse-key.';

/**
 * WebSocket upgrades of `/apis/<slug>/<path>`: checked like any API call (Host, Origin, gateway key, the
 * key's API list, the path, the rate limit), the credential injected, then the two sockets are piped both
 * ways until either side closes. Frames from the upstream pass through the same credential masking as
 * HTTP bodies. One log row per session (status 101, bytes each way).
 */
export function attachWebSocketProxy(app: FastifyInstance): void {
  const tunnels = new Set<Duplex>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    if (!(request.url ?? '').startsWith('/apis/')) {
      // Other upgrade listeners may own this path; with none, nobody would ever answer.
      if (app.server.listenerCount('upgrade') === 1)
        refuse(socket, GatewayErrors.routeNotFound('No route'), null);
      return;
    }
    void proxyUpgrade(app, request, socket, head, tunnels);
  };
  app.server.on('upgrade', onUpgrade);
  // Open tunnels would hold the server's close until the grace period ran out.
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const socket of tunnels) socket.destroy();
  });
}

async function proxyUpgrade(
  app: FastifyInstance,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  tunnels: Set<Duplex>,
): Promise<void> {
  const gateway = app.gateway;
  const entry = new LogEntry(newRequestId(), '/apis');
  entry.method = 'GET';
  entry.stream = true;
  entry.bytesIn = 0;
  entry.bytesOut = 0;
  try {
    checkHostAndOrigin(app, request);
    const { key, protocols } = presentedKey(request);
    const record = verifyKey(gateway, key);
    entry.keyName = record.name;
    const target = parseApiTarget(request.url ?? '');
    const api = findApi(gateway, target.slug);
    entry.api = api.config.slug;
    entry.endpoint = `/apis/${api.config.slug}${target.path}`;
    checkKeyAllowsApi(gateway, record.name, api.config.slug);
    checkMethod(api, 'GET');
    const reservation = await gateway.limits.admit(record.name, record.limits, {
      tokens: 0,
      usd: 0,
      free: true,
    });
    entry.onFinish((finished) => gateway.limits.settle(reservation, finished));
    const waitMs = api.limiter?.take() ?? 0;
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw GatewayErrors.rateLimited(`API "${api.config.slug}" is over its rate limit`, {
        headers: { 'retry-after': String(seconds) },
      });
    }
    const credential = await resolveCredential(gateway, api);
    const drop = new Set(['authorization', 'x-api-key', ...callerCredentialHeaders(api.config.auth)]);
    const headers: HeaderMap = {
      ...lowercase(api.config.defaultHeaders),
      ...upstreamRequestHeaders(request.headers, drop),
    };
    if (protocols.length > 0) headers['sec-websocket-protocol'] = protocols.join(', ');
    else delete headers['sec-websocket-protocol'];
    Object.assign(headers, credential?.headers, {
      connection: 'Upgrade',
      upgrade: String(request.headers.upgrade),
    });
    const query = credential?.query
      ? replaceQueryParameter(target.rawQuery, credential.query.name, credential.query.value)
      : target.rawQuery;
    const timeoutMs = api.config.timeoutMs ?? gateway.settings.upstreamTimeoutMs;
    const echoes = credential?.echoes ?? [];

    let answer: UpgradeAnswer | undefined;
    for (const candidate of api.targets.order()) {
      const path = `${`${candidate.basePath}${target.path}` || '/'}${query ? `?${query}` : ''}`;
      try {
        answer = await openUpstream(candidate, path, headers, timeoutMs);
        api.targets.succeed(candidate);
        break;
      } catch (error) {
        const failure = toGatewayError(error, candidate.url, timeoutMs);
        api.targets.fail(candidate, failure.message);
        entry.attempts.push({
          provider: api.config.slug,
          model: candidate.url,
          status: failure.statusCode,
          latencyMs: 0,
          error: failure.message,
        });
        if (!isConnectFailure(error)) throw failure;
        entry.error = failure.message;
      }
    }
    if (!answer)
      throw GatewayErrors.upstreamUnreachable(entry.error ?? `Cannot reach API "${api.config.slug}"`);
    entry.error = null;
    const responseHeaders = clientResponseHeaders(answer.response.headers, echoes);
    const down = new BodyTap(0, echoes, (count) => (entry.bytesOut = (entry.bytesOut ?? 0) + count));

    if (answer.kind === 'response') {
      // The upstream refused the upgrade: relay its answer and close.
      const status = answer.response.statusCode ?? 502;
      delete responseHeaders['content-length'];
      socket.write(
        statusLines(status, { ...responseHeaders, connection: 'close', 'x-gatehouse-request-id': entry.id }),
      );
      pipeline(answer.response, down, socket, () => writeApiLog(gateway, entry, status));
      return;
    }

    const { socket: upstream, head: upstreamHead } = answer;
    socket.write(
      statusLines(101, {
        ...responseHeaders,
        connection: 'Upgrade',
        upgrade: answer.response.headers.upgrade ?? 'websocket',
        'x-gatehouse-request-id': entry.id,
      }),
    );
    tunnels.add(socket);
    if (upstreamHead.length > 0) upstream.unshift(upstreamHead);
    if (head.length > 0) {
      entry.bytesIn += head.length;
      upstream.write(head);
    }
    const up = new BodyTap(0, [], (count) => (entry.bytesIn = (entry.bytesIn ?? 0) + count));
    let open = 2;
    const closed = (error?: Error | null) => {
      if (error) {
        socket.destroy();
        upstream.destroy();
      }
      open -= 1;
      if (open > 0) return;
      tunnels.delete(socket);
      writeApiLog(gateway, entry, 101);
    };
    pipeline(socket, up, upstream, closed);
    pipeline(upstream, down, socket, closed);
  } catch (error) {
    const failure =
      error instanceof GatewayError
        ? error
        : GatewayErrors.internal('Internal gateway error', { cause: error });
    entry.error = failure.message;
    refuse(socket, failure, entry.id);
    writeApiLog(gateway, entry, failure.statusCode);
  }
}

type UpgradeAnswer =
  | { kind: 'upgrade'; response: IncomingMessage; socket: Duplex; head: Buffer }
  | { kind: 'response'; response: IncomingMessage };

async function openUpstream(
  target: ApiTarget,
  path: string,
  headers: HeaderMap,
  timeoutMs: number,
): Promise<UpgradeAnswer> {
  const url = new URL(target.origin);
  // Loaded on first use: a gateway with no wss:// API never pays for node:https at start.
  const client = url.protocol === 'https:' ? (await import('node:https')).default : http;
  return new Promise((resolve, reject) => {
    const upstream = client.request({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      servername: url.hostname,
      path,
      method: 'GET',
      headers,
      agent: false,
    });
    const timer = setTimeout(
      () =>
        upstream.destroy(
          Object.assign(new Error('Upstream did not answer the upgrade'), {
            code: 'UND_ERR_HEADERS_TIMEOUT',
          }),
        ),
      timeoutMs,
    );
    upstream.once('upgrade', (response, socket, head) => {
      clearTimeout(timer);
      socket.on('error', () => undefined);
      resolve({ kind: 'upgrade', response, socket, head });
    });
    upstream.once('response', (response) => {
      clearTimeout(timer);
      resolve({ kind: 'response', response });
    });
    upstream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    upstream.end();
  });
}

/** The gateway key from Authorization, x-api-key, or a `gatehouse-key.<key>` subprotocol (removed). */
function presentedKey(request: IncomingMessage): { key: string | null; protocols: string[] } {
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);
  const fromProtocol = offered.find((protocol) => protocol.startsWith(KEY_PROTOCOL_PREFIX));
  const protocols = offered.filter((protocol) => !protocol.startsWith(KEY_PROTOCOL_PREFIX));
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    return { key: authorization.slice(7).trim() || null, protocols };
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return { key: apiKey, protocols };
  return { key: fromProtocol ? fromProtocol.slice(KEY_PROTOCOL_PREFIX.length) : null, protocols };
}

function verifyKey(gateway: GatewayServices, key: string | null): KeyRecord {
  if (!key) {
    throw GatewayErrors.unauthorized(
      `Missing gateway key: send "Authorization: Bearer <key>", or offer the subprotocol ${KEY_PROTOCOL_PREFIX}<key>`,
    );
  }
  const hash = hashKey(key);
  const record = gateway.keys.findByHash(hash);
  if (!record || !timingSafeEqual(Buffer.from(record.keyHash, 'hex'), Buffer.from(hash, 'hex'))) {
    throw GatewayErrors.unauthorized('Invalid gateway key');
  }
  return record;
}

/** host-guard and origin-guard run as Fastify hooks, which upgrades bypass: the same checks, here. */
function checkHostAndOrigin(app: FastifyInstance, request: IncomingMessage): void {
  const settings = app.gateway.settings;
  const host = parseHost(request.headers.host ?? '');
  if (!host || !isOwnHost(host, boundPort(app), settings)) {
    throw GatewayErrors.forbidden('Host is not an address of this gateway; see server.allowedHosts');
  }
  const origin = request.headers.origin;
  if (origin === undefined || settings.corsOrigins.includes(origin)) return;
  if (originKind(origin, boundPort(app), settings) !== 'own') {
    throw GatewayErrors.forbidden(`WebSocket connections from ${origin.slice(0, 100)} are not allowed`);
  }
}

function statusLines(status: number, headers: OutgoingHttpHeaders): string {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const entry of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${entry}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function refuse(socket: Duplex, error: GatewayError, requestId: string | null): void {
  const body = JSON.stringify(encodeError('openai', error));
  const headers: OutgoingHttpHeaders = {
    ...error.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  };
  if (requestId) headers['x-gatehouse-request-id'] = requestId;
  socket.end(`${statusLines(error.statusCode, headers)}${body}`);
}

function lowercase(headers: Record<string, string> | undefined): HeaderMap {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
