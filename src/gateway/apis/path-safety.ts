import { GatewayErrors } from '../errors/gateway-error';

/** Upstreams that decode more than this many times are not a thing; the loop just needs a bound. */
const MAX_DECODE_DEPTH = 4;

/**
 * Checks the part of a request path below `/apis/<slug>` (still percent-encoded, without the query) and
 * returns it unchanged, to be appended to the API's base path. Anything an upstream, a framework in front
 * of it or a file system could read as leaving the base path is refused with 400 before a byte goes out:
 * a `.` or `..` segment raw or percent-encoded at any depth (`%2e%2e`, `%252e%252e`), hidden behind an
 * encoded slash (`..%2fadmin`) or a matrix parameter (`..;x`), backslashes raw or encoded, control
 * characters and malformed escapes. The path is forwarded as the caller wrote it (not re-encoded), so an
 * encoded slash that is not part of such a segment (GitLab's `group%2Fproject`) keeps its meaning.
 */
export function checkApiPath(rawPath: string): string {
  if (rawPath === '') return '';
  if (!rawPath.startsWith('/')) throw unsafe('it must start with "/"');
  for (const segment of rawPath.slice(1).split('/')) checkSegment(segment);
  return rawPath;
}

function checkSegment(segment: string): void {
  let current = segment;
  for (let depth = 0; depth <= MAX_DECODE_DEPTH; depth += 1) {
    if (/[\\\u0000-\u001f\u007f]/.test(current))
      throw unsafe('backslashes and control characters are not allowed');
    if (current.split('/').some(isDotSegment)) throw unsafe('"." and ".." segments are not allowed');
    if (!current.includes('%')) return;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      // A literal "%" that a first decoding produced ("100%25" → "100%") is data, not an escape.
      if (depth > 0) return;
      throw unsafe('it has a malformed percent-escape');
    }
    if (decoded === current) return;
    current = decoded;
  }
  throw unsafe('it is percent-encoded too many times');
}

// Servlet containers read "..;jsessionid=x" as "..", so the matrix parameter does not hide the segment.
function isDotSegment(piece: string): boolean {
  const name = piece.split(';')[0]!.trim();
  return name === '.' || name === '..';
}

function unsafe(why: string) {
  return GatewayErrors.invalidRequest(`The path is refused: ${why}`, { param: 'path' });
}
