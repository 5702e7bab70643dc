import type { KeyLimits } from '../../../../shared/schemas/gateway-config';

export type LimitName = keyof KeyLimits;
export type LimitsForm = Record<LimitName, number | ''>;

export const LIMIT_FIELDS: Array<{ name: LimitName; label: string; unit: string; integer: boolean }> = [
  { name: 'requestsPerMinute', label: 'Requests per minute', unit: 'requests', integer: true },
  { name: 'tokensPerMinute', label: 'Tokens per minute', unit: 'tokens', integer: true },
  { name: 'usdPerDay', label: 'USD per day (UTC)', unit: 'USD', integer: false },
  { name: 'usdPerMonth', label: 'USD per month (UTC)', unit: 'USD', integer: false },
];

export function formFromLimits(limits: KeyLimits): LimitsForm {
  return {
    requestsPerMinute: limits.requestsPerMinute ?? '',
    tokensPerMinute: limits.tokensPerMinute ?? '',
    usdPerDay: limits.usdPerDay ?? '',
    usdPerMonth: limits.usdPerMonth ?? '',
  };
}

/** For POST /admin/keys: only the limits that are set. */
export function limitsFromForm(form: LimitsForm): KeyLimits {
  const limits: KeyLimits = {};
  for (const { name } of LIMIT_FIELDS) if (form[name] !== '') limits[name] = form[name] as number;
  return limits;
}

/** For PATCH /admin/keys/:name: a set field sets the limit, an emptied one removes it (null). */
export function limitChanges(form: LimitsForm): Record<LimitName, number | null> {
  return Object.fromEntries(
    LIMIT_FIELDS.map(({ name }) => [name, form[name] === '' ? null : form[name]]),
  ) as Record<LimitName, number | null>;
}
