import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/gateway/errors/gateway-error';
import { anthropicAdapter } from '../../../../src/gateway/providers/anthropic/anthropic-adapter';
import { anthropicFixtures, readJsonFixture } from './anthropic-test-helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- captured wire data is untyped JSON */

const fixtures = anthropicFixtures('.json');

describe('Anthropic response decoder on captured messages', () => {
  it('has every captured Anthropic message', () => {
    expect(fixtures).toEqual([
      'anthropic-clear-thinking.1.json',
      'anthropic-json-tool.1.json',
      'anthropic-refusal.json',
      'anthropic-text.json',
    ]);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: content in order, tool calls, stop reason and usage`, () => {
      const body = readJsonFixture(fixture);
      const response = anthropicAdapter.decodeResponse(body);
      const blocks: any[] = body.content;
      expect(response.id).toBe(body.id);
      expect(response.model).toBe(body.model);
      expect(response.content).toEqual(
        blocks
          .filter((block) => block.type === 'text' || block.type === 'thinking')
          .map((block) =>
            block.type === 'text'
              ? { type: 'text', text: block.text }
              : { type: 'reasoning', text: block.thinking, signature: block.signature },
          ),
      );
      expect(
        response.toolCalls.map((call) => ({
          id: call.id,
          name: call.name,
          input: JSON.parse(call.arguments),
        })),
      ).toEqual(
        blocks
          .filter((block) => block.type === 'tool_use')
          .map((block) => ({ id: block.id, name: block.name, input: block.input })),
      );
      expect(response.rawFinishReason).toBe(body.stop_reason);
      expect(response.usage).toEqual({
        inputTokens:
          body.usage.input_tokens +
          body.usage.cache_read_input_tokens +
          body.usage.cache_creation_input_tokens,
        outputTokens: body.usage.output_tokens,
        cachedTokens: body.usage.cache_read_input_tokens,
      });
    });
  }

  it('anthropic-json-tool.1: the json tool with four cities, tool_use → tool-calls', () => {
    const response = anthropicAdapter.decodeResponse(readJsonFixture('anthropic-json-tool.1.json'));
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]!.name).toBe('json');
    const input = JSON.parse(response.toolCalls[0]!.arguments);
    expect(input.elements.map((element: { location: string }) => element.location)).toEqual([
      'San Francisco',
      'London',
      'Paris',
      'Berlin',
    ]);
    expect(input.elements[3]).toEqual({ location: 'Berlin', temperature: -9, condition: 'snowy' });
    expect(response.finishReason).toBe('tool-calls');
    expect(response.usage).toEqual({ inputTokens: 1151, outputTokens: 87, cachedTokens: 0 });
  });

  it('anthropic-clear-thinking.1: signed reasoning before the answer', () => {
    const response = anthropicAdapter.decodeResponse(readJsonFixture('anthropic-clear-thinking.1.json'));
    expect(response.content[0]).toMatchObject({ type: 'reasoning', text: '925 divided by 5 = 185' });
    expect((response.content[0] as { signature: string }).signature).toMatch(/^Er4BCkYI/);
    expect(response.content[1]).toEqual({ type: 'text', text: '925 ÷ 5 = 185' });
    expect(response.finishReason).toBe('stop');
  });

  it('anthropic-refusal: empty content, content-filter', () => {
    const response = anthropicAdapter.decodeResponse(readJsonFixture('anthropic-refusal.json'));
    expect(response.content).toEqual([]);
    expect(response.finishReason).toBe('content-filter');
    expect(response.stopSequence).toBeNull();
  });

  it('keeps redacted thinking, with its payload as the signature, and separates cache reads', () => {
    const response = anthropicAdapter.decodeResponse({
      id: 'msg_1',
      type: 'message',
      model: 'claude-x',
      content: [
        { type: 'redacted_thinking', data: 'ENCRYPTED' },
        { type: 'text', text: 'Done.' },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
      ],
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
      usage: {
        input_tokens: 10,
        cache_read_input_tokens: 200,
        cache_creation_input_tokens: 30,
        output_tokens: 4,
      },
    });
    expect(response.content).toEqual([
      { type: 'reasoning', text: '', signature: 'ENCRYPTED', redacted: true },
      { type: 'text', text: 'Done.' },
    ]);
    expect(response.stopSequence).toBe('###');
    expect(response.usage).toEqual({ inputTokens: 240, outputTokens: 4, cachedTokens: 200 });
  });

  it('refuses a body that is not an Anthropic message', () => {
    for (const body of [null, 'text', { error: { message: 'no' } }]) {
      let caught: unknown;
      try {
        anthropicAdapter.decodeResponse(body);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GatewayError);
      expect(caught).toMatchObject({ code: 'upstream_invalid_response', statusCode: 502 });
    }
  });
});
