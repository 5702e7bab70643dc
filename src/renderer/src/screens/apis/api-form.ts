import type { AdminApi, ApiAuth, ApiConfig, ApiMethod } from '../../../../shared/schemas/apis';

export type AuthType = 'none' | 'header' | 'query' | 'basic';
/** Where the credential comes from: the OS keychain (typed here, write-only) or an environment variable. */
export type SecretSource = 'keychain' | 'env';

export interface ApiForm {
  slug: string;
  label: string;
  /** One URL per line. */
  baseUrls: string;
  enabled: boolean;
  authType: AuthType;
  headerName: string;
  headerTemplate: string;
  queryName: string;
  basicUser: string;
  secretSource: SecretSource;
  envName: string;
  /** Typed only to be stored; never filled from the gateway. */
  secretValue: string;
  defaultHeaders: Array<{ name: string; value: string }>;
  timeoutMs: number | '';
  retryAttempts: number | '';
  backoffMs: number | '';
  requestsPerMinute: number | '';
  cacheEnabled: boolean;
  cacheTtlSeconds: number | '';
  /** Empty: every method is allowed. */
  allowedMethods: ApiMethod[];
}

const SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const BASE_URL = /^https?:\/\/[^\s?#]+$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const ENV_NAME = /^[A-Za-z0-9_.-]+$/;

export function emptyApiForm(): ApiForm {
  return {
    slug: '',
    label: '',
    baseUrls: '',
    enabled: true,
    authType: 'header',
    headerName: 'Authorization',
    headerTemplate: 'Bearer {{secret}}',
    queryName: 'api_key',
    basicUser: '',
    secretSource: 'keychain',
    envName: '',
    secretValue: '',
    defaultHeaders: [],
    timeoutMs: '',
    retryAttempts: '',
    backoffMs: '',
    requestsPerMinute: '',
    cacheEnabled: false,
    cacheTtlSeconds: '',
    allowedMethods: [],
  };
}

export function formFromApi(api: AdminApi): ApiForm {
  const form = emptyApiForm();
  const auth = api.auth ?? null;
  const secret = auth?.secret ?? null;
  return {
    ...form,
    slug: api.slug,
    label: api.label ?? '',
    baseUrls: api.baseUrls.join('\n'),
    enabled: api.enabled,
    authType: auth?.type ?? 'none',
    headerName: auth?.type === 'header' ? (auth.name ?? 'Authorization') : form.headerName,
    headerTemplate: auth?.type === 'header' ? (auth.template ?? 'Bearer {{secret}}') : form.headerTemplate,
    queryName: auth?.type === 'query' ? auth.name : form.queryName,
    basicUser: auth?.type === 'basic' ? auth.username : '',
    secretSource: secret?.startsWith('env:') ? 'env' : 'keychain',
    envName: secret?.startsWith('env:') ? secret.slice(4) : '',
    defaultHeaders: Object.entries(api.defaultHeaders ?? {}).map(([name, value]) => ({ name, value })),
    timeoutMs: api.timeoutMs ?? '',
    retryAttempts: api.retry?.attempts ?? '',
    backoffMs: api.retry?.backoffMs ?? '',
    requestsPerMinute: api.rateLimit?.requestsPerMinute ?? '',
    cacheEnabled: api.cache?.enabled ?? false,
    cacheTtlSeconds: api.cache?.ttlSeconds ?? '',
    allowedMethods: api.allowedMethods ?? [],
  };
}

function urls(form: ApiForm): string[] {
  return form.baseUrls
    .split('\n')
    .map((line) => line.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/** The first thing that keeps the API from being saved, said so the user knows what to fix. */
export function apiProblem(form: ApiForm, creating: boolean): string | null {
  if (!SLUG.test(form.slug))
    return 'The slug is lowercase letters, digits, "-" and "_" (it becomes /apis/<slug>/).';
  const list = urls(form);
  if (list.length === 0) return 'Add the base URL, e.g. https://api.github.com.';
  const bad = list.find((url) => !BASE_URL.test(url));
  if (bad) return `${bad} is not a base URL: http(s)://host/path, without ? or #.`;
  if (form.authType === 'header') {
    if (!HEADER_NAME.test(form.headerName)) return 'The auth header needs a valid name, e.g. Authorization.';
    if (!form.headerTemplate.includes('{{secret}}'))
      return 'The header value must contain {{secret}} where the credential goes.';
  }
  if (form.authType === 'query' && !form.queryName.trim()) return 'Name the query parameter, e.g. api_key.';
  if (form.authType !== 'none' && form.secretSource === 'env' && !ENV_NAME.test(form.envName))
    return 'Name the environment variable that holds the credential, e.g. GITHUB_TOKEN.';
  if (form.authType !== 'none' && form.secretSource === 'keychain' && creating && !form.secretValue.trim())
    return 'Paste the credential; it goes to the OS keychain and is never shown again.';
  for (const header of form.defaultHeaders) {
    if (header.name === '' && header.value === '') continue;
    if (!HEADER_NAME.test(header.name)) return `"${header.name}" is not a header name.`;
  }
  if (form.timeoutMs !== '' && form.timeoutMs < 100) return 'The timeout is at least 100 ms.';
  return null;
}

function auth(form: ApiForm): ApiAuth | null {
  const secret = form.secretSource === 'env' ? { secret: `env:${form.envName}` } : {};
  switch (form.authType) {
    case 'none':
      return null;
    case 'header':
      return { type: 'header', name: form.headerName, template: form.headerTemplate, ...secret };
    case 'query':
      return { type: 'query', name: form.queryName.trim(), ...secret };
    case 'basic':
      return { type: 'basic', username: form.basicUser, ...secret };
  }
}

/**
 * The settings to save. A keychain credential is not part of them: it is stored by its own write-only call
 * after the save, and an auth block without `secret` keeps the reference the API already has.
 */
export function apiConfig(form: ApiForm): ApiConfig {
  const headers = form.defaultHeaders.filter((header) => header.name !== '');
  const config: ApiConfig = {
    slug: form.slug,
    baseUrls: urls(form),
    enabled: form.enabled,
    auth: auth(form),
  };
  if (form.label.trim()) config.label = form.label.trim();
  if (headers.length > 0)
    config.defaultHeaders = Object.fromEntries(headers.map((header) => [header.name, header.value]));
  if (form.timeoutMs !== '') config.timeoutMs = form.timeoutMs;
  if (form.retryAttempts !== '')
    config.retry = {
      attempts: form.retryAttempts,
      ...(form.backoffMs !== '' ? { backoffMs: form.backoffMs } : {}),
    };
  if (form.requestsPerMinute !== '') config.rateLimit = { requestsPerMinute: form.requestsPerMinute };
  if (form.cacheEnabled)
    config.cache = {
      enabled: true,
      ...(form.cacheTtlSeconds !== '' ? { ttlSeconds: form.cacheTtlSeconds } : {}),
    };
  if (form.allowedMethods.length > 0) config.allowedMethods = form.allowedMethods;
  return config;
}
