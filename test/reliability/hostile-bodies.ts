import fc from 'fast-check';
import { TARGET_MODELS } from './reliability-gateway';

// Building blocks for the hostile-input properties: a valid request per endpoint, and mutations that
// replace, remove or add any field of it with an odd value.

export const ENDPOINTS = [
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/messages',
  '/v1/messages/count_tokens',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};
const anthropicTool = {
  name: 'get_weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};

/** A request each endpoint accepts; mutations start from here so they reach deep into the decoders. */
export function validBody(endpoint: Endpoint, model: string): Record<string, unknown> {
  switch (endpoint) {
    case '/v1/chat/completions':
      return {
        model,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'hi' }] },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
        tools: [weatherTool],
        tool_choice: 'auto',
        temperature: 0.5,
        max_tokens: 16,
        stop: ['END'],
        response_format: { type: 'text' },
        stream: false,
        stream_options: { include_usage: true },
      };
    case '/v1/embeddings':
      return { model, input: ['hello', 'world'], encoding_format: 'float' };
    case '/v1/messages':
    case '/v1/messages/count_tokens':
      return {
        model,
        max_tokens: 16,
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
        ],
        tools: [anthropicTool],
        tool_choice: { type: 'auto' },
        temperature: 0.5,
        stop_sequences: ['END'],
        metadata: { user_id: 'u1' },
        stream: false,
      };
  }
}

type Path = Array<string | number>;

/** Every place in a JSON value a mutation can hit. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  }
  return out;
}

export type Mutation = { pick: number; kind: 'replace' | 'delete' | 'add'; value: unknown; key: string };

export function mutate(body: Record<string, unknown>, mutation: Mutation): unknown {
  const all = paths(body);
  const path = all[mutation.pick % all.length]!;
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : body;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (mutation.kind === 'add' && parent[last] && typeof parent[last] === 'object') {
    define(parent[last] as Record<string, unknown>, mutation.key, mutation.value);
  } else define(parent, last, mutation.value);
  return copy;
}

// Plain assignment to "__proto__" would change the prototype instead of adding the key a caller can send.
function define(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const odd = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    -1,
    0,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    null,
    [],
    {},
    [null],
    '\u0000',
    '\ud800',
    'x'.repeat(5000),
    { type: 'image_url', image_url: { url: 'data:;base64,@@' } },
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: '' } },
    { role: 'user' },
    { __proto__: { polluted: true } },
    { constructor: { prototype: { polluted: true } } },
  ),
);

export const mutationArbitrary = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add') as fc.Arbitrary<Mutation['kind']>,
  value: odd,
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'stream', 'model')),
});

export const modelName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TARGET_MODELS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
