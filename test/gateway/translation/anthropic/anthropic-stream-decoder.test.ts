import { describe, expect, it } from 'vitest';
import { mapAnthropicStopReason } from '../../../../src/gateway/providers/anthropic/map-anthropic-stop-reason';
import { AnthropicStreamDecoder } from '../../../../src/gateway/providers/anthropic/anthropic-stream-decoder';
import {
  anthropicFixtures,
  decodeLines,
  readChunkLines,
  summariseAnthropicStream,
  summariseCanonical,
} from './anthropic-test-helpers';

const fixtures = anthropicFixtures('.chunks.txt');

function decodeEvents(events: object[]) {
  return decodeLines(events.map((event) => JSON.stringify(event)));
}

describe('Anthropic stream decoder on captured streams', () => {
  it('has every captured Anthropic stream to replay', () => {
    expect(fixtures).toEqual([
      'anthropic-clear-thinking.1.chunks.txt',
      'anthropic-json-tool.1.chunks.txt',
      'anthropic-message-delta-input-tokens.chunks.txt',
      'anthropic-refusal.chunks.txt',
      'anthropic-text.chunks.txt',
    ]);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: same text, reasoning, tool calls, stop reason and usage as the wire says`, () => {
      const lines = readChunkLines(fixture);
      const wire = summariseAnthropicStream(lines.map((line) => JSON.parse(line)));
      const events = decodeLines(lines);
      const decoded = summariseCanonical(events);

      expect(decoded.errors).toEqual([]);
      expect(events[0]).toMatchObject({ type: 'start', id: JSON.parse(lines[0]!).message.id });
      expect(events.at(-1)?.type).toBe('finish');
      expect(decoded.text).toBe(wire.text);
      expect(decoded.reasoning).toBe(wire.thinking);
      expect(decoded.signatures.at(-1) ?? null).toBe(wire.signature);
      expect(
        decoded.toolCalls.map((call) => ({
          id: call.id,
          name: call.name,
          input: JSON.parse(call.arguments),
        })),
      ).toEqual(wire.tools);
      expect(decoded.finish).toEqual({
        type: 'finish',
        finishReason: mapAnthropicStopReason(wire.stopReason),
        rawFinishReason: wire.stopReason,
        stopSequence: wire.stopSequence,
      });
      // The fixtures read no cache, so canonical input (which includes cache reads) equals input_tokens.
      expect(decoded.usage).toEqual({
        inputTokens: wire.usage.input_tokens,
        outputTokens: wire.usage.output_tokens,
        cachedTokens: wire.usage.cache_read_input_tokens ?? null,
      });
    });
  }

  it('anthropic-json-tool.1: one `json` tool call with the captured arguments, stopped for tool use', () => {
    const decoded = summariseCanonical(decodeLines(readChunkLines('anthropic-json-tool.1.chunks.txt')));
    expect(decoded.toolCalls).toHaveLength(1);
    expect(decoded.toolCalls[0]!.id).toBe('toolu_01KFbKqPYSuAKujiL6mTfzYA');
    expect(decoded.toolCalls[0]!.name).toBe('json');
    expect(JSON.parse(decoded.toolCalls[0]!.arguments)).toEqual({
      elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }],
    });
    expect(decoded.text).toBe('');
    expect(decoded.finish).toMatchObject({ finishReason: 'tool-calls', rawFinishReason: 'tool_use' });
    expect(decoded.usage).toEqual({ inputTokens: 849, outputTokens: 47, cachedTokens: 0 });
  });

  it('anthropic-text: the whole greeting, end_turn → stop', () => {
    const decoded = summariseCanonical(decodeLines(readChunkLines('anthropic-text.chunks.txt')));
    expect(decoded.text).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
    expect(decoded.finish).toMatchObject({ finishReason: 'stop', rawFinishReason: 'end_turn' });
    expect(decoded.usage).toEqual({ inputTokens: 12, outputTokens: 30, cachedTokens: 0 });
  });

  it('anthropic-clear-thinking.1: reasoning text and its signature, then the answer', () => {
    const events = decodeLines(readChunkLines('anthropic-clear-thinking.1.chunks.txt'));
    const decoded = summariseCanonical(events);
    expect(decoded.reasoning).toBe(
      'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
    );
    expect(decoded.signatures).toHaveLength(1);
    expect(decoded.signatures[0]).toMatch(/^EvQBCkYICxgCKkAx/);
    expect(decoded.text).toBe('925 ÷ 5 = 185');
    expect(decoded.usage).toEqual({ inputTokens: 69, outputTokens: 53, cachedTokens: 0 });
    // The signature closes the reasoning before any answer text.
    const signatureAt = events.findIndex((event) => event.type === 'reasoning-delta' && event.signature);
    const firstTextAt = events.findIndex((event) => event.type === 'text-delta');
    expect(signatureAt).toBeLessThan(firstTextAt);
  });

  it('anthropic-message-delta-input-tokens: message_delta input_tokens override message_start', () => {
    const decoded = summariseCanonical(
      decodeLines(readChunkLines('anthropic-message-delta-input-tokens.chunks.txt')),
    );
    expect(decoded.text).toBe('pong');
    expect(decoded.usage).toEqual({ inputTokens: 61, outputTokens: 2, cachedTokens: null });
  });

  it('anthropic-refusal: no content, refusal → content-filter', () => {
    const decoded = summariseCanonical(decodeLines(readChunkLines('anthropic-refusal.chunks.txt')));
    expect(decoded.text).toBe('');
    expect(decoded.finish).toMatchObject({ finishReason: 'content-filter', rawFinishReason: 'refusal' });
    expect(decoded.usage).toEqual({ inputTokens: 18, outputTokens: 5, cachedTokens: 0 });
  });
});

describe('Anthropic stream decoder on edge cases', () => {
  const start = {
    type: 'message_start',
    message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 5, output_tokens: 1 } },
  };
  const finish = (reason: string) => ({
    type: 'message_delta',
    delta: { stop_reason: reason, stop_sequence: null },
    usage: { output_tokens: 9 },
  });

  it('counts cache reads and writes into input tokens, and reports the reads as cached', () => {
    const decoded = summariseCanonical(
      decodeEvents([
        {
          type: 'message_start',
          message: {
            id: 'msg_1',
            model: 'claude-x',
            usage: {
              input_tokens: 5,
              cache_read_input_tokens: 100,
              cache_creation_input_tokens: 20,
              output_tokens: 1,
            },
          },
        },
        finish('end_turn'),
        { type: 'message_stop' },
      ]),
    );
    expect(decoded.usage).toEqual({ inputTokens: 125, outputTokens: 9, cachedTokens: 100 });
  });

  it('numbers parallel tool calls 0, 1 even when a text block comes first', () => {
    const events = decodeEvents([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_a', name: 'a', input: {} },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":1}' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'toolu_b', name: 'b', input: {} },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"y":' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '2}' } },
      { type: 'content_block_stop', index: 2 },
      finish('tool_use'),
      { type: 'message_stop' },
    ]);
    expect(events.filter((event) => event.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'toolu_a', name: 'a' },
      { type: 'tool-call-start', index: 1, id: 'toolu_b', name: 'b' },
    ]);
    const decoded = summariseCanonical(events);
    expect(decoded.toolCalls.map((call) => JSON.parse(call.arguments))).toEqual([{ x: 1 }, { y: 2 }]);
    expect(decoded.finish?.finishReason).toBe('tool-calls');
  });

  it('maps every Anthropic stop reason and keeps the raw one', () => {
    const table = {
      end_turn: 'stop',
      stop_sequence: 'stop',
      max_tokens: 'length',
      model_context_window_exceeded: 'length',
      tool_use: 'tool-calls',
      refusal: 'content-filter',
      pause_turn: 'other',
      something_new: 'other',
    };
    for (const [raw, expected] of Object.entries(table)) {
      const decoded = summariseCanonical(decodeEvents([start, finish(raw), { type: 'message_stop' }]));
      expect(decoded.finish).toMatchObject({ finishReason: expected, rawFinishReason: raw });
    }
  });

  it('passes the stop sequence that ended the answer', () => {
    const events = decodeEvents([
      start,
      {
        type: 'message_delta',
        delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' },
        usage: { output_tokens: 3 },
      },
      { type: 'message_stop' },
    ]);
    expect(summariseCanonical(events).finish).toMatchObject({ finishReason: 'stop', stopSequence: 'END' });
  });

  it('turns an upstream error event into an error with the status its type implies', () => {
    const decoder = new AnthropicStreamDecoder();
    decoder.decode({ event: 'message_start', data: JSON.stringify(start) });
    const events = decoder.decode({
      event: 'error',
      data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    });
    expect(events).toEqual([{ type: 'error', message: 'Overloaded', status: 529 }]);
    expect(decoder.end()).toEqual([]);
  });

  it('reports a malformed chunk once and nothing after it', () => {
    const decoder = new AnthropicStreamDecoder();
    expect(decoder.decode({ event: 'message_start', data: '{"type":"message_st' })).toEqual([
      { type: 'error', message: 'Upstream sent a malformed stream chunk' },
    ]);
    expect(decoder.decode({ event: 'message_start', data: JSON.stringify(start) })).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('reports a stream cut before the stop reason arrived', () => {
    const lines = readChunkLines('anthropic-text.chunks.txt').slice(0, 5);
    expect(decodeLines(lines).at(-1)).toEqual({ type: 'error', message: 'Upstream stream ended early' });
  });

  it('ignores pings, empty deltas and block types it does not know', () => {
    const events = decodeEvents([
      start,
      { type: 'ping' },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 's', name: 'web_search' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'citations_delta', citation: {} } },
      { type: 'content_block_stop', index: 1 },
      finish('end_turn'),
      { type: 'message_stop' },
    ]);
    expect(events.map((event) => event.type)).toEqual(['start', 'usage', 'usage', 'finish']);
  });
});
