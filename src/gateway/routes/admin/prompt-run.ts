import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LogRecord } from '../../../shared/schemas/log-record';
import { GatewayErrors } from '../../errors/gateway-error';
import type { LogEntry } from '../../logs/log-entry';
import { PROMPT_MODEL_PREFIX } from '../../prompts/prompt-reference';
import { resolvePlaygroundPrompt } from '../../prompts/resolve-playground-prompt';
import { dispatchPromptChat } from '../prompts/dispatch-prompt-chat';
import { toChatBody } from '../prompts/prompt-completions';
import { requireLogEntry, requireObjectBody } from '../request-helpers';

const SlugParams = Type.Object({ slug: Type.String() });

const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

/** POST /admin/prompts/:slug/run: the answer plus what its log row says it took and cost. */
export const PromptRunResult = Type.Object({
  /** The OpenAI chat completion, as /v1/prompts/:slug/completions would have answered it. */
  response: Type.Object({}, { additionalProperties: true }),
  /** The log row of the call (GET /admin/logs/:id). */
  requestId: Type.String(),
  prompt: Type.String(),
  promptVersion: Type.Integer(),
  /** `<provider>/<model>` that answered. */
  model: Type.Union([Type.String(), Type.Null()]),
  latencyMs: Type.Number(),
  usage: Type.Object({ inputTokens: NullableInteger, outputTokens: NullableInteger }),
  /** null when the model has no known price. */
  costUsd: Type.Union([Type.Number(), Type.Null()]),
  cacheHit: Type.Boolean(),
});

/** Carries a run's one-time token from /run to the completion it makes; unknown tokens are ignored. */
const RUN_HEADER = 'x-gatehouse-playground-run';

/** Headers that describe the outer request's own body or connection, not the caller. */
const notForwarded = new Set([
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'expect',
  'upgrade',
  'accept-encoding',
  RUN_HEADER,
]);

/** Headers of the completion worth passing on with the run's answer. */
const passedBack = ['x-gatehouse-warnings', 'x-gatehouse-target', 'x-gatehouse-cache', 'retry-after'];

/**
 * The Prompts screen's playground runs a prompt with the admin credentials it already has, never a gateway
 * key (docs/prompts.md, "The playground"):
 *
 * - `POST /admin/prompts/:slug/completions` is the admin twin of /v1/prompts/:slug/completions — the same
 *   body plus an optional `model`, the same dispatch path, OpenAI's answer streamed or not — logged like any
 *   call (`logged: true`) but with no key: no gateway key is presented, so gateway-auth and key-limits leave
 *   it alone and the row's keyName stays null.
 * - `POST /admin/prompts/:slug/run` makes one such completion (over loopback, through every hook, with the
 *   caller's own credentials) and answers once its log row is finished, with the row's tokens, cost and
 *   latency, so the playground shows exactly what the Logs screen will. A row is only finished when its
 *   response has closed, hence a second request rather than one.
 */
export default async function adminPromptRun(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  /** Runs waiting for their completion's log entry, by one-time token. */
  const waiting = new Map<string, (entry: LogEntry) => void>();

  typed.post(
    '/admin/prompts/:slug/completions',
    { config: { admin: true, logged: true }, schema: { params: SlugParams } },
    async (request, reply) => {
      const entry = requireLogEntry(request);
      const token = request.headers[RUN_HEADER];
      if (typeof token === 'string') waiting.get(token)?.(entry);
      const { model, ...input } = requireObjectBody(request.body);
      const applied = resolvePlaygroundPrompt(
        app.gateway.prompts,
        entry,
        toChatBody(request.params.slug, input),
        chosenModel(model),
      );
      if (applied.warnings.length > 0) {
        entry.warnings.push(...applied.warnings);
        reply.header('x-gatehouse-warnings', applied.warnings.join('; '));
      }
      return dispatchPromptChat(app.gateway, request, reply, applied.body);
    },
  );

  typed.post(
    '/admin/prompts/:slug/run',
    { config: { admin: true }, schema: { params: SlugParams, response: { 200: PromptRunResult } } },
    async (request, reply) => {
      const input = requireObjectBody(request.body);
      if (input.stream !== undefined && input.stream !== false) {
        throw GatewayErrors.invalidRequest(
          'A run answers once; stream with POST /admin/prompts/:slug/completions instead',
          { param: 'stream' },
        );
      }
      const run: { entry: LogEntry | null } = { entry: null };
      const token = randomUUID();
      waiting.set(token, (entry) => (run.entry = entry));
      // The person left (closed the window, navigated away): the completion is cancelled like any call
      // whose caller went away, which stops the upstream request.
      const cancel = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) cancel.abort();
      });
      const completion = await selfRequest(app, {
        path: `/admin/prompts/${encodeURIComponent(request.params.slug)}/completions`,
        headers: { ...forwardedHeaders(request.headers), [RUN_HEADER]: token },
        body: JSON.stringify(input),
        cancel,
      }).finally(() => waiting.delete(token));

      const requestId = String(completion.headers['x-gatehouse-request-id'] ?? '');
      // The id that means something here is the completion's: it has the log row.
      reply.header('x-gatehouse-request-id', requestId);
      for (const name of passedBack) {
        const value = completion.headers[name];
        if (value !== undefined) reply.header(name, value);
      }
      if (completion.statusCode >= 400) return sendAsIs(reply, completion.statusCode, completion.body);
      if (!run.entry) throw GatewayErrors.internal('The playground run lost track of its completion');
      const entry = run.entry;
      const record = await new Promise<LogRecord>((resolve) => entry.onFinish(resolve));
      return {
        response: JSON.parse(completion.body) as Record<string, unknown>,
        requestId,
        prompt: record.prompt ?? request.params.slug,
        promptVersion: record.promptVersion ?? 0,
        model: record.provider && record.model ? `${record.provider}/${record.model}` : record.model,
        latencyMs: record.latencyMs,
        usage: { inputTokens: record.inputTokens, outputTokens: record.outputTokens },
        costUsd: record.costUsd,
        cacheHit: record.cacheHit === true,
      };
    },
  );
}

/** The `model` a playground run may choose: `<provider>/<model>` or a route name, not another prompt. */
function chosenModel(model: unknown): string | undefined {
  if (model === undefined || model === null || model === '') return undefined;
  if (typeof model !== 'string' || model.trim() !== model || model.startsWith(PROMPT_MODEL_PREFIX)) {
    throw GatewayErrors.invalidRequest(
      '"model" must be a model ("<provider>/<model>") or a route name to run the version on',
      { param: 'model' },
    );
  }
  return model;
}

/**
 * The caller's headers for the completion: its credentials (token, cookie) together with the Host and
 * Origin they are judged with, so the completion is let in exactly when the run was.
 */
function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const forwarded: Record<string, string | string[]> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !notForwarded.has(name)) forwarded[name] = value;
  }
  return forwarded;
}

/** An error the completion already shaped (admin routes answer in OpenAI's error shape). */
function sendAsIs(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

interface SelfResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One POST to this gateway over loopback. A real connection rather than app.inject(): the request log tells
 * a finished answer from an abandoned one by whether the response was flushed to a socket, which an
 * injected response never is, so every injected call would be logged as cancelled.
 */
function selfRequest(
  app: FastifyInstance,
  options: {
    path: string;
    headers: Record<string, string | string[]>;
    body: string;
    cancel: AbortController;
  },
): Promise<SelfResponse> {
  const address = app.gatewayServer.address();
  if (typeof address !== 'object' || address === null) {
    return Promise.reject(GatewayErrors.internal('The gateway is not listening'));
  }
  // Listening on every interface includes the loopback one.
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host,
        port: address.port,
        method: 'POST',
        path: options.path,
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        agent: false,
        signal: options.cancel.signal,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve({
            statusCode: incoming.statusCode ?? 502,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', (error) =>
      reject(
        options.cancel.signal.aborted
          ? GatewayErrors.upstreamUnreachable('The caller closed the connection', { cause: error })
          : GatewayErrors.shuttingDown(`The gateway could not take the run: ${error.message}`, {
              cause: error,
            }),
      ),
    );
    outgoing.end(options.body);
  });
}
