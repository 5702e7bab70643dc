/**
 * The caller's JSON body as sent, with the top-level `model` value replaced: the same-format fast path
 * forwards the bytes it received instead of serialising the parsed body again (a long conversation costs as
 * much to stringify as to parse). Returns null whenever the text cannot be edited with certainty — the key
 * written with escapes, given twice, or its value not the one parsed — and the caller then serialises.
 */
export function withModel(raw: string, parsedModel: string, model: string): string | null {
  const valueAt = topLevelModelValue(raw);
  if (valueAt === null) return null;
  const current = JSON.stringify(parsedModel);
  if (!raw.startsWith(current, valueAt)) return null;
  if (parsedModel === model) return raw;
  return raw.slice(0, valueAt) + JSON.stringify(model) + raw.slice(valueAt + current.length);
}

/** The characters the scan stops at: string quotes, escapes, and the brackets that change depth. */
const TOKEN = /["\\{}[\]]/g;
const KEY = '"model"';

/**
 * Where the value of the one top-level `"model"` key starts, or null when there is not exactly one. A scan
 * over the quotes and brackets only (the regular expression skips everything else natively).
 */
function topLevelModelValue(raw: string): number | null {
  let depth = 0;
  let inString = false;
  // A top-level key written with escapes could spell "model" too: then the text is not edited.
  let escapedAtTop = false;
  let found: number | null = null;
  TOKEN.lastIndex = 0;
  // test() rather than exec(): no match array per token, the position is lastIndex - 1.
  while (TOKEN.test(raw)) {
    const at = TOKEN.lastIndex - 1;
    const char = raw.charCodeAt(at);
    if (inString) {
      if (char === 0x5c) {
        TOKEN.lastIndex = at + 2;
        if (depth === 1) escapedAtTop = true;
      } else if (char === 0x22) {
        inString = false;
        if (escapedAtTop && afterColon(raw, at + 1) !== null) return null;
        escapedAtTop = false;
      }
      continue;
    }
    if (char === 0x22) {
      if (depth === 1 && raw.startsWith(KEY, at)) {
        const valueAt = afterColon(raw, at + KEY.length);
        if (valueAt !== null) {
          if (found !== null) return null;
          found = valueAt;
          // Skip the key; the value string is scanned as usual.
          TOKEN.lastIndex = at + KEY.length;
          continue;
        }
      }
      inString = true;
    } else if (char === 0x7b || char === 0x5b) depth += 1;
    else if (char === 0x7d || char === 0x5d) depth -= 1;
    else if (char === 0x5c) return null;
  }
  return found;
}

/** The index after `:` and the whitespace around it, or null when the token after the key is not `:`. */
function afterColon(raw: string, at: number): number | null {
  let index = skipSpace(raw, at);
  if (raw.charCodeAt(index) !== 0x3a) return null;
  index = skipSpace(raw, index + 1);
  return index;
}

function skipSpace(raw: string, at: number): number {
  let index = at;
  for (;;) {
    const char = raw.charCodeAt(index);
    if (char !== 0x20 && char !== 0x0a && char !== 0x0d && char !== 0x09) return index;
    index += 1;
  }
}
