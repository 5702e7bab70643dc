import type {
  AdminApi,
  AdminApiList,
  ApiConfig,
  ApiConnectionTestResult,
  ApiOperationList,
  ApiTryRequest,
  ApiTryResult,
} from '../../../../shared/schemas/apis';
import type { SecretStatus } from '../../../../shared/schemas/admin-providers';
import { adminFetch, AdminApiError, authHeaders, gatewayUrl } from '../../api/admin-fetch';

const at = (slug: string) => `/admin/apis/${encodeURIComponent(slug)}`;

function messageOf(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string };
    if (typeof body.error === 'string') return body.error;
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: the text itself, if any.
  }
  return text || `The gateway answered HTTP ${status}.`;
}

/**
 * The OpenAPI import takes the document as it is (JSON or YAML text), not wrapped in JSON, so it is the one
 * call that does not go through adminFetch's JSON body; it uses the same address and credentials.
 */
async function putText<T>(path: string, text: string): Promise<T> {
  const trimmed = text.trimStart();
  const response = await fetch(gatewayUrl(path), {
    method: 'PUT',
    headers: {
      ...authHeaders(),
      'content-type': trimmed.startsWith('{') ? 'application/json' : 'application/yaml',
    },
    body: text,
  });
  const body = await response.text();
  if (!response.ok) throw new AdminApiError(response.status, messageOf(body, response.status));
  return JSON.parse(body) as T;
}

/** The REST APIs admin API (/admin/apis), typed with the shared schemas. */
export const apisApi = {
  list: (signal?: AbortSignal) => adminFetch<AdminApiList>('/admin/apis', { signal }),
  get: (slug: string, signal?: AbortSignal) => adminFetch<AdminApi>(at(slug), { signal }),
  create: (config: ApiConfig) => adminFetch<AdminApi>('/admin/apis', { body: config }),
  /** Replaces the settings; an auth block without `secret` keeps the stored credential reference. */
  replace: (config: ApiConfig) => adminFetch<AdminApi>(at(config.slug), { method: 'PUT', body: config }),
  remove: (slug: string) => adminFetch<null>(at(slug), { method: 'DELETE' }),
  /** Write-only: the answer carries at most the last four characters. */
  setSecret: (slug: string, value: string) =>
    adminFetch<SecretStatus>(`${at(slug)}/secret`, { method: 'PUT', body: { value } }),
  removeSecret: (slug: string) => adminFetch<SecretStatus>(`${at(slug)}/secret`, { method: 'DELETE' }),
  importOpenApi: (slug: string, document: string) =>
    putText<ApiOperationList>(`${at(slug)}/openapi`, document),
  removeOpenApi: (slug: string) => adminFetch<null>(`${at(slug)}/openapi`, { method: 'DELETE' }),
  operations: (slug: string, signal?: AbortSignal) =>
    adminFetch<ApiOperationList>(`${at(slug)}/operations`, { signal }),
  tryCall: (slug: string, body: ApiTryRequest) => adminFetch<ApiTryResult>(`${at(slug)}/try`, { body }),
  test: (slug: string) =>
    adminFetch<ApiConnectionTestResult>(`${at(slug)}/test`, { method: 'POST', body: {} }),
};
