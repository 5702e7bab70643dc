import { Type, type Static, type TLiteral } from 'typebox';
import { ApiConfig, ApiSlug } from './apis';
import { RouteConfig } from './routes';

/** Provider types Gatehouse knows. OpenAI-compatible services are presets over one adapter. */
export const PROVIDER_TYPES = [
  'openai',
  'anthropic',
  'gemini',
  'azure-openai',
  'groq',
  'mistral',
  'deepseek',
  'openrouter',
  'xai',
  'together',
  'ollama',
  'lmstudio',
  'openai-compatible',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];
// TypeBox infers a literal union only from a tuple type, which .map() cannot produce.
type ProviderTypeLiterals = [TLiteral<ProviderType>];

/** `env:NAME` or `keychain:NAME`: where a secret lives. Never the secret itself. */
export const SecretReference = Type.String({
  pattern: '^(env|keychain):[A-Za-z0-9_.\\-]+$',
  description: 'A reference such as env:OPENAI_API_KEY or keychain:openai, never the key itself.',
});

export const ProviderConfig = Type.Object(
  {
    id: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,62}$',
      description: 'The prefix in model names: openai/gpt-4o-mini. Lowercase letters, digits, - and _.',
    }),
    type: Type.Union(PROVIDER_TYPES.map((name) => Type.Literal(name)) as unknown as ProviderTypeLiterals),
    baseUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: 'http(s) URL of the API root.' }),
    ),
    apiKey: Type.Optional(SecretReference),
    apiKeys: Type.Optional(
      Type.Array(SecretReference, {
        minItems: 1,
        maxItems: 32,
        description: 'Several keys used in turn; one answered with 401/403 is set aside. Instead of apiKey.',
      }),
    ),
    apiVersion: Type.Optional(
      Type.String({ minLength: 1, description: 'azure-openai: the api-version query parameter.' }),
    ),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProviderConfig = Static<typeof ProviderConfig>;

/** Limits on one gateway key; an absent field means no limit. Days and months are UTC. */
export const KeyLimits = Type.Object(
  {
    requestsPerMinute: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Requests admitted in any 60-second window.' }),
    ),
    tokensPerMinute: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Input + output tokens in any 60-second window.' }),
    ),
    usdPerDay: Type.Optional(Type.Number({ minimum: 0, description: 'Spend per UTC day, in USD.' })),
    usdPerMonth: Type.Optional(Type.Number({ minimum: 0, description: 'Spend per UTC month, in USD.' })),
  },
  { additionalProperties: false },
);
export type KeyLimits = Static<typeof KeyLimits>;

export const KeyConfig = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
    key: SecretReference,
    limits: Type.Optional(KeyLimits),
    apis: Type.Optional(
      Type.Array(ApiSlug, {
        description:
          'REST APIs this key may call at /apis/<slug>/ (docs/rest-apis.md); absent or empty: all.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type KeyConfig = Static<typeof KeyConfig>;

export const ServerConfig = Type.Object(
  {
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    host: Type.Optional(Type.String({ minLength: 1 })),
    bodyLimitBytes: Type.Optional(
      Type.Integer({ minimum: 1024, description: 'Largest accepted request body.' }),
    ),
    upstreamTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 100,
        description: 'Wait this long for upstream headers, and between body chunks.',
      }),
    ),
    upstreamConnectTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 100,
        description:
          'Wait this long for an upstream connection (TCP and TLS); default 10000 or upstreamTimeoutMs if lower.',
      }),
    ),
    upstreamFirstByteTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 100,
        description: 'Wait this long for upstream response headers; default upstreamTimeoutMs.',
      }),
    ),
    upstreamIdleTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 100,
        description: 'Longest silence between upstream body chunks; default upstreamTimeoutMs.',
      }),
    ),
    upstreamMaxDurationMs: Type.Optional(
      Type.Integer({
        minimum: 100,
        description:
          'Longest a whole upstream response may take, streams included; default 1800000 (30 min).',
      }),
    ),
    upstreamMaxResponseBytes: Type.Optional(
      Type.Integer({
        minimum: 1024,
        description: 'Largest upstream response body, streams included; default 67108864 (64 MiB).',
      }),
    ),
    shutdownGraceMs: Type.Optional(
      Type.Integer({ minimum: 0, description: 'How long SIGTERM waits for in-flight requests.' }),
    ),
    logBodies: Type.Optional(Type.Boolean({ description: 'Store request/response bodies in the log.' })),
    logBodyMaxBytes: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Bodies are truncated at this size.' }),
    ),
    exposeOnLan: Type.Optional(
      Type.Boolean({
        description: 'Required to listen on a non-loopback host; gateway keys are then required too.',
      }),
    ),
    allowedHosts: Type.Optional(
      Type.Array(
        Type.String({
          pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$',
          description: "A Host header value to accept besides the gateway's own: name or name:port.",
        }),
      ),
    ),
    corsOrigins: Type.Optional(
      Type.Array(
        Type.String({
          pattern: '^https?://[^/*\\s]+$',
          description: 'A browser origin allowed to call /v1, e.g. http://localhost:3000. No wildcards.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);
export type ServerConfig = Static<typeof ServerConfig>;

export const CircuitBreakerConfig = Type.Object(
  {
    failureThreshold: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Consecutive failures that open a target (default 5).' }),
    ),
    coolDownMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'How long an open target is skipped before a probe (default 30000).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CircuitBreakerConfig = Static<typeof CircuitBreakerConfig>;

export const GatewayConfig = Type.Object(
  {
    server: Type.Optional(ServerConfig),
    providers: Type.Optional(Type.Array(ProviderConfig)),
    keys: Type.Optional(Type.Array(KeyConfig)),
    routes: Type.Optional(Type.Array(RouteConfig)),
    circuitBreaker: Type.Optional(CircuitBreakerConfig),
    apis: Type.Optional(
      Type.Array(ApiConfig, { description: 'REST APIs served at /apis/<slug>/ (docs/rest-apis.md).' }),
    ),
  },
  { additionalProperties: false },
);
export type GatewayConfig = Static<typeof GatewayConfig>;
