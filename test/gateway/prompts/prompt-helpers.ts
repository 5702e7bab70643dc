import type { Harness } from '../../helpers/gateway-harness';

// Loose on purpose: the tests assert the shapes they care about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Json;
}

/** An admin API call with a JSON body; answers status, headers and the parsed body (empty for 204). */
export async function adminJson(
  harness: Harness,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse> {
  const response = await harness.admin(path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Json) : {} };
}

/** A request to a /v1 route the way curl sends it: a raw fetch with the gateway key. */
export async function curlJson(
  harness: Harness,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${harness.gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer gh_test_gateway_key_0123456789`, ...headers },
    body: JSON.stringify(body),
  });
  return response;
}

/** The support-reply prompt used across the tests: a system and a user message with two variables. */
export const supportVersion = {
  messages: [
    { role: 'system', content: 'You are the support agent of {{company}}. Answer in a {{tone}} tone.' },
    { role: 'user', content: 'Customer {{customer}} asks about order {{order_id}}.' },
  ],
  variables: [
    { name: 'company', type: 'string', default: 'Gatehouse' },
    { name: 'tone', type: 'string', default: 'friendly' },
    { name: 'customer', type: 'string' },
    { name: 'order_id', type: 'number' },
  ],
  model: 'openai/gpt-4o-mini',
  params: { temperature: 0.2, max_tokens: 300 },
  commitMessage: 'First version',
};

export async function createSupportPrompt(harness: Harness, slug = 'support-reply'): Promise<void> {
  const created = await adminJson(harness, 'POST', '/admin/prompts', {
    slug,
    name: 'Support reply',
    description: 'Answers customer questions',
    version: supportVersion,
    labels: ['production'],
  });
  if (created.status !== 201) throw new Error(`creating the prompt failed: ${JSON.stringify(created.body)}`);
}
