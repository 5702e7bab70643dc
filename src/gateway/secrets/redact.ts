/** What a removed secret is replaced with. */
export const REDACTED = '[redacted]';

/** Shorter "secrets" would mangle ordinary text and are not real keys anyway. */
const MIN_KNOWN_SECRET_LENGTH = 6;

const tokenCharacter = '[A-Za-z0-9_-]';

/**
 * `literal` where it starts a token: no other token character before it, so "task-…" is not read as
 * "sk-…". The check sits after the literal, not before it: a pattern that opens with a literal lets V8 jump
 * from one occurrence of the literal to the next instead of trying the look-behind at every character
 * (redaction runs on every logged body; docs/benchmarks.md).
 */
function atTokenStart(literal: string): string {
  return `${literal}(?<!${tokenCharacter}${literal})`;
}

/**
 * Strings shaped like credentials, whoever they belong to: OpenAI (`sk-…`, `sk-proj-…`) and Anthropic
 * (`sk-ant-…`) keys, Google API keys (`AIza…`), Gatehouse gateway keys (`gh_…`) and admin tokens (`gha_…`),
 * GitHub tokens, and bearer tokens.
 */
const keyShaped = new RegExp(
  [
    `${atTokenStart('sk-')}${tokenCharacter}{16,}`,
    `${atTokenStart('AIza')}${tokenCharacter}{30,}`,
    `${atTokenStart('gh')}(?:a?_${tokenCharacter}{16,}|[pousr]_[A-Za-z0-9]{30,})`,
    `${atTokenStart('github_pat_')}[A-Za-z0-9_]{30,}`,
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
  `((?:${[...headerNames, 'apikey', 'api_key'].map(atTokenStart).join('|')})\\s*[:=]\\s*)(?:(?:Bearer|Basic)\\s+)?[^\\s"'&,;}]+`,
  'gi',
);

/**
 * Text none of the patterns above can match lacks all of these (any case): one scan of it spares the four
 * replace passes for the usual body, which has no credential in it. A superset: a hit only means the passes
 * run.
 */
const mayHoldSecret =
  /authorization|api[-_]?key|password|secret|access_token|refresh_token|bearer|sk-|aiza|gh[aopsur]?_|github_pat_/i;

/** Each known secret as it appears inside a JSON string, worked out once per secret, not once per body. */
const jsonEscaped = new Map<string, string>();

function escapedForJson(secret: string): string {
  let escaped = jsonEscaped.get(secret);
  if (escaped === undefined) {
    escaped = JSON.stringify(secret).slice(1, -1);
    // Secrets change rarely (a rotated key); a bound keeps a long-running gateway from collecting old ones.
    if (jsonEscaped.size >= 256) jsonEscaped.clear();
    jsonEscaped.set(secret, escaped);
  }
  return escaped;
}

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
    const escaped = escapedForJson(secret);
    if (escaped !== secret) result = replaceAll(result, escaped);
  }
  if (!mayHoldSecret.test(result)) return result;
  return result
    .replace(secretJsonField, `$1"${REDACTED}"`)
    .replace(bearer, `$1 ${REDACTED}`)
    .replace(secretPlainField, `$1${REDACTED}`)
    .replace(keyShaped, REDACTED);
}

function replaceAll(text: string, secret: string): string {
  return text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}
