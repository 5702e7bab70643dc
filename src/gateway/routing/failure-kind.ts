import { GatewayErrors, type GatewayError } from '../errors/gateway-error';

/**
 * What a failed attempt means for the rest of the request:
 * - retry: the target may answer next time (429, 408, 5xx, timeouts, connection errors): retry it, then fall back;
 * - rotate-key: the provider refused the key (401/403): set the key aside and use the provider's next key,
 *   then the next target, since the request itself was not at fault;
 * - next-target: the target cannot be used at all (no key configured);
 * - fatal: the request itself is wrong (other 4xx); every target would refuse it the same way.
 */
export type FailureKind = 'retry' | 'rotate-key' | 'next-target' | 'fatal';

export function classifyFailure(error: GatewayError): FailureKind {
  if (error.code === GatewayErrors.providerKeyMissing.code) return 'next-target';
  const status = error.statusCode;
  if (status === 401 || status === 403) return 'rotate-key';
  if (status === 408 || status === 429) return 'retry';
  // A gateway bug is not the upstream's fault and would fail again the same way.
  if (status >= 500 && error.code !== GatewayErrors.internal.code) return 'retry';
  return 'fatal';
}
