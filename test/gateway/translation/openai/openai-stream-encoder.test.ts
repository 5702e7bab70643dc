import OpenAI, { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../../src/gateway/canonical/chat-model';
import { openAiInbound } from '../../../../src/gateway/inbound/openai/openai-inbound';
import { createOpenAiStreamEncoder } from '../../../../src/gateway/inbound/openai/openai-stream-encoder';

function encode(events: StreamEvent[], includeUsage = true): string {
  const encoder = createOpenAiStreamEncoder('anthropic/claude-sonnet-4-5', { includeUsage });
  return events.map((event) => encoder.encode(event)).join('') + encoder.end();
}

/** The `data:` payloads of an SSE text, as a client would split them. */
function payloads(sse: string): string[] {
  return sse
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      return block.slice('data: '.length);
    });
}

function sdkAnswering(sse: string): OpenAI {
  return new OpenAI({
    apiKey: 'test-key',
    baseURL: 'http://gatehouse.test/v1',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
}

// A turn as the Anthropic decoder might produce it: reasoning, text, then a tool call whose index is the
// content block's (2), not the call's position.
const anthropicTurn: StreamEvent[] = [
  { type: 'start', id: 'msg_01ABC', model: 'claude-sonnet-4-5' },
  { type: 'usage', usage: { inputTokens: 25, outputTokens: 1, cachedTokens: 10 } },
  { type: 'reasoning-delta', text: 'Checking the weather.', signature: 'sig' },
  { type: 'text-delta', text: 'Let me look' },
  { type: 'text-delta', text: '' },
  { type: 'text-delta', text: ' that up.' },
  { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' },
  { type: 'usage', usage: { inputTokens: null, outputTokens: 40, cachedTokens: null } },
];

describe('OpenAI stream encoder', () => {
  it('writes chunks the openai SDK assembles into the same answer', async () => {
    const stream = sdkAnswering(encode(anthropicTurn)).chat.completions.stream({
      model: 'anthropic/claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const final = await stream.finalChatCompletion();

    expect(final.id).toBe('chatcmpl-msg_01ABC');
    expect(final.model).toBe('anthropic/claude-sonnet-4-5');
    expect(final.choices[0]!.message).toMatchObject({
      role: 'assistant',
      content: 'Let me look that up.',
      tool_calls: [
        { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      ],
    });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.usage).toEqual({
      prompt_tokens: 25,
      completion_tokens: 40,
      total_tokens: 65,
      prompt_tokens_details: { cached_tokens: 10 },
    });
    // The first chunk names the role; the usage-only chunk comes last; all share one id and created.
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(new Set(chunks.map((chunk) => `${chunk.id}/${chunk.created}`)).size).toBe(1);
    const reasoning = chunks.map(
      (chunk) => (chunk.choices[0]?.delta as { reasoning_content?: string })?.reasoning_content,
    );
    expect(reasoning.filter(Boolean)).toEqual(['Checking the weather.']);
  });

  it('ends with [DONE], and leaves the usage chunk out when the caller did not ask for it', () => {
    const events: StreamEvent[] = [
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 1, cachedTokens: null } },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'end_turn' },
    ];
    const without = payloads(encode(events, false));
    expect(without.at(-1)).toBe('[DONE]');
    expect(without.slice(0, -1).some((data) => 'usage' in JSON.parse(data))).toBe(false);
    const withUsage = payloads(encode(events, true));
    expect(JSON.parse(withUsage.at(-2)!)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    });
  });

  it('maps finish reasons, and says tool_calls when a provider ended a turn with calls as a plain stop', () => {
    const finish = (
      finishReason: 'stop' | 'length' | 'content-filter' | 'error' | 'other',
      calls = false,
    ) => {
      const events: StreamEvent[] = calls ? [{ type: 'tool-call-start', index: 0, id: 'c', name: 'f' }] : [];
      events.push({ type: 'finish', finishReason, rawFinishReason: null });
      const chunks = payloads(encode(events, false)).slice(0, -1);
      return (JSON.parse(chunks.at(-1)!) as { choices: Array<{ finish_reason: string }> }).choices[0]!
        .finish_reason;
    };
    expect(
      ['stop', 'length', 'content-filter', 'error', 'other'].map((reason) => finish(reason as 'stop')),
    ).toEqual(['stop', 'length', 'content_filter', 'stop', 'stop']);
    expect(finish('stop', true)).toBe('tool_calls');
  });

  it('sends an error event as an OpenAI error chunk, which the SDK throws', async () => {
    const sse = encode([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text-delta', text: 'Hel' },
      { type: 'error', message: 'Upstream anthropic: Overloaded', status: 529 },
    ]);
    expect(JSON.parse(payloads(sse)[2]!)).toEqual({
      error: {
        message: 'Upstream anthropic: Overloaded',
        type: 'api_error',
        param: null,
        code: 'upstream_error',
      },
    });
    const stream = await sdkAnswering(sse).chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const read = async () => {
      for await (const chunk of stream) void chunk;
    };
    await expect(read()).rejects.toBeInstanceOf(APIError);
  });

  it('is the inbound format the routes use, with the usage chunk on by default', () => {
    expect(openAiInbound.name).toBe('openai');
    const encoder = openAiInbound.createStreamEncoder('m');
    encoder.encode({ type: 'start', id: 'x', model: 'm' });
    expect(payloads(encoder.end()).map((data) => (data === '[DONE]' ? data : 'usage'))).toEqual([
      'usage',
      '[DONE]',
    ]);
  });
});
