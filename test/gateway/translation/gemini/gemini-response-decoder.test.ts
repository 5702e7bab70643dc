import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/gateway/errors/gateway-error';
import {
  geminiErrorMessage,
  geminiRetryAfterSeconds,
} from '../../../../src/gateway/providers/gemini/gemini-error';
import { decodeGeminiResponse } from '../../../../src/gateway/providers/gemini/gemini-response-decoder';
import { mapGeminiFinishReason } from '../../../../src/gateway/providers/gemini/map-gemini-finish-reason';
import { fixtureNames, readJson } from './gemini-fixtures';

interface WireBody {
  responseId: string;
  candidates: { content: { parts: { text?: string; thoughtSignature?: string }[] } }[];
}

describe('Gemini response decoder: captured responses', () => {
  it('has every captured Gemini body to decode', () => {
    expect(fixtureNames('.json')).toEqual([
      'google-429-retry-info.json',
      'google-reasoning.json',
      'google-text.json',
      'google-tool-call.json',
    ]);
  });

  it('google-text.json: text with its signature kept just before it', () => {
    const body = readJson('google-text.json') as WireBody;
    const part = body.candidates[0]!.content.parts[0]!;
    expect(decodeGeminiResponse(body)).toEqual({
      id: 'Un6LacrVMcjUxs0PmJfWoQc',
      model: 'gemini-3-pro-preview',
      content: [
        { type: 'reasoning', text: '', signature: part.thoughtSignature },
        {
          type: 'text',
          text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
        },
      ],
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 9, outputTokens: 28 + 244, cachedTokens: 0 },
    });
  });

  it('google-reasoning.json: text, stop, thinking counted as output', () => {
    const response = decodeGeminiResponse(readJson('google-reasoning.json'));
    expect(response.content.filter((part) => part.type === 'text')).toEqual([
      {
        type: 'text',
        text: 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.',
      },
    ]);
    expect(response.finishReason).toBe('stop');
    expect(response.usage).toEqual({ inputTokens: 9, outputTokens: 29 + 282, cachedTokens: 0 });
    expect(response.id).toBe('YH6LaZT7ENmPxN8P-r2J8Aw');
  });

  it('google-tool-call.json: one weather call, STOP read as tool-calls', () => {
    const body = readJson('google-tool-call.json') as WireBody;
    const response = decodeGeminiResponse(body);
    expect(response.toolCalls).toEqual([
      { id: 'call_m36LaZGyCLz1xs0PtNSB-QU_0', name: 'weather', arguments: expect.any(String) },
    ]);
    expect(JSON.parse(response.toolCalls[0]!.arguments)).toEqual({ location: 'San Francisco' });
    expect(response.content).toEqual([
      { type: 'reasoning', text: '', signature: body.candidates[0]!.content.parts[0]!.thoughtSignature },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.rawFinishReason).toBe('STOP');
    expect(response.usage).toEqual({ inputTokens: 29, outputTokens: 15 + 893, cachedTokens: 0 });
  });

  it('google-429-retry-info.json: the message and a Retry-After of 35 s (34.4 s rounded up)', () => {
    const body = readJson('google-429-retry-info.json');
    expect(geminiErrorMessage(body)).toBe('You exceeded your current quota, please check your plan.');
    expect(geminiRetryAfterSeconds(body)).toBe(35);
    // An error body is never mistaken for an answer.
    expect(() => decodeGeminiResponse(body)).toThrow(GatewayError);
  });
});

describe('Gemini response decoder: other responses', () => {
  it('decodes thought parts, parallel calls and a call without arguments', () => {
    const response = decodeGeminiResponse({
      responseId: 'r9',
      modelVersion: 'gemini-2.5-flash',
      candidates: [
        {
          content: {
            parts: [
              { text: 'Two lookups needed.', thought: true },
              { text: 'Checking.' },
              { functionCall: { name: 'lookup', args: { q: 'a' } }, thoughtSignature: 's1' },
              { functionCall: { name: 'now' } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 50, cachedContentTokenCount: 32, candidatesTokenCount: 10 },
    });
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Two lookups needed.' },
      { type: 'text', text: 'Checking.' },
      { type: 'reasoning', text: '', signature: 's1' },
    ]);
    expect(response.toolCalls).toEqual([
      { id: 'call_r9_0', name: 'lookup', arguments: '{"q":"a"}' },
      { id: 'call_r9_1', name: 'now', arguments: '{}' },
    ]);
    expect(response.usage).toEqual({ inputTokens: 50, outputTokens: 10, cachedTokens: 32 });
  });

  it('reads a blocked prompt as content-filter with no content', () => {
    const response = decodeGeminiResponse({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 7 },
      responseId: 'blocked',
    });
    expect(response).toMatchObject({
      content: [],
      toolCalls: [],
      finishReason: 'content-filter',
      rawFinishReason: 'SAFETY',
      usage: { inputTokens: 7, outputTokens: 0, cachedTokens: 0 },
    });
  });

  it('refuses a body that is not an answer', () => {
    expect(() => decodeGeminiResponse('nope')).toThrow(/not a JSON object/);
    expect(() => decodeGeminiResponse({ usageMetadata: {} })).toThrow(/without candidates/);
  });
});

describe('Gemini finish reasons', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool-calls'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content-filter'],
    ['RECITATION', false, 'content-filter'],
    ['BLOCKLIST', false, 'content-filter'],
    ['PROHIBITED_CONTENT', false, 'content-filter'],
    ['SPII', false, 'content-filter'],
    ['IMAGE_SAFETY', false, 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'error'],
    ['FINISH_REASON_UNSPECIFIED', false, 'other'],
    ['OTHER', false, 'other'],
    ['LANGUAGE', false, 'other'],
    ['SOMETHING_NEW', false, 'other'],
  ] as const)('%s (tool call seen: %s) → %s', (raw, sawToolCall, expected) => {
    expect(mapGeminiFinishReason(raw, sawToolCall)).toBe(expected);
  });
});

describe('Gemini error helpers', () => {
  it('handles bodies without the details', () => {
    expect(geminiErrorMessage({ error: { code: 400, message: 'API key not valid.' } })).toBe(
      'API key not valid.',
    );
    expect(geminiErrorMessage([{ error: { message: 'wrapped' } }])).toBe('wrapped');
    expect(geminiErrorMessage('<html>')).toBeNull();
    expect(geminiRetryAfterSeconds({ error: { message: 'x' } })).toBeNull();
    expect(
      geminiRetryAfterSeconds({
        error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }] },
      }),
    ).toBe(2);
  });
});
