import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/gateway/errors/gateway-error';
import { encodeOpenAiResponse } from '../../../../src/gateway/inbound/openai/encode-openai-response';
import { decodeOpenAiResponse } from '../../../../src/gateway/providers/openai-compatible/openai-response-decoder';
import type { ChatResponse } from '../../../../src/gateway/canonical/chat-model';

const WIRE = path.resolve(__dirname, '../../../../../shared/fixtures/provider-wire');
const fixtures = [
  ...fs
    .readdirSync(path.join(WIRE, 'openai-compatible'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => `openai-compatible/${name}`),
  'openai/chat-openai-text.json',
];

interface WireCompletion {
  choices: Array<{
    message: {
      content?: string | null;
      reasoning_content?: string;
      tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> | null;
    };
    finish_reason: string;
  }>;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    prompt_tokens_details?: { cached_tokens?: number };
  };
}

function readJson(fixture: string): WireCompletion {
  return JSON.parse(fs.readFileSync(path.join(WIRE, fixture), 'utf8')) as WireCompletion;
}

function text(response: ChatResponse, type: 'text' | 'reasoning'): string {
  return response.content.map((part) => (part.type === type ? part.text : '')).join('');
}

function sdkAnswering(body: unknown): OpenAI {
  return new OpenAI({
    apiKey: 'test-key',
    baseURL: 'http://gatehouse.test/v1',
    maxRetries: 0,
    fetch: async () =>
      new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
  });
}

describe('OpenAI-compatible response decoder on captured bodies', () => {
  for (const fixture of fixtures) {
    it(`${fixture}: content, tool calls, finish and usage match the body, and the SDK reads it back`, async () => {
      const wire = readJson(fixture);
      const choice = wire.choices[0]!;
      const decoded = decodeOpenAiResponse(wire);

      expect(text(decoded, 'text')).toBe(choice.message.content ?? '');
      expect(text(decoded, 'reasoning')).toBe(choice.message.reasoning_content ?? '');
      const expectedCalls = (choice.message.tool_calls ?? []).map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: JSON.parse(call.function.arguments) as unknown,
      }));
      expect(decoded.toolCalls.map((call) => ({ ...call, arguments: JSON.parse(call.arguments) }))).toEqual(
        expectedCalls,
      );
      expect(decoded.rawFinishReason).toBe(choice.finish_reason);
      expect(decoded.usage.inputTokens).toBe(wire.usage.prompt_tokens);
      expect(decoded.usage.cachedTokens).toBe(wire.usage.prompt_tokens_details?.cached_tokens ?? null);

      const completion = await sdkAnswering(
        encodeOpenAiResponse(decoded, 'caller/model'),
      ).chat.completions.create({
        model: 'caller/model',
        messages: [{ role: 'user', content: 'replay' }],
      });
      const message = completion.choices[0]!.message;
      expect(completion.model).toBe('caller/model');
      expect(completion.id).toMatch(/^chatcmpl-/);
      expect(message.content ?? '').toBe(choice.message.content ?? '');
      expect(
        (message.tool_calls ?? []).map((call) =>
          call.type === 'function'
            ? { id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) }
            : null,
        ),
      ).toEqual(expectedCalls);
      expect(completion.choices[0]!.finish_reason).toBe(choice.finish_reason);
      expect(completion.usage).toMatchObject({
        prompt_tokens: decoded.usage.inputTokens,
        completion_tokens: decoded.usage.outputTokens,
      });
    });
  }

  it('groq-tool-call: one call to `weather` with no arguments and no text', () => {
    const decoded = decodeOpenAiResponse(readJson('openai-compatible/groq-tool-call.json'));
    expect(decoded.content).toEqual([]);
    expect(decoded.toolCalls).toEqual([{ id: 'ax9fskhev', name: 'weather', arguments: '{}' }]);
    expect(decoded).toMatchObject({ finishReason: 'tool-calls', rawFinishReason: 'tool_calls' });
    expect(decoded.usage).toEqual({ inputTokens: 218, outputTokens: 15, cachedTokens: null });
  });

  it('mistral-tool-call: a call without `type` still decodes', () => {
    const decoded = decodeOpenAiResponse(readJson('openai-compatible/mistral-tool-call.json'));
    expect(decoded.toolCalls).toEqual([
      { id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' },
    ]);
    expect(decoded.usage).toEqual({ inputTokens: 124, outputTokens: 22, cachedTokens: null });
  });

  it('deepseek-tool-call: reasoning first, empty content left out; the SDK sees reasoning_content', async () => {
    const decoded = decodeOpenAiResponse(readJson('openai-compatible/deepseek-tool-call.json'));
    expect(decoded.content).toHaveLength(1);
    expect(decoded.content[0]).toMatchObject({ type: 'reasoning' });
    // DeepSeek reports 48 reasoning tokens inside the 92 completion tokens (total 431 = 339 + 92).
    expect(decoded.usage).toEqual({ inputTokens: 339, outputTokens: 92, cachedTokens: 320 });
    const body = encodeOpenAiResponse(decoded, 'deepseek/deepseek-reasoner') as {
      choices: Array<{ message: Record<string, unknown> }>;
    };
    expect(body.choices[0]!.message).toMatchObject({ content: null, reasoning_content: expect.any(String) });
  });

  it('turns a refusal into text', () => {
    const decoded = decodeOpenAiResponse({
      id: 'x',
      model: 'm',
      choices: [
        { message: { role: 'assistant', content: null, refusal: 'I cannot help' }, finish_reason: 'stop' },
      ],
    });
    expect(decoded.content).toEqual([{ type: 'text', text: 'I cannot help' }]);
  });

  it('refuses a body with no choices, and passes an error body on as an upstream error', () => {
    const malformed = (() => {
      try {
        decodeOpenAiResponse({ id: 'x', choices: [] });
      } catch (error) {
        return error;
      }
    })() as GatewayError;
    expect(malformed).toBeInstanceOf(GatewayError);
    expect(malformed).toMatchObject({ code: 'upstream_invalid_response', statusCode: 502 });

    const legacy = JSON.parse(
      fs.readFileSync(path.join(WIRE, 'openai/chat-reasoning-model-legacy-parameter-error.json'), 'utf8'),
    ) as unknown;
    expect(() => decodeOpenAiResponse(legacy)).toThrow(/max_tokens' is not supported with this model/);
  });
});
