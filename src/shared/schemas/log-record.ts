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
});
export type LogRecord = Static<typeof LogRecord>;

/** The list view omits bodies; GET /admin/logs/:id returns them. */
export const LogSummary = Type.Omit(LogRecord, ['requestBody', 'responseBody']);
export type LogSummary = Static<typeof LogSummary>;

export const LogQuery = Type.Object({
  model: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  outcome: Type.Optional(LogOutcome),
  key: Type.Optional(Type.String({ description: 'Gateway key name.' })),
  cursor: Type.Optional(Type.String({ description: 'nextCursor from the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type LogQuery = Static<typeof LogQuery>;

export const LogPage = Type.Object({
  items: Type.Array(LogSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type LogPage = Static<typeof LogPage>;
