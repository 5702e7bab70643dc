import { isUtf8 } from 'node:buffer';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';

type ParserDone = (error: Error | null, body?: unknown) => void;
import { GatewayErrors } from '../errors/gateway-error';

/**
 * Deepest nesting of arrays and objects a request body may have. JSON.parse copes with any depth, but
 * everything after it (JSON.stringify on the fast path, the translators, the redactor) recurses, and
 * 100,000 levels would overflow the stack. Real requests — tool schemas included — stay far below this.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * True when the bytes nest arrays/objects deeper than `limit` (brackets inside strings do not count). Runs on
 * every request: strings, most of a body, are skipped with the native indexOf, so JavaScript only looks at
 * the structure between them — a few microseconds for a typical chat request.
 */
export function nestsDeeperThan(bytes: Buffer, limit: number): boolean {
  // Each level takes an opening and a closing byte: a short body cannot be too deep.
  if (bytes.length <= limit * 2) return false;
  let depth = 0;
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      let end = bytes.indexOf(QUOTE, index + 1);
      while (end !== -1 && isEscaped(bytes, end)) end = bytes.indexOf(QUOTE, end + 1);
      // An unterminated string: not JSON, which the parser will say.
      if (end === -1) return false;
      index = end + 1;
      continue;
    }
    if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) depth -= 1;
    index += 1;
  }
  return false;
}

/** A quote preceded by an odd number of backslashes is part of the string. */
function isEscaped(bytes: Buffer, at: number): boolean {
  let backslashes = 0;
  for (let index = at - 1; index >= 0 && bytes[index] === BACKSLASH; index -= 1) backslashes += 1;
  return backslashes % 2 === 1;
}

/**
 * Parses every request body as JSON (curl users often forget the content-type) and keeps the raw text,
 * which the log stores as sent. Bytes that are not UTF-8 and absurd nesting are refused before parsing:
 * decoding would silently turn bad bytes into U+FFFD and forward something the caller never sent.
 */
async function jsonBody(app: FastifyInstance): Promise<void> {
  app.decorateRequest('rawBody', null);
  app.removeAllContentTypeParsers();
  const parse = (request: FastifyRequest, body: string | Buffer, done: ParserDone): void => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (!isUtf8(bytes)) {
      request.rawBody = bytes.toString('utf8');
      return done(GatewayErrors.invalidJson('Request body is not valid UTF-8'), undefined);
    }
    const text = bytes.toString('utf8');
    request.rawBody = text;
    if (text.length === 0)
      return done(GatewayErrors.invalidJson('Request body is empty; send a JSON object'), undefined);
    if (nestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
      return done(
        GatewayErrors.invalidJson(
          `Request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
        ),
        undefined,
      );
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(
        GatewayErrors.invalidJson(`Request body is not valid JSON: ${(error as Error).message}`),
        undefined,
      );
    }
  };
  // The same parser under its usual type too: Fastify remembers which parser a content-type header takes,
  // but not for the catch-all, whose every request would parse the header into an object again.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parse);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, parse);
}

export default fp(jsonBody, { name: 'json-body' });
