import { Type, type Static } from 'typebox';

/** How a route orders its targets for one request (docs/routing.md). */
export const ROUTE_STRATEGIES = ['fallback', 'loadbalance', 'least-latency'] as const;
export type RouteStrategy = (typeof ROUTE_STRATEGIES)[number];

/**
 * A route name is what a tool sends as `model`. It never contains a slash, so it can never be mistaken
 * for a `<provider>/<model>` name.
 */
export const RouteName = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'What tools send as "model", e.g. fast. Lowercase letters, digits, ".", "_" and "-".',
});

export const RouteTarget = Type.Object(
  {
    model: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,62}/.+$',
      description: 'A provider model, <provider>/<model>, e.g. openai/gpt-4o-mini.',
    }),
    weight: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'loadbalance: share of first picks (default 1). 0 makes the target a standby only.',
      }),
    ),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          "Fields merged into the body sent to this target, in the target's wire format (e.g. temperature).",
      }),
    ),
  },
  { additionalProperties: false },
);
export type RouteTarget = Static<typeof RouteTarget>;

export const RetryConfig = Type.Object(
  {
    attempts: Type.Integer({
      minimum: 1,
      maximum: 10,
      description:
        'Tries of each target, the first one included (1 = no retry; the next target still follows).',
    }),
    backoffMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Base delay before a retry, doubled each time (default 250).',
      }),
    ),
    maxBackoffMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'Longest wait before a retry (default 10000). A Retry-After asking for more moves on to the next target.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RetryConfig = Static<typeof RetryConfig>;

/** Response caching for every request to a route (a request can still say x-gatehouse-cache: off). */
export const RouteCache = Type.Object(
  { ttlSeconds: Type.Integer({ minimum: 1, description: 'How long a cached answer is reused.' }) },
  { additionalProperties: false },
);
export type RouteCache = Static<typeof RouteCache>;

/** A route as written in the config file or sent to POST /admin/routes. */
export const RouteConfig = Type.Object(
  {
    name: RouteName,
    strategy: Type.Optional(
      Type.Union([Type.Literal('fallback'), Type.Literal('loadbalance'), Type.Literal('least-latency')], {
        description: 'fallback (default): in order; loadbalance: by weight; least-latency: fastest first.',
      }),
    ),
    targets: Type.Array(RouteTarget, { minItems: 1, maxItems: 32 }),
    retry: Type.Optional(RetryConfig),
    timeoutMs: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Per attempt: time to the answer (streams: to their first byte) before the next try.',
      }),
    ),
    deadlineMs: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Whole request: no attempt or wait starts or lasts past it (streams: to their first byte).',
      }),
    ),
    cache: Type.Optional(RouteCache),
  },
  { additionalProperties: false },
);
export type RouteConfig = Static<typeof RouteConfig>;

export const RouteSource = Type.Union([Type.Literal('config'), Type.Literal('admin')], {
  description: 'config routes come from the config file and are read-only in the admin API.',
});
export type RouteSource = Static<typeof RouteSource>;

export const CircuitStateName = Type.Union([
  Type.Literal('closed'),
  Type.Literal('open'),
  Type.Literal('half-open'),
]);
export type CircuitStateName = Static<typeof CircuitStateName>;

/** A target's circuit breaker as the admin API shows it. */
export const CircuitView = Type.Object({
  target: Type.String({ description: '<provider>/<model>' }),
  state: CircuitStateName,
  consecutiveFailures: Type.Integer(),
  openedAt: Type.Union([Type.Number(), Type.Null()], {
    description: 'ms since the epoch; null when closed.',
  }),
});
export type CircuitView = Static<typeof CircuitView>;

export const RouteTargetView = Type.Object({
  model: Type.String(),
  weight: Type.Number(),
  params: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  circuit: CircuitView,
  averageLatencyMs: Type.Union([Type.Number(), Type.Null()], {
    description: 'Moving average of successful attempts (least-latency); null before the first.',
  }),
});

export const RouteView = Type.Object({
  name: Type.String(),
  strategy: Type.String(),
  targets: Type.Array(RouteTargetView),
  retry: Type.Union([RetryConfig, Type.Null()]),
  timeoutMs: Type.Union([Type.Integer(), Type.Null()]),
  deadlineMs: Type.Union([Type.Integer(), Type.Null()]),
  cache: Type.Union([RouteCache, Type.Null()]),
  source: RouteSource,
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
export type RouteView = Static<typeof RouteView>;

export const RouteList = Type.Object({
  routes: Type.Array(RouteView),
  /** Every target with a breaker, including `<provider>/<model>` names used directly. */
  circuits: Type.Array(CircuitView),
});
export type RouteList = Static<typeof RouteList>;

/** One provider API key reference and whether it is in use. Never the key itself. */
export const ProviderKeyView = Type.Object({
  provider: Type.String(),
  keyRef: Type.String({ description: 'env:NAME or keychain:NAME' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('set-aside')]),
  /** The upstream status that set it aside (401 or 403). */
  rejectedStatus: Type.Union([Type.Integer(), Type.Null()]),
  setAsideAt: Type.Union([Type.Number(), Type.Null()]),
});
export type ProviderKeyView = Static<typeof ProviderKeyView>;

export const ProviderKeyList = Type.Object({ keys: Type.Array(ProviderKeyView) });
export type ProviderKeyList = Static<typeof ProviderKeyList>;
