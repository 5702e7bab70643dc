import { Type, type Static } from 'typebox';

/** How a logged request ended, independent of the HTTP status the caller saw. */
export const LogOutcome = Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('cancelled')]);
export type LogOutcome = Static<typeof LogOutcome>;

/** One try of one target while serving a request (routes retry and fall back; direct models try once). */
export const LogAttempt = Type.Object({
  provider: Type.String(),
  model: Type.String({ description: "The provider's own model name." }),
  status: Type.Integer({
    description: 'Upstream status, or 502/504 when it could not be reached or timed out.',
  }),
  latencyMs: Type.Number(),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type LogAttempt = Static<typeof LogAttempt>;

/** One row of the request log: what the admin API returns and the live tail emits. */
export const LogRecord = Type.Object({
  id: Type.String({ description: 'Request id, also sent as x-gatehouse-request-id. Sorts by time.' }),
  time: Type.Number({ description: 'Start of the request, ms since the Unix epoch.' }),
  keyName: Type.Union([Type.String(), Type.Null()]),
  endpoint: Type.String({ description: 'Inbound route, e.g. /v1/chat/completions.' }),
  provider: Type.Union([Type.String(), Type.Null()]),
  model: Type.Union([Type.String(), Type.Null()]),
  stream: Type.Boolean(),
  status: Type.Integer({ description: 'HTTP status sent to the caller (499 when the caller went away).' }),
  outcome: LogOutcome,
  error: Type.Union([Type.String(), Type.Null()]),
  latencyMs: Type.Number(),
  ttftMs: Type.Union([Type.Number(), Type.Null()]),
  inputTokens: Type.Union([Type.Integer(), Type.Null()]),
  outputTokens: Type.Union([Type.Integer(), Type.Null()]),
  cachedTokens: Type.Union([Type.Integer(), Type.Null()]),
  costUsd: Type.Union([Type.Number(), Type.Null()], { description: 'null when the price is unknown.' }),
  warnings: Type.Union([Type.String(), Type.Null()], {
    description: 'Settings the provider could not honour, one per line (x-gatehouse-warnings).',
  }),
  route: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'The route name the caller used; absent for a <provider>/<model> name.',
    }),
  ),
  attempts: Type.Optional(
    Type.Array(LogAttempt, {
      description: 'Every upstream try, in order; absent when no upstream was called (a cache hit, a 400).',
    }),
  ),
  requestBody: Type.Union([Type.String(), Type.Null()]),
  responseBody: Type.Union([Type.String(), Type.Null()]),
  cacheHit: Type.Optional(
    Type.Boolean({ description: 'Answered from the response cache (no upstream call, cost 0).' }),
  ),
  prompt: Type.Optional(Type.String({ description: 'The prompt slug the request used (docs/prompts.md).' })),
  promptVersion: Type.Optional(Type.Integer({ description: 'The prompt version the request used.' })),
  experimentId: Type.Optional(Type.String({ description: 'The experiment the request took part in.' })),
  experimentArm: Type.Optional(Type.String({ description: 'The experiment arm the request was assigned.' })),
  api: Type.Optional(
    Type.String({ description: 'The REST API slug of an /apis/<slug>/ call (docs/rest-apis.md).' }),
  ),
  method: Type.Optional(Type.String({ description: 'The HTTP method the caller used.' })),
  bytesIn: Type.Optional(
    Type.Integer({ description: 'REST API calls: request body bytes received from the caller.' }),
  ),
  bytesOut: Type.Optional(
    Type.Integer({ description: 'REST API calls: response body bytes sent to the caller.' }),
  ),
});
export type LogRecord = Static<typeof LogRecord>;

/** The list view omits bodies; GET /admin/logs/:id returns them. */
export const LogSummary = Type.Omit(LogRecord, ['requestBody', 'responseBody']);
export type LogSummary = Static<typeof LogSummary>;

/** A status family (2xx … 5xx) for the log filter; `status` picks one exact code. */
export const LogStatusClass = Type.Union([
  Type.Literal('2xx'),
  Type.Literal('3xx'),
  Type.Literal('4xx'),
  Type.Literal('5xx'),
]);
export type LogStatusClass = Static<typeof LogStatusClass>;

export const LogQuery = Type.Object({
  model: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  outcome: Type.Optional(LogOutcome),
  key: Type.Optional(Type.String({ description: 'Gateway key name.' })),
  prompt: Type.Optional(Type.String({ description: 'Prompt slug.' })),
  experiment: Type.Optional(Type.String({ description: 'Experiment id.' })),
  api: Type.Optional(Type.String({ description: 'REST API slug.' })),
  statusClass: Type.Optional(LogStatusClass),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Free text, case-insensitive: matches id, model, provider, key, endpoint, route, error, warnings and the logged bodies.',
    }),
  ),
  cursor: Type.Optional(Type.String({ description: 'nextCursor from the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type LogQuery = Static<typeof LogQuery>;

export const LogPage = Type.Object({
  items: Type.Array(LogSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type LogPage = Static<typeof LogPage>;
