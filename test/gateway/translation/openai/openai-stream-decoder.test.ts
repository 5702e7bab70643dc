import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../../src/gateway/canonical/chat-model';
import { createOpenAiStreamEncoder } from '../../../../src/gateway/inbound/openai/openai-stream-encoder';
import { createOpenAiStreamDecoder } from '../../../../src/gateway/providers/openai-compatible/openai-stream-decoder';

const WIRE = path.resolve(__dirname, '../../../../../shared/fixtures/provider-wire');
const fixtures = [
  ...fs
    .readdirSync(path.join(WIRE, 'openai-compatible'))
    .filter((name) => name.endsWith('.chunks.txt'))
    .map((name) => `openai-compatible/${name}`),
  ...fs
    .readdirSync(path.join(WIRE, 'openai'))
    .filter((name) => /^chat-.*\.chunks\.txt$/.test(name))
    .map((name) => `openai/${name}`),
];

interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  prompt_cache_hit_tokens?: number;
}
interface WireChunk {
  choices?: Array<{
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: Array<{ index?: number; id?: string; function?: { name?: string; arguments?: string } }>;
    };
    finish_reason?: string | null;
  }>;
  usage?: WireUsage | null;
}

interface Reduced {
  text: string;
  reasoning: string;
  toolCalls: Array<{ name: string; arguments: unknown }>;
  finish: string | null;
  usage: WireUsage | null;
}

/** What the fixture's chunks add up to, read straight off the wire JSON (independent of the decoder). */
function reduceChunks(chunks: WireChunk[]): Reduced {
  const result: Reduced = { text: '', reasoning: '', toolCalls: [], finish: null, usage: null };
  const calls: Array<{ name: string; arguments: string }> = [];
  for (const chunk of chunks) {
    if (chunk.usage) result.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      result.text += choice.delta?.content ?? '';
      result.reasoning += choice.delta?.reasoning_content ?? choice.delta?.reasoning ?? '';
      for (const call of choice.delta?.tool_calls ?? []) {
        // Mistral sends each call whole, without an index.
        const index = call.index ?? calls.length;
        const entry = (calls[index] ??= { name: '', arguments: '' });
        entry.name ||= call.function?.name ?? '';
        entry.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) result.finish = choice.finish_reason;
    }
  }
  result.toolCalls = calls.map((call) => ({ name: call.name, arguments: JSON.parse(call.arguments) }));
  return result;
}

function readChunks(fixture: string): string[] {
  return fs
    .readFileSync(path.join(WIRE, fixture), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

function decodeLines(lines: string[]): StreamEvent[] {
  const decoder = createOpenAiStreamDecoder();
  return [...lines.flatMap((line) => decoder.decode({ data: line })), ...decoder.end()];
}

/** What the canonical events add up to. */
function reduceEvents(events: StreamEvent[]) {
  const result = {
    text: '',
    reasoning: '',
    calls: [] as Array<{ id: string; name: string; arguments: string }>,
    finish: [] as Array<Extract<StreamEvent, { type: 'finish' }>>,
    usage: { inputTokens: null, outputTokens: null, cachedTokens: null } as Record<string, number | null>,
    errors: events.filter((event) => event.type === 'error'),
  };
  for (const event of events) {
    if (event.type === 'text-delta') result.text += event.text;
    if (event.type === 'reasoning-delta') result.reasoning += event.text;
    if (event.type === 'tool-call-start') result.calls[event.index] = { ...event, arguments: '' };
    if (event.type === 'tool-call-delta') result.calls[event.index]!.arguments += event.argumentsDelta;
    if (event.type === 'finish') result.finish.push(event);
    if (event.type === 'usage') {
      for (const [key, value] of Object.entries(event.usage)) if (value !== null) result.usage[key] = value;
    }
  }
  return result;
}

// xAI reports reasoning beside completion_tokens (2 + 340 reasoning = 354 total - 12 prompt); it is
// billed as output, so output tokens include it.
const OUTPUT_TOKENS: Record<string, number> = { 'openai-compatible/xai-text.chunks.txt': 342 };
const CANONICAL_FINISH: Record<string, string> = { stop: 'stop', length: 'length', tool_calls: 'tool-calls' };

function expectedUsage(fixture: string, usage: WireUsage | null) {
  return {
    inputTokens: usage?.prompt_tokens ?? null,
    outputTokens: OUTPUT_TOKENS[fixture] ?? usage?.completion_tokens ?? null,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? usage?.prompt_cache_hit_tokens ?? null,
  };
}

/** An openai SDK client whose every call is answered with `body`. */
function sdkAnswering(body: string): OpenAI {
  return new OpenAI({
    apiKey: 'test-key',
    baseURL: 'http://gatehouse.test/v1',
    maxRetries: 0,
    fetch: async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
}

describe('OpenAI-compatible stream decoder on captured provider streams', () => {
  it('has every fixture to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: text, reasoning, tool calls, finish and usage match the wire`, () => {
      const lines = readChunks(fixture);
      const expected = reduceChunks(lines.map((line) => JSON.parse(line) as WireChunk));
      const events = decodeLines(lines);
      const got = reduceEvents(events);

      expect(got.errors).toEqual([]);
      expect(events[0]?.type).toBe('start');
      expect(events.filter((event) => event.type === 'start')).toHaveLength(1);
      expect(got.text).toBe(expected.text);
      expect(got.reasoning).toBe(expected.reasoning);
      expect(got.calls.map((call) => ({ name: call.name, arguments: JSON.parse(call.arguments) }))).toEqual(
        expected.toolCalls,
      );
      expect(got.finish).toHaveLength(1);
      expect(got.finish[0]!.rawFinishReason).toBe(expected.finish);
      expect(got.finish[0]!.finishReason).toBe(CANONICAL_FINISH[expected.finish!]);
      expect(got.usage).toEqual(expectedUsage(fixture, expected.usage));
    });

    it(`${fixture}: decoded and re-encoded, the openai SDK reads the same answer`, async () => {
      const lines = readChunks(fixture);
      const expected = reduceChunks(lines.map((line) => JSON.parse(line) as WireChunk));
      const encoder = createOpenAiStreamEncoder('gatehouse-test-model', { includeUsage: true });
      const sse =
        decodeLines(lines)
          .map((event) => encoder.encode(event))
          .join('') + encoder.end();

      const stream = sdkAnswering(sse).chat.completions.stream({
        model: 'gatehouse-test-model',
        messages: [{ role: 'user', content: 'replay' }],
      });
      const chunks: WireChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk as WireChunk);
      const final = await stream.finalChatCompletion();
      const reduced = reduceChunks(chunks);

      expect(reduced.text).toBe(expected.text);
      expect(reduced.reasoning).toBe(expected.reasoning);
      expect(reduced.toolCalls).toEqual(expected.toolCalls);
      const message = final.choices[0]!.message;
      expect(message.content ?? '').toBe(expected.text);
      expect(
        (message.tool_calls ?? []).map((call) =>
          call.type === 'function'
            ? { name: call.function.name, arguments: JSON.parse(call.function.arguments) }
            : null,
        ),
      ).toEqual(expected.toolCalls);
      expect(final.choices[0]!.finish_reason).toBe(expected.finish);
      const usage = expectedUsage(fixture, expected.usage);
      expect(final.usage).toMatchObject({
        prompt_tokens: usage.inputTokens,
        completion_tokens: usage.outputTokens,
      });
      expect(final.usage?.prompt_tokens_details?.cached_tokens).toBe(usage.cachedTokens ?? undefined);
      // Every chunk shares the id of the upstream answer.
      expect(new Set(chunks.map((chunk) => (chunk as { id: string }).id)).size).toBe(1);
    });
  }

  it('groq-tool-call: one call to `weather` with no arguments', () => {
    const got = reduceEvents(decodeLines(readChunks('openai-compatible/groq-tool-call.chunks.txt')));
    expect(got.calls).toEqual([
      { type: 'tool-call-start', index: 0, id: 'tk85n1k4m', name: 'weather', arguments: '{}' },
    ]);
    expect(got.finish[0]).toMatchObject({ finishReason: 'tool-calls', rawFinishReason: 'tool_calls' });
    expect(got.usage).toEqual({ inputTokens: 210, outputTokens: 15, cachedTokens: null });
  });

  it('mistral-tool-call: a whole call without an index becomes start + one delta', () => {
    const events = decodeLines(readChunks('openai-compatible/mistral-tool-call.chunks.txt'));
    expect(events.map((event) => event.type)).toEqual([
      'start',
      'tool-call-start',
      'tool-call-delta',
      'usage',
      'finish',
    ]);
    const got = reduceEvents(events);
    expect(got.calls[0]).toMatchObject({ id: 'gSIMJiOkT', name: 'weather' });
    expect(JSON.parse(got.calls[0]!.arguments)).toEqual({ location: 'San Francisco' });
    expect(got.usage).toEqual({ inputTokens: 124, outputTokens: 22, cachedTokens: null });
  });

  it('deepseek-tool-call: reasoning, then a streamed call, cached tokens from the usage chunk', () => {
    const got = reduceEvents(decodeLines(readChunks('openai-compatible/deepseek-tool-call.chunks.txt')));
    expect(got.reasoning).toMatch(/^The user is asking for the weather in San Francisco/);
    expect(got.text).toBe('');
    expect(got.calls).toHaveLength(1);
    expect(got.calls[0]!.name).toBe('weather');
    expect(JSON.parse(got.calls[0]!.arguments)).toEqual({ location: 'San Francisco' });
    expect(got.usage).toEqual({ inputTokens: 339, outputTokens: 83, cachedTokens: 320 });
  });

  it('deepseek-text: cut off at the token limit', () => {
    const got = reduceEvents(decodeLines(readChunks('openai-compatible/deepseek-text.chunks.txt')));
    expect(got.finish[0]).toMatchObject({ finishReason: 'length', rawFinishReason: 'length' });
    expect(got.usage).toEqual({ inputTokens: 13, outputTokens: 400, cachedTokens: 0 });
  });

  it('mistral-text and azure model router: literal text, and the start waits for a real id', () => {
    expect(reduceEvents(decodeLines(readChunks('openai-compatible/mistral-text.chunks.txt'))).text).toBe(
      'Hello, world! This is a test response.',
    );
    const azure = decodeLines(readChunks('openai/chat-azure-model-router.1.chunks.txt'));
    expect(azure[0]).toEqual({
      type: 'start',
      id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt',
      model: 'gpt-5-nano-2025-08-07',
    });
    expect(reduceEvents(azure).text).toBe('Capital of Denmark.');
    expect(reduceEvents(azure).usage).toEqual({ inputTokens: 15, outputTokens: 78, cachedTokens: 0 });
  });

  it('xai-text: reasoning_content becomes reasoning; output tokens include the reasoning', () => {
    const got = reduceEvents(decodeLines(readChunks('openai-compatible/xai-text.chunks.txt')));
    expect(got.text).toBe('Grok');
    expect(got.reasoning).toMatch(/^First, the user said: "Say a single word/);
    expect(got.usage).toEqual({ inputTokens: 12, outputTokens: 342, cachedTokens: 11 });
  });
});
