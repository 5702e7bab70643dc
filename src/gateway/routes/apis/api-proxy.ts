import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_METHODS } from '../../../shared/schemas/apis';
import { checkKeyAllowsApi, findApi, gatewayKeyHeaders, parseApiTarget } from '../../apis/api-access';
import { callApi, checkMethod } from '../../apis/api-call';
import { logBodyText } from '../../apis/api-log';
import { BodyTap } from '../../apis/body-tap';
import { hasRequestBody, prepareBody, type PreparedBody } from '../../apis/request-body';
import { attachWebSocketProxy } from '../../apis/websocket-proxy';

/**
 * `/apis/<slug>/<path>`: any HTTP API through the gateway (docs/rest-apis.md). Registered without
 * fastify-plugin on purpose: the content-type parsers below replace json-body's for these routes only, so
 * bodies arrive as the raw, unread request stream and are piped upstream, never buffered whole or parsed.
 */
export default async function apiProxy(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers();
  // Accepts every content type (and none) without reading a byte: the handler streams request.raw.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const gateway = app.gateway;
    const entry = request.logEntry;
    const target = parseApiTarget(request.raw.url ?? request.url);
    const api = findApi(gateway, target.slug);
    if (entry) {
      entry.api = api.config.slug;
      entry.endpoint = `/apis/${api.config.slug}${target.path}`;
      entry.bytesIn = 0;
    }
    checkKeyAllowsApi(gateway, entry?.keyName ?? null, api.config.slug);
    checkMethod(api, request.method);

    const logMax = gateway.settings.logBodyMaxBytes;
    let body: PreparedBody = { kind: 'none' };
    if (hasRequestBody(request.headers)) {
      const tap = new BodyTap(logMax, [], (count) => {
        if (entry) entry.bytesIn = (entry.bytesIn ?? 0) + count;
      });
      tap.once('end', () => {
        if (entry) {
          const captured = tap.capture().data;
          entry.requestBody = logBodyText(captured, tap.bytes, request.headers['content-type'], logMax);
        }
      });
      body = await prepareBody(request.raw, tap);
    }

    const result = await callApi(gateway, {
      api,
      method: request.method,
      path: target.path,
      rawQuery: target.rawQuery,
      headers: request.headers,
      gatewayKeyHeaders: gatewayKeyHeaders(request.headers),
      body,
      signal: entry?.upstreamAbort.signal ?? new AbortController().signal,
      entry,
    });
    reply.code(result.status).headers(result.headers);
    return reply.send(result.body ?? undefined);
  };

  const route = {
    method: [...API_METHODS],
    handler,
    config: { apiFormat: 'openai', gatewayKey: true, logged: true } as const,
    // No cap here: the body is streamed, not held (REPLAY_BODY_MAX_BYTES bounds what is kept for retries).
    bodyLimit: Number.MAX_SAFE_INTEGER,
    exposeHeadRoute: false,
  };
  app.route({ ...route, url: '/apis/:slug' });
  app.route({ ...route, url: '/apis/:slug/*' });

  attachWebSocketProxy(app);
}
