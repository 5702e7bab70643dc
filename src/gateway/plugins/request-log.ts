import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LogEntry } from '../logs/log-entry';
import { redactSecrets } from '../secrets/redact';
import { routeOf } from './request-checks';

/** Extra characters redacted past the body cap, so a secret cut in two by the cap is still found whole. */
const REDACT_MARGIN = 512;

/**
 * One log record per /v1 request. The record is finished when the response closes — normally, with an
 * error, or because the caller went away (then the upstream call is aborted and the row says cancelled).
 */
async function requestLog(app: FastifyInstance): Promise<void> {
  app.decorateRequest('logEntry', null);

  app.addRequestCheck((request, reply) => {
    reply.header('x-gatehouse-request-id', request.id);
    const route = routeOf(request);
    if (!route.config.logged) return;
    const entry = new LogEntry(request.id, route.url ?? request.url);
    entry.method = request.method;
    request.logEntry = entry;
    // The response object lives for one request: a plain listener, not once()'s wrapper.
    reply.raw.on('close', () => finish(app, request, reply, entry));
  });
}

function finish(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, entry: LogEntry): void {
  const cancelled = !reply.raw.writableFinished;
  if (cancelled) entry.upstreamAbort.abort();
  const { pricing, logWriter, logBus, settings } = app.gateway;
  const storeRequestBody = settings.logBodies && request.rawBody !== null && entry.requestBody === null;
  if (!settings.logBodies) {
    entry.requestBody = null;
    entry.responseBody = null;
  }
  const rawRequestBody = storeRequestBody ? request.rawBody : null;
  redactEntry(entry, rawRequestBody, settings.logBodyMaxBytes, app.gateway.secrets.recentValues);
  const costUsd = entry.free
    ? entry.usage.inputTokens === null
      ? null
      : 0
    : entry.pricingKey && entry.model
      ? pricing.costUsd({ providerType: entry.pricingKey, model: entry.model, ...entry.usage })
      : null;
  // A cached answer cost nothing, whatever its tokens would cost upstream.
  const record = entry.toRecord(reply.raw.statusCode, cancelled, entry.cacheHit ? 0 : costUsd);
  logWriter.write(record);
  logBus.publish(record);
  entry.emitFinish(record);
}

export default fp(requestLog, { name: 'request-log', dependencies: ['request-checks'] });

/**
 * Secrets never reach the log: provider keys this gateway resolved, key-shaped strings and credential
 * fields are cut out of bodies and error messages. The regex pass runs only on what is actually stored.
 */
function redactEntry(
  entry: LogEntry,
  rawRequestBody: string | null,
  maxBytes: number,
  knownSecrets: ReadonlySet<string>,
): void {
  if (rawRequestBody !== null) {
    // Redact before cutting, so the cap cannot leave half a secret behind.
    const long = rawRequestBody.length > maxBytes;
    const redacted = redactSecrets(
      long ? rawRequestBody.slice(0, maxBytes + REDACT_MARGIN) : rawRequestBody,
      knownSecrets,
    );
    entry.requestBody = long ? `${redacted.slice(0, maxBytes)}… [truncated]` : redacted;
  } else if (entry.requestBody !== null) {
    entry.requestBody = redactSecrets(entry.requestBody, knownSecrets);
  }
  if (entry.responseBody !== null) entry.responseBody = redactSecrets(entry.responseBody, knownSecrets);
  if (entry.error !== null) entry.error = redactSecrets(entry.error, knownSecrets);
  if (entry.streamError !== null) entry.streamError = redactSecrets(entry.streamError, knownSecrets);
}
