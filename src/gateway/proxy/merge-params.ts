/**
 * A route target's params over a request body: nested objects merge key by key (so `generationConfig`
 * keeps the caller's other settings), anything else — numbers, strings, arrays — replaces.
 */
export function mergeParams(
  body: Record<string, unknown>,
  params: Record<string, unknown> | null,
): Record<string, unknown> {
  if (!params) return body;
  const merged: Record<string, unknown> = { ...body };
  for (const [key, value] of Object.entries(params)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeParams(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
