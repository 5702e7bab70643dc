import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LogPage, LogQuery, LogRecord } from '../../../shared/schemas/log-record';
import { GatewayErrors } from '../../errors/gateway-error';
import { formatSseEvent, SSE_HEADERS } from '../../sse/sse-writer';

const KEEPALIVE_MS = 15_000;

/** GET /admin/logs, /admin/logs/:id and the live tail /admin/logs/stream. */
export default async function adminLogs(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };
  const tails = new Set<ServerResponse>();

  typed.get(
    '/admin/logs',
    { config, schema: { querystring: LogQuery, response: { 200: LogPage } } },
    async (request) => app.gateway.logs.list(request.query),
  );

  typed.get(
    '/admin/logs/stream',
    { config, schema: { querystring: Type.Object({ token: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { ...SSE_HEADERS, 'x-gatehouse-request-id': request.id });
      raw.write(': connected\n\n');
      tails.add(raw);
      const unsubscribe = app.gateway.logBus.subscribe((record) => {
        raw.write(formatSseEvent(JSON.stringify(record), 'log'));
      });
      const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS).unref();
      raw.once('close', () => {
        clearInterval(keepalive);
        unsubscribe();
        tails.delete(raw);
      });
    },
  );

  typed.get(
    '/admin/logs/:id',
    { config, schema: { params: Type.Object({ id: Type.String() }), response: { 200: LogRecord } } },
    async (request) => {
      const record = app.gateway.logs.get(request.params.id);
      if (!record) throw GatewayErrors.routeNotFound(`No log entry with id ${request.params.id}`);
      return record;
    },
  );

  // Live tails never end on their own; close them so shutdown can finish.
  app.addHook('preClose', async () => {
    for (const raw of tails) raw.end();
  });
}
