import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../../src/gateway/canonical/chat-model';
import { createOpenAiStreamDecoder } from '../../../../src/gateway/providers/openai-compatible/openai-stream-decoder';
import { mapOpenAiFinishReason } from '../../../../src/gateway/providers/openai-compatible/map-openai-finish-reason';

function chunk(delta: Record<string, unknown>, finishReason: string | null = null, extra = {}) {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...extra,
  });
}

function decode(data: string[], end = true): StreamEvent[] {
  const decoder = createOpenAiStreamDecoder();
  const events = data.flatMap((line) => decoder.decode({ data: line }));
  return end ? [...events, ...decoder.end()] : events;
}

describe('OpenAI-compatible stream decoder: dialects and broken streams', () => {
  it('emits start from the first chunk and skips empty content', () => {
    expect(
      decode([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' }), chunk({}, 'stop')]),
    ).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'm' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'stop' },
    ]);
  });

  it('reads OpenRouter `reasoning`, and takes one of `reasoning_content`/`reasoning` when both come', () => {
    const events = decode([
      chunk({ reasoning: 'think' }),
      chunk({ reasoning_content: 'more', reasoning: 'more' }),
      chunk({}, 'stop'),
    ]);
    expect(events.filter((event) => event.type === 'reasoning-delta')).toEqual([
      { type: 'reasoning-delta', text: 'think' },
      { type: 'reasoning-delta', text: 'more' },
    ]);
  });

  it('keeps parallel calls apart by index and skips empty argument pieces', () => {
    const events = decode([
      chunk({
        tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'one', arguments: '' } }],
      }),
      chunk({
        tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'two', arguments: '{"x"' } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: ':1}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.slice(1, -1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'one' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'two' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"x"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: ':1}' },
    ]);
  });

  it('holds arguments that arrive before the call has a name', () => {
    const events = decode([
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'search', arguments: '1}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.slice(1, -1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'search' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"q":1}' },
    ]);
  });

  it('numbers several index-less calls in one chunk as consecutive calls', () => {
    const events = decode([
      chunk(
        {
          tool_calls: [
            { id: 'a', function: { name: 'one', arguments: '{}' } },
            { id: 'b', function: { name: 'two', arguments: '{"k":2}' } },
          ],
        },
        'tool_calls',
      ),
    ]);
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'one' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'two' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"k":2}' },
    ]);
  });

  it('turns invalid JSON into an error event', () => {
    expect(decode(['{"id": "x", "choices": ['], false)).toEqual([
      { type: 'error', message: 'Upstream sent a malformed stream chunk', status: 502 },
    ]);
  });

  it('reports a stream that ends without a finish, but not one that finished without [DONE]', () => {
    expect(decode([chunk({ content: 'Hel' })]).at(-1)).toEqual({
      type: 'error',
      message: 'Upstream stream ended early',
      status: 502,
    });
    expect(
      decode([chunk({ content: 'Hello' }), chunk({}, 'stop')]).some((event) => event.type === 'error'),
    ).toBe(false);
  });

  it('ignores anything after [DONE]', () => {
    expect(
      decode([chunk({}, 'stop'), '[DONE]', chunk({ content: 'late' })]).map((event) => event.type),
    ).toEqual(['start', 'finish']);
  });

  it('passes an error chunk on, with the HTTP status OpenRouter puts in `code`', () => {
    expect(decode([JSON.stringify({ error: { message: 'Provider returned error', code: 502 } })])).toEqual([
      { type: 'error', message: 'Provider returned error', status: 502 },
    ]);
    expect(decode([JSON.stringify({ error: { message: 'overloaded', code: 'server_error' } })])).toEqual([
      { type: 'error', message: 'overloaded' },
    ]);
  });

  it('maps finish reasons and keeps the raw one', () => {
    expect(
      [
        'stop',
        'length',
        'model_length',
        'tool_calls',
        'function_call',
        'content_filter',
        'error',
        'eos',
        null,
      ].map(mapOpenAiFinishReason),
    ).toEqual([
      'stop',
      'length',
      'length',
      'tool-calls',
      'tool-calls',
      'content-filter',
      'error',
      'other',
      'other',
    ]);
    const finish = decode([chunk({}, 'eos')]).find((event) => event.type === 'finish');
    expect(finish).toEqual({ type: 'finish', finishReason: 'other', rawFinishReason: 'eos' });
  });
});
