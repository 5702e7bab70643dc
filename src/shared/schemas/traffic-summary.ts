import { Type, type Static } from 'typebox';

/** GET /admin/stats/summary: totals and a short time series for a window of at most 31 days. */
export const TrafficSummaryQuery = Type.Object({
  from: Type.Optional(
    Type.String({ description: 'ISO date or date-time (inclusive). Default: 24 hours before "to".' }),
  ),
  to: Type.Optional(Type.String({ description: 'ISO date or date-time (exclusive). Default: now.' })),
  buckets: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 200, description: 'Equal time slices of the window (default 24).' }),
  ),
});
export type TrafficSummaryQuery = Static<typeof TrafficSummaryQuery>;

export const TrafficBucket = Type.Object({
  start: Type.String({ description: 'Start of the slice (ISO date-time).' }),
  requests: Type.Integer(),
  errors: Type.Integer({ description: 'Requests whose outcome was not ok (errors and cancellations).' }),
  costUsd: Type.Number(),
  p95LatencyMs: Type.Union([Type.Number(), Type.Null()], { description: 'null when the slice is empty.' }),
});
export type TrafficBucket = Static<typeof TrafficBucket>;

export const TrafficSummary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  requests: Type.Integer(),
  errors: Type.Integer(),
  costUsd: Type.Number({ description: 'Sum over requests with a known price.' }),
  unpricedRequests: Type.Integer(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  p50LatencyMs: Type.Union([Type.Number(), Type.Null()]),
  p95LatencyMs: Type.Union([Type.Number(), Type.Null()]),
  buckets: Type.Array(TrafficBucket),
});
export type TrafficSummary = Static<typeof TrafficSummary>;
