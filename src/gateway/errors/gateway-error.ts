/** API formats callers speak; errors are shaped like the caller's own API. */
export type ApiFormat = 'openai' | 'anthropic';

export interface GatewayErrorOptions {
  /** Extra response headers, e.g. Retry-After from an upstream 429. */
  headers?: Record<string, string>;
  /** A parameter name to point at (OpenAI's `param`). */
  param?: string;
  /** Overrides the catalog status, for upstream errors passed through with their own status. */
  statusCode?: number;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly param: string | null;

  constructor(
    readonly code: string,
    statusCode: number,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.statusCode = options.statusCode ?? statusCode;
    this.headers = options.headers ?? {};
    this.param = options.param ?? null;
  }
}

type ErrorFactory = ((message: string, options?: GatewayErrorOptions) => GatewayError) & { code: string };

function defineError(code: string, statusCode: number): ErrorFactory {
  const factory = (message: string, options?: GatewayErrorOptions) =>
    new GatewayError(code, statusCode, message, options);
  return Object.assign(factory, { code });
}

/** The one error catalog. Codes are stable; callers and tests match on them. */
export const GatewayErrors = {
  invalidJson: defineError('invalid_json', 400),
  invalidRequest: defineError('invalid_request', 400),
  invalidModel: defineError('invalid_model', 400),
  bodyTooLarge: defineError('request_too_large', 413),
  unauthorized: defineError('invalid_api_key', 401),
  forbidden: defineError('forbidden', 403),
  modelNotFound: defineError('model_not_found', 404),
  routeNotFound: defineError('not_found', 404),
  unsupported: defineError('unsupported', 400),
  /** A gateway key is over one of its limits (requests, tokens, USD budget); comes with Retry-After. */
  rateLimited: defineError('rate_limited', 429),
  /** The change conflicts with the entry's state, e.g. editing a key the config file owns. */
  conflict: defineError('conflict', 409),
  providerKeyMissing: defineError('provider_key_missing', 500),
  upstreamError: defineError('upstream_error', 502),
  upstreamUnreachable: defineError('upstream_unreachable', 502),
  upstreamTimeout: defineError('upstream_timeout', 504),
  upstreamInvalidResponse: defineError('upstream_invalid_response', 502),
  shuttingDown: defineError('shutting_down', 503),
  internal: defineError('internal_error', 500),
  /** The request's headers are larger than the HTTP server reads (Node's maxHeaderSize). */
  headersTooLarge: defineError('request_headers_too_large', 431),
  /** Bytes that are not a well-formed HTTP request: broken header lines, conflicting framing. */
  malformedRequest: defineError('malformed_request', 400),
  /** The caller took longer than the server waits to send the request. */
  requestTimeout: defineError('request_timeout', 408),
  /** The upstream's answer exceeded server.upstreamMaxResponseBytes. */
  upstreamTooLarge: defineError('upstream_response_too_large', 502),
} as const;

function openAiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return status === 503 ? 'service_unavailable' : 'api_error';
  return 'invalid_request_error';
}

function anthropicType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529 || status === 503) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** The body of an error response in the caller's API format. */
export function encodeError(format: ApiFormat, error: GatewayError): Record<string, unknown> {
  if (format === 'anthropic') {
    return { type: 'error', error: { type: anthropicType(error.statusCode), message: error.message } };
  }
  return {
    error: {
      message: error.message,
      type: openAiType(error.statusCode),
      param: error.param,
      code: error.code,
    },
  };
}
