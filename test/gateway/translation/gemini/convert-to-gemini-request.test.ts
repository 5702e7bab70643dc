import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/gateway/errors/gateway-error';
import {
  convertToGeminiRequest,
  SKIP_THOUGHT_SIGNATURE,
} from '../../../../src/gateway/providers/gemini/convert-to-gemini-request';
import { decodeGeminiResponse } from '../../../../src/gateway/providers/gemini/gemini-response-decoder';
import { chatRequest, readJson, user, weatherTool } from './gemini-fixtures';

describe('convertToGeminiRequest: messages', () => {
  it('sends system text as systemInstruction and roles as user/model', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        system: ['Be brief.', 'Answer in French.'],
        messages: [
          user('Hi'),
          { role: 'assistant', content: [{ type: 'text', text: 'Bonjour' }], toolCalls: [] },
          user('Ça va ?'),
        ],
      }),
    );
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Bonjour' }] },
      { role: 'user', parts: [{ text: 'Ça va ?' }] },
    ]);
    expect(body.generationConfig).toBeUndefined();
  });

  it('merges neighbours with the same role so turns alternate', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          user('one'),
          user('two'),
          { role: 'assistant', content: [{ type: 'text', text: 'a' }], toolCalls: [] },
          { role: 'assistant', content: [{ type: 'text', text: 'b' }], toolCalls: [] },
        ],
      }),
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'a' }, { text: 'b' }] },
    ]);
  });

  it('round-trips tool calls: call → functionCall, results → one user turn of named functionResponses', () => {
    const request = chatRequest({
      tools: [weatherTool, { name: 'time', parameters: { type: 'object', properties: {} } }],
      messages: [
        user('Weather and time in Paris?'),
        {
          role: 'assistant',
          content: [],
          toolCalls: [
            { id: 'call_1', name: 'weather', arguments: '{"location":"Paris"}' },
            { id: 'call_2', name: 'time', arguments: '{}' },
          ],
        },
        {
          role: 'tool',
          toolCallId: 'call_1',
          content: [{ type: 'text', text: '{"celsius":18,"sky":"clear"}' }],
        },
        { role: 'tool', toolCallId: 'call_2', content: [{ type: 'text', text: '14:05' }] },
        user('Thanks! And tomorrow?'),
      ],
    });
    const body = convertToGeminiRequest(request);
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time in Paris?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { location: 'Paris' } } },
          { functionCall: { name: 'time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { result: { celsius: 18, sky: 'clear' } } } },
          { functionResponse: { name: 'time', response: { content: '14:05' } } },
          { text: 'Thanks! And tomorrow?' },
        ],
      },
    ]);
    expect(request.warnings).toEqual([]);
  });

  it('sends a failed tool result under "error"', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          user('Weather?'),
          { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'weather', arguments: '{}' }] },
          { role: 'tool', toolCallId: 'c', isError: true, content: [{ type: 'text', text: 'timeout' }] },
        ],
      }),
    );
    expect(body.contents[2]!.parts).toEqual([
      { functionResponse: { name: 'weather', response: { error: 'timeout' } } },
    ]);
  });

  it('refuses a tool result for an unknown call and arguments that are not JSON', () => {
    const unknown = chatRequest({
      messages: [
        user('x'),
        { role: 'tool', toolCallId: 'call_nope', content: [{ type: 'text', text: 'r' }] },
      ],
    });
    expect(() => convertToGeminiRequest(unknown)).toThrow(/call_nope/);
    const badJson = chatRequest({
      messages: [
        user('x'),
        { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"a":' }] },
      ],
    });
    let error: unknown;
    try {
      convertToGeminiRequest(badJson);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ statusCode: 400, code: 'invalid_request' });
    expect((error as Error).message).toContain('"weather"');
  });

  it('sends a decoded Gemini tool call back with its thought signature on the functionCall', () => {
    const body = readJson('google-tool-call.json') as {
      candidates: { content: { parts: { thoughtSignature: string }[] } }[];
    };
    const signature = body.candidates[0]!.content.parts[0]!.thoughtSignature;
    const answer = decodeGeminiResponse(body);
    const request = chatRequest({
      model: 'gemini-3-pro-preview',
      tools: [weatherTool],
      messages: [
        user('Weather in San Francisco?'),
        { role: 'assistant', content: answer.content, toolCalls: answer.toolCalls },
        {
          role: 'tool',
          toolCallId: answer.toolCalls[0]!.id,
          content: [{ type: 'text', text: 'Foggy, 15°C' }],
        },
      ],
    });
    const converted = convertToGeminiRequest(request);
    expect(converted.contents.slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'weather', args: { location: 'San Francisco' } },
            thoughtSignature: signature,
          },
        ],
      },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'weather', response: { content: 'Foggy, 15°C' } } }],
      },
    ]);
    expect(request.warnings).toEqual([]);
  });

  it('puts a signature on the text after it, keeps a trailing one, and drops unsigned reasoning', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          user('q'),
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'private musing' },
              { type: 'reasoning', text: '', signature: 'sig-a' },
              { type: 'text', text: 'Answer' },
              { type: 'reasoning', text: '', signature: 'sig-b' },
            ],
            toolCalls: [],
          },
        ],
      }),
    );
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'Answer', thoughtSignature: 'sig-a' },
        { text: '', thoughtSignature: 'sig-b' },
      ],
    });
  });

  it('gives Gemini 3 the documented placeholder when a replayed call has no signature', () => {
    const request = chatRequest({
      model: 'gemini-3-flash-preview',
      messages: [
        user('q'),
        {
          role: 'assistant',
          content: [],
          toolCalls: [
            { id: 'a', name: 'weather', arguments: '{}' },
            { id: 'b', name: 'weather', arguments: '{}' },
          ],
        },
      ],
    });
    const body = convertToGeminiRequest(request);
    expect(body.contents[1]!.parts).toEqual([
      { functionCall: { name: 'weather', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { name: 'weather', args: {} } },
    ]);
    expect(request.warnings).toHaveLength(1);
  });

  it('sends images inline or by URL, guessing the URL type and warning that Gemini must reach it', () => {
    const request = chatRequest({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/webp;base64,UklGRg==' } },
            { type: 'image', source: { kind: 'url', url: 'gs://bucket/photos/cat.PNG' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/image?id=7' } },
          ],
        },
      ],
    });
    const body = convertToGeminiRequest(request);
    expect(body.contents[0]!.parts).toEqual([
      { text: 'Compare' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { inlineData: { mimeType: 'image/webp', data: 'UklGRg==' } },
      { fileData: { mimeType: 'image/png', fileUri: 'gs://bucket/photos/cat.PNG' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/image?id=7' } },
    ]);
    expect(request.warnings).toHaveLength(1);
    expect(request.warnings[0]).toMatch(/gs:\/\/.*public https/);
  });
});
