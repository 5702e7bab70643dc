import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { maxQueuedBodyChars, maxQueuedRecords } from '../../storage/log-writer';

/** What GET /admin/status reports: whether the gateway is healthy, and when not, what is wrong. */
export const GatewayStatus = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeSeconds: Type.Number(),
  logging: Type.Object(
    {
      state: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
        description:
          'degraded: the database refuses writes (disk full, read-only); requests are still served.',
      }),
      lastError: Type.Union([Type.String(), Type.Null()]),
      degradedSince: Type.Union([Type.String(), Type.Null()], {
        description: 'ISO time the current degraded spell began.',
      }),
      pending: Type.Integer({ description: 'Log rows waiting in memory to be written.' }),
      pendingLimit: Type.Integer({
        description: 'Rows kept while degraded; the oldest beyond it are dropped.',
      }),
      pendingBodyChars: Type.Integer(),
      pendingBodyLimit: Type.Integer({
        description: 'Body characters kept while degraded; beyond it the oldest rows lose their bodies.',
      }),
      dropped: Type.Integer({ description: 'Rows lost since start because the backlog was full.' }),
      bodiesDropped: Type.Integer({
        description: 'Rows written without bodies because the backlog was full.',
      }),
      rejected: Type.Integer({ description: 'Rows SQLite refused on their own (never retried).' }),
      writer: Type.Union([Type.Literal('thread'), Type.Literal('request-thread')], {
        description:
          'thread: rows are inserted on the log writer thread (gatehouse serve); request-thread: on the thread serving requests.',
      }),
    },
    { additionalProperties: false },
  ),
  upstream: Type.Object(
    { inFlight: Type.Integer({ description: 'Upstream requests sent and not yet finished.' }) },
    { additionalProperties: false },
  ),
});
export type GatewayStatus = Static<typeof GatewayStatus>;

/** GET /admin/status — health in detail for the GUI and scripts; /health says only ok or degraded. */
export default async function adminStatus(app: FastifyInstance): Promise<void> {
  const startedAt = Date.now();
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .get(
      '/admin/status',
      { config: { admin: true }, schema: { response: { 200: GatewayStatus } } },
      async (): Promise<GatewayStatus> => {
        const writer = app.gateway.logWriter;
        return {
          status: 'ok',
          version: app.gateway.version,
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          logging: {
            state: writer.degraded ? 'degraded' : 'ok',
            lastError: writer.lastError,
            degradedSince:
              writer.degradedSince === null ? null : new Date(writer.degradedSince).toISOString(),
            pending: writer.pending,
            pendingLimit: maxQueuedRecords,
            pendingBodyChars: writer.queuedBodies,
            pendingBodyLimit: maxQueuedBodyChars,
            dropped: writer.dropped,
            bodiesDropped: writer.bodiesDropped,
            rejected: writer.rejected,
            writer: writer.onOwnThread ? 'thread' : 'request-thread',
          },
          upstream: { inFlight: app.gateway.upstream.inFlight },
        };
      },
    );
}
