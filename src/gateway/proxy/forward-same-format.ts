import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ServerSettings } from '../config/server-settings';
import { GatewayErrors, type GatewayError } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { truncateBody, type LogEntry } from '../logs/log-entry';
import type { ModelTarget } from '../providers/provider-registry';
import { SecretResolver } from '../secrets/secret-store';
import { SseParser, type SseEvent } from '../sse/sse-parser';
import { formatSseEvent, SSE_HEADERS } from '../sse/sse-writer';
import { readBodyLimited } from '../upstream/read-body';
import { isAbort, toGatewayError } from '../upstream/upstream-client';
import { upstreamErrorFrom } from '../upstream/upstream-error';

const RESPONSE_BODY_LIMIT = 64 * 1024 * 1024;

/** What differs between same-format relays (OpenAI → OpenAI-compatible, Anthropic → Anthropic). */
export interface SameFormatRelay {
  url: string;
  headers: Record<string, string>;
  body: string;
  stream: boolean;
  /** Reads usage from a whole JSON response body into the entry. */
  readResponse(parsed: unknown, entry: LogEntry): void;
  /** Looks at one stream event (usage, errors); false drops it instead of relaying it. */
  inspectEvent(event: SseEvent, entry: LogEntry): boolean;
  /** The SSE text that tells the caller the stream broke. */
  errorEvent(failure: GatewayError): string;
}

/** Resolves the provider's API key, or explains how to supply it. */
export async function providerApiKey(
  services: GatewayServices,
  target: ModelTarget,
): Promise<string | undefined> {
  const { provider } = target;
  const key = provider.apiKeyRef ? await services.secrets.resolve(provider.apiKeyRef) : undefined;
  if (!key && provider.preset.requiresKey) {
    const how = provider.apiKeyRef
      ? SecretResolver.howToSupply(provider.apiKeyRef)
      : 'give it an apiKey reference';
    throw GatewayErrors.providerKeyMissing(`Provider "${provider.id}" has no API key: ${how}`);
  }
  return key;
}

/**
 * The fast path, when the caller speaks the provider's own format: the body goes up as given (bar the model
 * name) and the answer comes back byte for byte per event; only usage is read on the way.
 */
export async function forwardSameFormat(
  services: GatewayServices,
  reply: FastifyReply,
  entry: LogEntry,
  target: ModelTarget,
  apiKey: string | undefined,
  relay: SameFormatRelay,
): Promise<FastifyReply> {
  const providerId = target.provider.id;
  const response = await services.upstream.send({
    url: relay.url,
    method: 'POST',
    headers: relay.headers,
    body: relay.body,
    signal: entry.upstreamAbort.signal,
  });
  if (response.statusCode >= 400) throw await upstreamErrorFrom(response, providerId, [apiKey]);

  const contentType = String(response.headers['content-type'] ?? '');
  if (relay.stream && contentType.includes('text/event-stream')) {
    const out = new PassThrough();
    void relayStream(response.body, out, entry, relay, services.settings);
    return reply.code(200).headers(SSE_HEADERS).send(out);
  }

  const text = await readBodyLimited(response.body, RESPONSE_BODY_LIMIT, `Upstream ${providerId}`);
  entry.markFirstByte();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw GatewayErrors.upstreamInvalidResponse(`Upstream ${providerId} sent a response that is not JSON`);
  }
  relay.readResponse(parsed, entry);
  entry.responseBody = truncateBody(text, services.settings.logBodyMaxBytes);
  return reply.code(200).header('content-type', 'application/json').send(text);
}

async function relayStream(
  upstream: Readable,
  out: PassThrough,
  entry: LogEntry,
  relay: SameFormatRelay,
  settings: ServerSettings,
): Promise<void> {
  const logLimit = settings.logBodyMaxBytes;
  let pending = '';
  let logged = '';
  const parser = new SseParser((event) => {
    if (relay.inspectEvent(event, entry)) pending += formatSseEvent(event.data, event.event);
  });
  const signal = entry.upstreamAbort.signal;
  try {
    for await (const chunk of upstream) {
      parser.feed(chunk as Buffer);
      if (pending) {
        entry.markFirstByte();
        if (logged.length < logLimit) logged += pending;
        const ok = out.write(pending);
        pending = '';
        if (!ok) await once(out, 'drain', { signal });
      }
    }
    parser.end();
    if (pending) out.write(pending);
    out.end();
  } catch (error) {
    if (signal.aborted || isAbort(error)) {
      out.destroy();
      return;
    }
    const failure = toGatewayError(error, 'upstream', settings.upstreamTimeoutMs);
    entry.streamError = `Stream broke: ${failure.message}`;
    out.end(relay.errorEvent(failure));
  } finally {
    entry.responseBody = truncateBody(logged, logLimit);
  }
}
