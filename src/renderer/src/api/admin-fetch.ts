/**
 * The one way screens talk to the gateway. The desktop window (Origin null) presents its admin token on every
 * call; at `/ui` the HttpOnly session cookie does, so the page never holds a token.
 */
export interface GatewayConnection {
  adminUrl: string;
  /** The desktop's token; null at /ui, where the session cookie authenticates. */
  adminToken: string | null;
}

let current: GatewayConnection = { adminUrl: '', adminToken: null };

/** Called once by main.tsx before the first render. */
export function setConnection(connection: GatewayConnection): void {
  current = { adminUrl: connection.adminUrl.replace(/\/+$/, ''), adminToken: connection.adminToken };
}

export function getConnection(): GatewayConnection {
  return current;
}

/** Headers for gateway calls. */
export function authHeaders(connection: GatewayConnection = current): Record<string, string> {
  return connection.adminToken ? { 'x-gatehouse-admin-token': connection.adminToken } : {};
}

/** An admin API answer that was not 2xx, with the gateway's own message when it sent one. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** An absolute URL for a gateway path (for EventSource and links). */
export function gatewayUrl(path: string): string {
  return `${current.adminUrl}${path}`;
}

/**
 * fetch() against the gateway with auth; JSON bodies are serialised; non-2xx answers throw AdminApiError
 * carrying the error message from the gateway's error body.
 */
export async function adminFetch<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...authHeaders() };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(gatewayUrl(path), {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (!response.ok) throw new AdminApiError(response.status, errorMessage(parsed, response.status));
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorMessage(body: unknown, status: number): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
    if (typeof error === 'string') return error;
  }
  if (typeof body === 'string' && body) return body;
  return `The gateway answered HTTP ${status}.`;
}
