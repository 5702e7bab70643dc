import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LogEntry } from '../logs/log-entry';

/**
 * One log record per /v1 request. The record is finished when the response closes — normally, with an
 * error, or because the caller went away (then the upstream call is aborted and the row says cancelled).
 */
async function requestLog(app: FastifyInstance): Promise<void> {
  app.decorateRequest('logEntry', null);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-gatehouse-request-id', request.id);
    if (!request.routeOptions.config.logged) return;
    const entry = new LogEntry(request.id, request.routeOptions.url ?? request.url);
    request.logEntry = entry;
    reply.raw.once('close', () => finish(app, request, reply, entry));
  });
}

function finish(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, entry: LogEntry): void {
  const cancelled = !reply.raw.writableFinished;
  if (cancelled) entry.upstreamAbort.abort();
  const { pricing, logWriter, logBus, settings } = app.gateway;
  if (settings.logBodies && request.rawBody !== null && entry.requestBody === null) {
    entry.requestBody =
      request.rawBody.length > settings.logBodyMaxBytes
        ? `${request.rawBody.slice(0, settings.logBodyMaxBytes)}… [truncated]`
        : request.rawBody;
  }
  if (!settings.logBodies) {
    entry.requestBody = null;
    entry.responseBody = null;
  }
  const costUsd = entry.free
    ? entry.usage.inputTokens === null
      ? null
      : 0
    : entry.pricingKey && entry.model
      ? pricing.costUsd({ providerType: entry.pricingKey, model: entry.model, ...entry.usage })
      : null;
  const record = entry.toRecord(reply.raw.statusCode, cancelled, costUsd);
  logWriter.write(record);
  logBus.publish(record);
}

export default fp(requestLog, { name: 'request-log' });
