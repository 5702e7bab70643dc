import { Type, type Static } from 'typebox';

// gateway-config.ts imports ApiConfig from here, so this file imports nothing from it (nor from files that
// do): the secret reference and secret status shapes are repeated below, kept identical to theirs.

/**
 * Plain REST APIs served through the gateway at `/apis/<slug>/<path>` (docs/rest-apis.md): the config-file
 * entry, the admin API's views, OpenAPI operations and "try it".
 */

export const ApiSlug = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,62}$',
  description: 'The name in the URL: /apis/<slug>/… Lowercase letters, digits, "-" and "_".',
});

export const API_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type ApiMethod = (typeof API_METHODS)[number];
export const ApiMethodSchema = Type.Union(
  [
    Type.Literal('GET'),
    Type.Literal('HEAD'),
    Type.Literal('POST'),
    Type.Literal('PUT'),
    Type.Literal('PATCH'),
    Type.Literal('DELETE'),
    Type.Literal('OPTIONS'),
  ],
  { description: 'An HTTP method.' },
);

const HeaderName = Type.String({
  pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$",
  description: 'An HTTP header name.',
});

/** `env:NAME` or `keychain:NAME`, as SecretReference in gateway-config.ts. */
const SecretReference = Type.String({
  pattern: '^(env|keychain):[A-Za-z0-9_.\\-]+$',
  description: 'A reference such as env:GITHUB_TOKEN or keychain:api.github, never the credential itself.',
});

/** As SecretStatus in admin-providers.ts: whether the credential is stored, and a hint; never the value. */
export const ApiSecretStatus = Type.Object({
  reference: Type.Union([Type.String(), Type.Null()]),
  stored: Type.Boolean({ description: 'The reference resolves to a value right now.' }),
  hint: Type.Union([Type.String(), Type.Null()], {
    description: '"…" and the last 4 characters; null when nothing is stored or the value is short.',
  }),
});

const secret = Type.Optional(
  Type.Union([SecretReference, Type.Null()], {
    description:
      'Where the credential lives (env:NAME or keychain:NAME), never the value. Admin-created APIs get keychain:api.<slug> from PUT /admin/apis/:slug/secret.',
  }),
);

/** The credential is sent in a header, rendered from a template such as `Bearer {{secret}}`. */
export const ApiHeaderAuth = Type.Object(
  {
    type: Type.Literal('header'),
    name: Type.Optional({ ...HeaderName, description: 'The header, default Authorization.' }),
    template: Type.Optional(
      Type.String({
        pattern: '\\{\\{secret\\}\\}',
        description:
          'The header value; {{secret}} is replaced by the credential. Default "Bearer {{secret}}".',
      }),
    ),
    secret,
  },
  { additionalProperties: false },
);

/** The credential is sent as a query parameter, e.g. `?api_key=…`. */
export const ApiQueryAuth = Type.Object(
  {
    type: Type.Literal('query'),
    name: Type.String({ minLength: 1, maxLength: 128, description: 'The query parameter name.' }),
    secret,
  },
  { additionalProperties: false },
);

/** HTTP basic auth: the username here, the password from the secret. */
export const ApiBasicAuth = Type.Object(
  {
    type: Type.Literal('basic'),
    username: Type.String({ maxLength: 256, description: 'Basic auth user name (not secret).' }),
    secret,
  },
  { additionalProperties: false },
);

export const ApiAuth = Type.Union([ApiHeaderAuth, ApiQueryAuth, ApiBasicAuth], {
  description: 'How Gatehouse adds the credential. The caller’s own credentials are then removed.',
});
export type ApiAuth = Static<typeof ApiAuth>;

export const ApiRetry = Type.Object(
  {
    attempts: Type.Integer({
      minimum: 1,
      maximum: 10,
      description:
        'Tries of an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS), the first included. Default 2. POST and PATCH are tried once.',
    }),
    backoffMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 60_000,
        description: 'Delay before the first retry, doubled each time (default 200).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ApiRetry = Static<typeof ApiRetry>;

export const ApiRateLimit = Type.Object(
  {
    requestsPerMinute: Type.Integer({
      minimum: 1,
      description: 'Requests to this API admitted in any 60-second window, all keys together; over it: 429.',
    }),
  },
  { additionalProperties: false },
);
export type ApiRateLimit = Static<typeof ApiRateLimit>;

export const ApiCache = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Cache GET responses (200 only) as Cache-Control allows.' }),
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Overrides the response’s own max-age, and caches responses that give none. no-store, no-cache and private are never cached.',
      }),
    ),
    maxBodyBytes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 16 * 1024 * 1024,
        description: 'Larger responses stream through uncached (default 1048576).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ApiCache = Static<typeof ApiCache>;

/** One REST API as written in the config file (`apis:`) or sent to POST /admin/apis. */
export const ApiConfig = Type.Object(
  {
    slug: ApiSlug,
    label: Type.Optional(Type.String({ maxLength: 200, description: 'Display name, e.g. "GitHub".' })),
    baseUrls: Type.Array(
      Type.String({
        pattern: '^https?://[^\\s?#]+$',
        description:
          'http(s) URL the path is appended to, e.g. https://api.github.com. No query or fragment.',
      }),
      {
        minItems: 1,
        maxItems: 16,
        description: 'Several URLs are used in turn; one that fails is skipped for coolDownMs.',
      },
    ),
    auth: Type.Optional(Type.Union([ApiAuth, Type.Null()])),
    defaultHeaders: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Headers added to every request unless the caller sends them (not for secrets).',
      }),
    ),
    timeoutMs: Type.Optional(
      Type.Integer({
        minimum: 100,
        description:
          'Wait for response headers, and between body chunks; past it: 504. Default server.upstreamTimeoutMs.',
      }),
    ),
    retry: Type.Optional(ApiRetry),
    rateLimit: Type.Optional(Type.Union([ApiRateLimit, Type.Null()])),
    cache: Type.Optional(Type.Union([ApiCache, Type.Null()])),
    allowedMethods: Type.Optional(
      Type.Union([Type.Array(ApiMethodSchema, { minItems: 1 }), Type.Null()], {
        description: 'Methods callers may use; others answer 405. Absent or null: all.',
      }),
    ),
    coolDownMs: Type.Optional(
      Type.Integer({ minimum: 0, description: 'How long a failing base URL is skipped (default 30000).' }),
    ),
    enabled: Type.Optional(Type.Boolean({ description: 'A disabled API answers 404. Default true.' })),
  },
  { additionalProperties: false },
);
export type ApiConfig = Static<typeof ApiConfig>;

export const ApiSource = Type.Union([Type.Literal('config'), Type.Literal('admin')], {
  description: 'config: managed by the config file (read-only here); admin: created in the app or admin API.',
});
export type ApiSource = Static<typeof ApiSource>;

/** Passive health of one base URL. */
export const ApiTargetHealth = Type.Object({
  url: Type.String(),
  healthy: Type.Boolean({ description: 'false while it is cooling down after a failure.' }),
  coolingDownUntil: Type.Union([Type.Number(), Type.Null()], { description: 'ms since the epoch.' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type ApiTargetHealth = Static<typeof ApiTargetHealth>;

/** An API as the admin API shows it: its settings, where its secret stands (never the value), health. */
export const AdminApi = Type.Object({
  ...ApiConfig.properties,
  source: ApiSource,
  enabled: Type.Boolean(),
  proxyPath: Type.String({ description: 'Where callers reach it, e.g. /apis/github/.' }),
  secret: ApiSecretStatus,
  hasOpenApi: Type.Boolean(),
  operationCount: Type.Integer({
    description: 'Operations in the imported OpenAPI document (0 without one).',
  }),
  targets: Type.Array(ApiTargetHealth),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
export type AdminApi = Static<typeof AdminApi>;

export const AdminApiList = Type.Object({ items: Type.Array(AdminApi) });
export type AdminApiList = Static<typeof AdminApiList>;

/** POST /admin/apis: an ApiConfig. The credential itself goes through PUT /admin/apis/:slug/secret. */
export const CreateApiBody = ApiConfig;
export type CreateApiBody = Static<typeof CreateApiBody>;

const { slug: _slug, baseUrls, ...changeable } = ApiConfig.properties;
/**
 * PATCH /admin/apis/:slug: present fields replace, absent ones stay, null clears auth, rateLimit, cache and
 * allowedMethods. PUT /admin/apis/:slug replaces the whole entry with an ApiConfig instead.
 */
export const UpdateApiBody = Type.Object(
  { ...changeable, baseUrls: Type.Optional(baseUrls) },
  { additionalProperties: false },
);
export type UpdateApiBody = Static<typeof UpdateApiBody>;

export const ApiParameter = Type.Object({
  name: Type.String(),
  in: Type.String({ description: 'path, query, header or cookie.' }),
  required: Type.Boolean(),
  description: Type.Union([Type.String(), Type.Null()]),
  schema: Type.Union([Type.Unknown(), Type.Null()], {
    description: 'The JSON schema, as the document gives it.',
  }),
});
export type ApiParameter = Static<typeof ApiParameter>;

/** One operation of an imported OpenAPI 3 document. */
export const ApiOperation = Type.Object({
  method: ApiMethodSchema,
  path: Type.String({ description: 'The path template, e.g. /repos/{owner}/{repo}.' }),
  operationId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  parameters: Type.Array(ApiParameter),
  requestBody: Type.Union(
    [
      Type.Object({
        required: Type.Boolean(),
        contentTypes: Type.Array(Type.String()),
        description: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: 'null when the operation takes no body.' },
  ),
});
export type ApiOperation = Static<typeof ApiOperation>;

export const ApiOperationList = Type.Object({
  title: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(ApiOperation),
});
export type ApiOperationList = Static<typeof ApiOperationList>;

/** POST /admin/apis/:slug/try: one call through the gateway, as a caller would make it ("try it"). */
export const ApiTryRequest = Type.Object(
  {
    method: ApiMethodSchema,
    path: Type.String({ description: 'Path below the API, e.g. /repos/octocat/hello-world.' }),
    query: Type.Optional(Type.Record(Type.String(), Type.String())),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    body: Type.Optional(Type.String({ description: 'Sent as is; set content-type in headers.' })),
  },
  { additionalProperties: false },
);
export type ApiTryRequest = Static<typeof ApiTryRequest>;

export const ApiTryResult = Type.Object({
  requestId: Type.String({ description: 'The log row of this call.' }),
  status: Type.Integer(),
  headers: Type.Record(Type.String(), Type.String()),
  body: Type.String({ description: 'The response body as text (UTF-8), cut at 1 MiB.' }),
  bodyTruncated: Type.Boolean(),
  latencyMs: Type.Number(),
  cacheHit: Type.Boolean(),
});
export type ApiTryResult = Static<typeof ApiTryResult>;

/** POST /admin/apis/:slug/test: a GET of the API's base URL with the credential. */
export const ApiConnectionTestResult = Type.Object({
  ok: Type.Boolean({ description: 'Reached, and not a 401/403/5xx.' }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'null when not reached.' }),
  message: Type.String(),
  targets: Type.Array(
    Type.Object({
      url: Type.String(),
      status: Type.Union([Type.Integer(), Type.Null()]),
      message: Type.String(),
    }),
  ),
});
export type ApiConnectionTestResult = Static<typeof ApiConnectionTestResult>;
