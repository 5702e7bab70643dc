import { AdminApiError } from '../../api/admin-fetch';
import { errorText } from '../../lib/error-text';

/** What to do about a provider's refusal, by the status the gateway passed on. */
function providerHint(status: number): string {
  if (status === 401 || status === 403)
    return 'The provider refused its API key: check the key on the Providers screen.';
  if (status === 404) return 'The provider does not know this model: pick another one under Model.';
  if (status === 429) return 'The provider is rate limiting: wait a moment and run again.';
  if (status >= 500) return 'The provider failed or did not answer: run again, or pick another model.';
  return 'The provider refused the request: check the version’s parameters, or pick another model.';
}

/**
 * A failed run, said so a person knows what to do next. The gateway's own 400s and 404s already name the
 * variable, version or model at fault; errors relayed from a provider ("Upstream openai: …") get a next step.
 */
export function runErrorText(error: unknown): string {
  const text = errorText(error);
  if (error instanceof AdminApiError && error.message.startsWith('Upstream ')) {
    return `${text} — ${providerHint(error.status)}`;
  }
  return text;
}
