import { expect } from 'vitest';

/** The API a path belongs to decides the error shape its callers parse. */
export function formatOf(path: string): 'openai' | 'anthropic' {
  return path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

/**
 * A rejection as the caller's SDK expects it: OpenAI `{error:{message,type,...}}`, Anthropic
 * `{type:"error",error:{type,message}}`, with a 4xx status. `context` names the case in failure messages.
 */
export function expectClientError(
  path: string,
  status: number,
  body: unknown,
  context: string,
  statuses?: number[],
): void {
  expect(status, `${context}: status`).toBeGreaterThanOrEqual(400);
  expect(status, `${context}: status`).toBeLessThan(500);
  if (statuses) expect(statuses, `${context}: status ${status}`).toContain(status);
  const record = body as Record<string, unknown> | null;
  expect(record, `${context}: body is JSON`).toBeTypeOf('object');
  const error = record?.error as Record<string, unknown> | undefined;
  expect(error, `${context}: body has error`).toBeTypeOf('object');
  expect(error?.message, `${context}: error.message`).toBeTypeOf('string');
  expect(error?.type, `${context}: error.type`).toBeTypeOf('string');
  if (formatOf(path) === 'anthropic') expect(record?.type, `${context}: Anthropic shape`).toBe('error');
  else expect(record?.type, `${context}: OpenAI shape has no top-level type`).toBeUndefined();
}
