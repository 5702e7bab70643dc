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
});
export type CostStatsRow = Static<typeof CostStatsRow>;

export const CostStats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: CostGroupBy,
  rows: Type.Array(CostStatsRow),
  total: CostStatsRow,
});
export type CostStats = Static<typeof CostStats>;
