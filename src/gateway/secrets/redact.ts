/** What a removed secret is replaced with. */
export const REDACTED = '[redacted]';

/** Shorter "secrets" would mangle ordinary text and are not real keys anyway. */
const MIN_KNOWN_SECRET_LENGTH = 6;

// A key starts where no other token character precedes it, so "task-…" is not read as "sk-…".
const start = '(?<![A-Za-z0-9_-])';

/**
 * Strings shaped like credentials, whoever they belong to: OpenAI (`sk-…`, `sk-proj-…`) and Anthropic
 * (`sk-ant-…`) keys, Google API keys (`AIza…`), Gatehouse gateway keys (`gh_…`) and admin tokens (`gha_…`),
 * GitHub tokens, and bearer tokens.
 */
const keyShaped = new RegExp(
  [
    `${start}sk-[A-Za-z0-9_-]{16,}`,
    `${start}AIza[A-Za-z0-9_-]{30,}`,
    `${start}gha?_[A-Za-z0-9_-]{16,}`,
    `${start}(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})`,
  ].join('|'),
  'g',
);
// Real tokens carry a digit; asking for one keeps prose such as "Bearer instruments" intact.
const bearer = /\b(Bearer)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gi;

const headerNames = ['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];
const jsonFieldNames = [
  ...headerNames,
  'apiKey',
  'api_key',
  'password',
  'secret',
  'client_secret',
  'access_token',
  'refresh_token',
];
/** A JSON string field with a secret's name: `"x-api-key": "…"` (any case, escaped quotes included). */
const secretJsonField = new RegExp(`("(?:${jsonFieldNames.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** Credential headers and parameters outside JSON: `x-api-key: …`, `Authorization: Basic …`, `api_key=…`. */
const secretPlainField = new RegExp(
  `${start}((?:${[...headerNames, 'apikey', 'api_key'].join('|')})\\s*[:=]\\s*)(?:(?:Bearer|Basic)\\s+)?[^\\s"'&,;}]+`,
  'gi',
);

/**
 * Removes secrets from text that is about to be stored or shown: every known secret value (as written and
 * as it appears inside a JSON string), key-shaped strings, bearer tokens, and the values of fields named
 * like credentials. Each becomes `[redacted]`.
 */
export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length < MIN_KNOWN_SECRET_LENGTH) continue;
    result = replaceAll(result, secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) result = replaceAll(result, escaped);
  }
  return result
    .replace(secretJsonField, `$1"${REDACTED}"`)
    .replace(bearer, `$1 ${REDACTED}`)
    .replace(secretPlainField, `$1${REDACTED}`)
    .replace(keyShaped, REDACTED);
}

function replaceAll(text: string, secret: string): string {
  return text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}
