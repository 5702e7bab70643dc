import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerShape, cacheKey, FIELDS_NOT_IN_KEY } from '../../../src/gateway/cache/cache-key';

const base = {
  model: 'openai/gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2 + 2?' },
  ],
  temperature: 0.2,
  top_p: 1,
  max_tokens: 100,
  stop: ['\n\n'],
  seed: 7,
  tools: [{ type: 'function', function: { name: 'add', parameters: { type: 'object', properties: {} } } }],
  tool_choice: 'auto',
  response_format: { type: 'text' },
};
const target = { endpoint: '/v1/chat/completions', providerId: 'openai', model: 'gpt-4o-mini' };
const keyOf = (body: Record<string, unknown>, overrides: Partial<typeof target> = {}) =>
  cacheKey({ ...target, ...overrides, body });

describe('cache key', () => {
  it('is the same for the same request, whatever the order of its fields', () => {
    expect(keyOf(base)).toBe(keyOf(structuredClone(base)));
    expect(keyOf(base)).toMatch(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(Object.keys(base), { minLength: Object.keys(base).length }),
        (order) => {
          const shuffled = Object.fromEntries(order.map((name) => [name, base[name as keyof typeof base]]));
          expect(keyOf(shuffled)).toBe(keyOf(base));
        },
      ),
      { numRuns: 50 },
    );
  });

  it.each([
    ['temperature', { temperature: 0.3 }],
    ['top_p', { top_p: 0.9 }],
    ['max_tokens', { max_tokens: 101 }],
    ['stop', { stop: ['\n'] }],
    ['seed', { seed: 8 }],
    ['tools', { tools: [] }],
    ['tool_choice', { tool_choice: 'none' }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['n', { n: 2 }],
    ['presence_penalty', { presence_penalty: 0.5 }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['logprobs', { logprobs: true }],
    ['reasoning_effort', { reasoning_effort: 'high' }],
    ['a field Gatehouse does not know', { some_future_knob: 1 }],
    ['the last message', { messages: [base.messages[0], { role: 'user', content: 'What is 2 + 3?' }] }],
    ['a role', { messages: [{ ...base.messages[0], role: 'developer' }, base.messages[1]] }],
    ['message order', { messages: [...base.messages].reverse() }],
    [
      'a nested tool parameter',
      { tools: [{ ...base.tools[0], function: { ...base.tools[0]!.function, name: 'sum' } }] },
    ],
    ['stream (JSON answer vs event stream)', { stream: true }],
  ])('changes when %s changes', (_name, change) => {
    expect(keyOf({ ...base, ...change })).not.toBe(keyOf(base));
  });

  it('changes with the provider, the provider model and the endpoint', () => {
    expect(keyOf(base, { providerId: 'azure' })).not.toBe(keyOf(base));
    expect(keyOf(base, { model: 'gpt-4o' })).not.toBe(keyOf(base));
    expect(keyOf(base, { endpoint: '/v1/messages' })).not.toBe(keyOf(base));
  });

  it('changes whenever a parameter takes another value, for any JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (first, second) => {
        fc.pre(JSON.stringify(first) !== JSON.stringify(second));
        expect(keyOf({ ...base, temperature: first })).not.toBe(keyOf({ ...base, temperature: second }));
      }),
      { numRuns: 200 },
    );
  });

  it('ignores the fields that do not change the answer, and the model name the caller used', () => {
    expect(FIELDS_NOT_IN_KEY).toEqual(
      expect.arrayContaining(['user', 'metadata', 'store', 'stream_options', 'model']),
    );
    const noise = {
      model: 'fast',
      user: 'alice',
      metadata: { run: '42' },
      store: true,
      prompt_cache_key: 'abc',
      safety_identifier: 'hash',
      stream_options: { include_usage: true },
    };
    expect(keyOf({ ...base, ...noise })).toBe(keyOf(base));
  });

  it('keeps streams with and without OpenAI’s usage chunk apart: their events differ', () => {
    expect(answerShape({ stream: true })).toBe('sse');
    expect(answerShape({ stream: true, stream_options: { include_usage: true } })).toBe('sse+usage');
    expect(answerShape({ stream: false, stream_options: { include_usage: true } })).toBe('json');
    expect(keyOf({ ...base, stream: true, stream_options: { include_usage: true } })).not.toBe(
      keyOf({ ...base, stream: true }),
    );
  });
});
