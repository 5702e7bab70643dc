import type { ApiConnectionTestResult } from '../../shared/schemas/apis';
import { GatewayError } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { redactSecrets } from '../secrets/redact';
import { toGatewayError } from '../upstream/upstream-client';
import { resolveCredential } from './api-call';
import type { RegisteredApi } from './api-registry';
import { replaceQueryParameter } from './credential-injection';

const TEST_TIMEOUT_MS = 10_000;

/**
 * "Test connection": a GET of every base URL with the API's default headers and credential (not logged,
 * no cache, no retries). ok when each one answered with something other than 401, 403 or a 5xx.
 */
export async function testApiConnection(
  gateway: GatewayServices,
  api: RegisteredApi,
): Promise<ApiConnectionTestResult> {
  let credential;
  try {
    credential = await resolveCredential(gateway, api);
  } catch (error) {
    return { ok: false, status: null, message: (error as GatewayError).message, targets: [] };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(api.config.defaultHeaders ?? {}))
    headers[name.toLowerCase()] = value;
  Object.assign(headers, credential?.headers);
  const query = credential?.query
    ? replaceQueryParameter('', credential.query.name, credential.query.value)
    : '';
  const known = [...gateway.secrets.recentValues, ...(credential?.echoes ?? [])];

  const targets: ApiConnectionTestResult['targets'] = [];
  for (const target of api.config.baseUrls) {
    const { origin, pathname } = new URL(target);
    try {
      const response = await gateway.apis.agent.request({
        origin,
        path: `${pathname}${query ? `?${query}` : ''}`,
        method: 'GET',
        headers,
        headersTimeout: TEST_TIMEOUT_MS,
        bodyTimeout: TEST_TIMEOUT_MS,
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      });
      await response.body.dump().catch(() => undefined);
      const status = response.statusCode;
      const message =
        status === 401 || status === 403
          ? `HTTP ${status}: the API refused the credential`
          : status >= 500
            ? `HTTP ${status}: the API has a problem`
            : `HTTP ${status}`;
      targets.push({ url: target, status, message });
    } catch (error) {
      const failure = toGatewayError(error, target, TEST_TIMEOUT_MS);
      targets.push({ url: target, status: null, message: redactSecrets(failure.message, known) });
    }
  }
  const good = (status: number | null) => status !== null && status !== 401 && status !== 403 && status < 500;
  const ok = targets.every((target) => good(target.status));
  const first = targets.find((target) => !good(target.status)) ?? targets[0];
  return {
    ok,
    status: first?.status ?? null,
    message: ok
      ? `Reached ${targets.length === 1 ? 'the API' : `all ${targets.length} base URLs`}`
      : `${first?.url}: ${first?.message}`,
    targets,
  };
}
