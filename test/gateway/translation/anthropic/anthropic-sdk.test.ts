import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatResponse, StreamEvent } from '../../../../src/gateway/canonical/chat-model';
import { anthropicInbound } from '../../../../src/gateway/inbound/anthropic/anthropic-inbound';
import { anthropicAdapter } from '../../../../src/gateway/providers/anthropic/anthropic-adapter';
import {
  AnthropicEndpoint,
  anthropicFixtures,
  decodeLines,
  parseSse,
  readChunkLines,
  readJsonFixture,
  summariseAnthropicStream,
} from './anthropic-test-helpers';

const MODEL = 'anthropic/claude-sonnet-4-5';

function encodeStream(events: StreamEvent[]): string {
  const encoder = anthropicInbound.createStreamEncoder(MODEL);
  return events.map((event) => encoder.encode(event)).join('') + encoder.end();
}

/** Every content_block_start is closed by its content_block_stop before the next block starts. */
function expectSequentialBlocks(sse: string): void {
  let open: number | null = null;
  let next = 0;
  for (const { data } of parseSse(sse)) {
    if (data.type === 'content_block_start') {
      expect(open).toBeNull();
      expect(data.index).toBe(next++);
      open = data.index;
    }
    if (data.type === 'content_block_delta') expect(data.index).toBe(open);
    if (data.type === 'content_block_stop') {
      expect(data.index).toBe(open);
      open = null;
    }
  }
  expect(open).toBeNull();
}

describe('Anthropic encoders, as parsed by the official @anthropic-ai/sdk', () => {
  let endpoint: AnthropicEndpoint;
  beforeAll(async () => {
    endpoint = await new AnthropicEndpoint().start();
  });
  afterAll(async () => endpoint.stop());

  const streamParams = {
    model: MODEL,
    max_tokens: 1024,
    messages: [{ role: 'user' as const, content: 'Hi' }],
  };

  async function finalMessage(sse: string): Promise<Anthropic.Message> {
    endpoint.serveStream(sse);
    return endpoint.client.messages.stream(streamParams).finalMessage();
  }

  for (const fixture of anthropicFixtures('.chunks.txt')) {
    it(`${fixture}: fixture → decoder → encoder → SDK keeps text, thinking, tool input, stop reason, usage`, async () => {
      const lines = readChunkLines(fixture);
      const wire = summariseAnthropicStream(lines.map((line) => JSON.parse(line)));
      const sse = encodeStream(decodeLines(lines));
      expectSequentialBlocks(sse);
      // message_start already carries the input tokens, as Anthropic's own does.
      const messageStart = parseSse(sse)[0]!.data;
      expect(messageStart.type).toBe('message_start');
      expect(messageStart.message.usage.input_tokens).toBe(JSON.parse(lines[0]!).message.usage.input_tokens);
      // The encoder always reports cache reads, as Anthropic itself does; this capture left them out.
      expect(summariseAnthropicStream(parseSse(sse).map((event) => event.data))).toEqual({
        ...wire,
        usage: { cache_read_input_tokens: 0, ...wire.usage },
      });

      const message = await finalMessage(sse);
      const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      expect(text).toBe(wire.text);
      const thinking = message.content.flatMap((block) => (block.type === 'thinking' ? [block] : []));
      expect(thinking.map((block) => block.thinking).join('')).toBe(wire.thinking);
      if (wire.signature) expect(thinking.at(-1)?.signature).toBe(wire.signature);
      expect(
        message.content.flatMap((block) =>
          block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : [],
        ),
      ).toEqual(wire.tools);
      expect(message.stop_reason).toBe(wire.stopReason);
      expect(message.model).toBe(MODEL);
      expect(message.id).toBe(JSON.parse(lines[0]!).message.id);
      expect(message.usage.output_tokens).toBe(wire.usage.output_tokens);
      expect(message.usage.input_tokens).toBe(wire.usage.input_tokens);
    });
  }

  it('anthropic-json-tool.1 through the SDK: the json tool with San Francisco, stopped for tool use', async () => {
    const message = await finalMessage(
      encodeStream(decodeLines(readChunkLines('anthropic-json-tool.1.chunks.txt'))),
    );
    expect(message.content).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA',
        name: 'json',
        input: { elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] },
      },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(47);
  });

  it('an OpenAI-style stream: no start, interleaved parallel calls, usage after the finish', async () => {
    const events: StreamEvent[] = [
      { type: 'reasoning-delta', text: 'Two cities.' },
      { type: 'text-delta', text: 'Checking both.' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"ci' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ty":"Paris"}' },
      { type: 'tool-call-start', index: 2, id: 'call_c', name: 'clock' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"Oslo"}' },
      { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 40 } },
    ];
    const sse = encodeStream(events);
    expectSequentialBlocks(sse);
    const message = await finalMessage(sse);
    expect(message.id).toMatch(/^msg_/);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Two cities.', signature: '' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_c', name: 'clock', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    // Anthropic counts cache reads beside input_tokens; canonical counts them inside.
    expect(message.usage).toMatchObject({ input_tokens: 60, cache_read_input_tokens: 40, output_tokens: 20 });
  });

  it('in-order parallel calls stream live, one block after the other', async () => {
    const events: StreamEvent[] = [
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'a' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"n":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '1}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'b' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"n":2}' },
      { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_calls' },
    ];
    const encoder = anthropicInbound.createStreamEncoder(MODEL);
    // The second call's block opens as soon as it starts: the first call's arguments are complete JSON.
    const outputs = events.map((event) => encoder.encode(event));
    expect(parseSse(outputs[4]!).map((event) => event.data.type)).toEqual([
      'content_block_stop',
      'content_block_start',
    ]);
    const message = await finalMessage(outputs.join('') + encoder.end());
    expect(message.id).toBe('msg_chatcmpl-1');
    expect(message.content.map((block) => block.type === 'tool_use' && block.input)).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
  });

  it('a stop sequence, a signed thinking block, and a stream that ended without a finish', async () => {
    const stopped = await finalMessage(
      encodeStream([
        { type: 'start', id: 'msg_1', model: 'x' },
        { type: 'reasoning-delta', text: 'Hmm.' },
        { type: 'reasoning-delta', text: '', signature: 'SIG' },
        { type: 'text-delta', text: 'Done' },
        { type: 'finish', finishReason: 'stop', rawFinishReason: 'stop', stopSequence: 'END' },
      ]),
    );
    expect(stopped.content).toEqual([
      { type: 'thinking', thinking: 'Hmm.', signature: 'SIG' },
      { type: 'text', text: 'Done' },
    ]);
    expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });

    const unfinished = await finalMessage(encodeStream([{ type: 'text-delta', text: 'cut' }]));
    expect(unfinished).toMatchObject({ stop_reason: 'end_turn', content: [{ type: 'text', text: 'cut' }] });
  });

  it('an upstream error mid-stream reaches the SDK as an Anthropic error event', async () => {
    const encoder = anthropicInbound.createStreamEncoder(MODEL);
    const sse =
      encoder.encode({ type: 'text-delta', text: 'partial' }) +
      encoder.encode({ type: 'error', message: 'Overloaded', status: 529 }) +
      encoder.encode({ type: 'text-delta', text: 'ignored' }) +
      encoder.end();
    expect(sse.match(/^event: error$/gm)).toHaveLength(1);
    expect(sse).not.toContain('message_stop');
    const failure = await finalMessage(sse).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  for (const fixture of anthropicFixtures('.json')) {
    it(`${fixture}: decodeResponse → encodeResponse → SDK messages.create returns the same message`, async () => {
      const body = readJsonFixture(fixture);
      endpoint.serveJson(anthropicInbound.encodeResponse(anthropicAdapter.decodeResponse(body), MODEL));
      const message = await endpoint.client.messages.create(streamParams);
      expect(message.id).toBe(body.id);
      expect(message.model).toBe(MODEL);
      expect(message.content).toEqual(body.content);
      expect(message.stop_reason).toBe(body.stop_reason);
      expect(message.stop_sequence ?? null).toBe(body.stop_sequence ?? null);
      expect(message.usage).toEqual({
        input_tokens: body.usage.input_tokens,
        output_tokens: body.usage.output_tokens,
        cache_read_input_tokens: body.usage.cache_read_input_tokens,
        cache_creation_input_tokens: 0,
      });
    });
  }

  it('encodeResponse from another provider: msg_ id, cache split, garbled tool input as {}', async () => {
    const response: ChatResponse = {
      id: 'chatcmpl-9',
      model: 'gpt-4o',
      content: [
        { type: 'reasoning', text: 'plan' },
        { type: 'text', text: '' },
        { type: 'text', text: 'Calling tools.' },
      ],
      toolCalls: [
        { id: 'call_1', name: 'ok', arguments: '{"a":[1,2]}' },
        { id: 'call_2', name: 'broken', arguments: '{"a":' },
      ],
      finishReason: 'tool-calls',
      rawFinishReason: 'tool_calls',
      usage: { inputTokens: 1000, outputTokens: 50, cachedTokens: 800 },
    };
    endpoint.serveJson(anthropicInbound.encodeResponse(response, MODEL));
    const message = await endpoint.client.messages.create(streamParams);
    expect(message).toMatchObject({
      id: 'msg_chatcmpl-9',
      type: 'message',
      role: 'assistant',
      model: MODEL,
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 200,
        output_tokens: 50,
        cache_read_input_tokens: 800,
        cache_creation_input_tokens: 0,
      },
    });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'plan', signature: '' },
      { type: 'text', text: 'Calling tools.' },
      { type: 'tool_use', id: 'call_1', name: 'ok', input: { a: [1, 2] } },
      { type: 'tool_use', id: 'call_2', name: 'broken', input: {} },
    ]);
  });

  it('maps canonical finish reasons to Anthropic stop reasons', () => {
    const base: ChatResponse = {
      id: 'x',
      model: 'm',
      content: [],
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: null,
      usage: { inputTokens: null, outputTokens: null, cachedTokens: null },
    };
    const cases: Array<[Partial<ChatResponse>, string]> = [
      [{ finishReason: 'stop', rawFinishReason: 'STOP' }, 'end_turn'],
      [{ finishReason: 'stop', stopSequence: '###' }, 'stop_sequence'],
      [{ finishReason: 'length', rawFinishReason: 'length' }, 'max_tokens'],
      [
        { finishReason: 'length', rawFinishReason: 'model_context_window_exceeded' },
        'model_context_window_exceeded',
      ],
      [{ finishReason: 'tool-calls' }, 'tool_use'],
      [{ finishReason: 'content-filter', rawFinishReason: 'SAFETY' }, 'refusal'],
      [{ finishReason: 'other', rawFinishReason: 'pause_turn' }, 'pause_turn'],
      [{ finishReason: 'error' }, 'end_turn'],
    ];
    for (const [overrides, expected] of cases) {
      expect(anthropicInbound.encodeResponse({ ...base, ...overrides }, 'm').stop_reason).toBe(expected);
    }
  });
});
