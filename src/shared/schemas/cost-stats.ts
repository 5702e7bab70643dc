import { Type, type Static } from 'typebox';

export const CostGroupBy = Type.Union([
  Type.Literal('day'),
  Type.Literal('model'),
  Type.Literal('provider'),
  Type.Literal('key'),
]);
export type CostGroupBy = Static<typeof CostGroupBy>;

export const CostStatsQuery = Type.Object({
  from: Type.Optional(
    Type.String({ description: 'ISO date or date-time (inclusive). Default: 30 days ago.' }),
  ),
  to: Type.Optional(Type.String({ description: 'ISO date or date-time (exclusive). Default: now.' })),
  groupBy: Type.Optional(CostGroupBy),
  stackBy: Type.Optional(
    Type.Union([Type.Literal('model'), Type.Literal('provider'), Type.Literal('key')], {
      description: 'Also split each group by this, into `stacked` (e.g. cost per day and model).',
    }),
  ),
  withLatency: Type.Optional(
    Type.Boolean({ description: 'Add latency p50/p95 (nearest rank, all requests) to rows and total.' }),
  ),
});
export type CostStatsQuery = Static<typeof CostStatsQuery>;

export const CostStatsRow = Type.Object({
  group: Type.String({
    description: 'The day (YYYY-MM-DD, UTC), model, provider or key name; "(none)" when unset.',
  }),
  requests: Type.Integer(),
  errors: Type.Integer(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  cachedTokens: Type.Integer(),
  costUsd: Type.Number({ description: 'Sum over requests with a known price.' }),
  unpricedRequests: Type.Integer({ description: 'Requests whose cost is unknown (not counted in costUsd).' }),
  latencyP50Ms: Type.Optional(Type.Number({ description: 'Only with withLatency=true.' })),
  latencyP95Ms: Type.Optional(Type.Number({ description: 'Only with withLatency=true.' })),
});
export type CostStatsRow = Static<typeof CostStatsRow>;

/** One group split by the stackBy dimension, e.g. one day's cost for one model. */
export const CostStackRow = Type.Interface([Type.Omit(CostStatsRow, ['latencyP50Ms', 'latencyP95Ms'])], {
  stack: Type.String({ description: 'The model, provider or key name; "(none)" when unset.' }),
});
export type CostStackRow = Static<typeof CostStackRow>;

export const CostStats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: CostGroupBy,
  rows: Type.Array(CostStatsRow),
  total: CostStatsRow,
  stacked: Type.Optional(Type.Array(CostStackRow, { description: 'Only with stackBy; ordered by group.' })),
});
export type CostStats = Static<typeof CostStats>;
