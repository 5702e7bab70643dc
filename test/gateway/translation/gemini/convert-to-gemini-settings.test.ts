import { describe, expect, it } from 'vitest';
import { convertToGeminiRequest } from '../../../../src/gateway/providers/gemini/convert-to-gemini-request';
import { geminiAdapter } from '../../../../src/gateway/providers/gemini/gemini-adapter';
import type { GatewayProvider } from '../../../../src/gateway/providers/provider-registry';
import { PROVIDER_PRESETS } from '../../../../src/gateway/providers/provider-presets';
import { chatRequest, weatherTool } from './gemini-fixtures';

describe('convertToGeminiRequest: tools and settings', () => {
  it('declares tools in Gemini’s schema subset and warns once about what it removed', () => {
    const request = chatRequest({
      tools: [
        {
          name: 'search',
          description: 'Search the catalog',
          parameters: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            additionalProperties: false,
            properties: {
              query: { type: 'string', minLength: 1 },
              filter: { $ref: '#/definitions/Filter', description: 'Optional filter' },
              limit: { type: ['integer', 'null'], exclusiveMinimum: 0 },
              sort: { anyOf: [{ type: 'string', enum: ['asc', 'desc'] }, { type: 'null' }] },
              kind: { const: 'product' },
            },
            required: ['query'],
            definitions: {
              Filter: {
                type: 'object',
                additionalProperties: false,
                properties: { tag: { type: 'string' } },
              },
            },
          },
        },
        { name: 'ping', parameters: { type: 'object', properties: {}, additionalProperties: false } },
      ],
      toolChoice: 'required',
    });
    const body = convertToGeminiRequest(request);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'search',
            description: 'Search the catalog',
            parameters: {
              type: 'object',
              properties: {
                query: { type: 'string', minLength: 1 },
                filter: {
                  type: 'object',
                  properties: { tag: { type: 'string' } },
                  description: 'Optional filter',
                },
                limit: { type: 'integer', nullable: true },
                sort: { type: 'string', enum: ['asc', 'desc'], nullable: true },
                kind: { enum: ['product'] },
              },
              required: ['query'],
            },
          },
          // Gemini refuses an object schema without properties, so a tool without arguments sends none.
          { name: 'ping' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(request.warnings).toEqual([
      'Gemini does not support these JSON Schema keywords; they were removed from the schema: additionalProperties, exclusiveMinimum',
    ]);
  });

  it('stops at a recursive $ref instead of looping', () => {
    const request = chatRequest({
      tools: [
        {
          name: 'tree',
          parameters: {
            type: 'object',
            properties: { root: { $ref: '#/$defs/Node' } },
            $defs: {
              Node: {
                type: 'object',
                properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
              },
            },
          },
        },
      ],
    });
    const body = convertToGeminiRequest(request);
    expect(body.tools![0]!.functionDeclarations[0]!.parameters).toEqual({
      type: 'object',
      properties: {
        root: { type: 'object', properties: { children: { type: 'array', items: {} } } },
      },
    });
    expect(request.warnings[0]).toMatch(/\$ref/);
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [{ name: 'weather' }, { mode: 'ANY', allowedFunctionNames: ['weather'] }],
  ] as const)('tool choice %j → %j', (toolChoice, expected) => {
    const body = convertToGeminiRequest(chatRequest({ tools: [weatherTool], toolChoice }));
    expect(body.toolConfig).toEqual({ functionCallingConfig: expected });
  });

  it('maps sampling settings onto generationConfig', () => {
    const request = chatRequest({
      maxTokens: 512,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ['END', '###'],
      reasoning: { budgetTokens: 2048 },
      user: 'user-42',
    });
    const body = convertToGeminiRequest(request);
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 512,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END', '###'],
      thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    });
    // Gemini has no end-user field, and the id changes nothing in the answer.
    expect(JSON.stringify(body)).not.toContain('user-42');
    expect(request.warnings).toEqual([]);
  });

  it.each([
    ['minimal', 1024],
    ['low', 1024],
    ['medium', 8192],
    ['high', 24576],
  ] as const)('reasoning effort %s → thinking budget %d', (effort, budget) => {
    const body = convertToGeminiRequest(chatRequest({ reasoning: { effort } }));
    expect(body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: budget, includeThoughts: true });
  });

  it('turns thinking off for a zero budget without asking for thoughts', () => {
    const body = convertToGeminiRequest(chatRequest({ reasoning: { budgetTokens: 0 } }));
    expect(body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 0 });
  });

  it('asks for JSON, with the schema for json_schema', () => {
    expect(
      convertToGeminiRequest(chatRequest({ responseFormat: { type: 'json_object' } })).generationConfig,
    ).toEqual({
      responseMimeType: 'application/json',
    });
    expect(
      convertToGeminiRequest(chatRequest({ responseFormat: { type: 'text' } })).generationConfig,
    ).toBeUndefined();
    const request = chatRequest({
      responseFormat: {
        type: 'json_schema',
        name: 'answer',
        strict: true,
        schema: {
          type: 'object',
          properties: { answer: { type: 'string' } },
          required: ['answer'],
          additionalProperties: false,
        },
      },
    });
    expect(convertToGeminiRequest(request).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
    });
    expect(request.warnings).toHaveLength(1);
  });

  it('warns that parallel tool calls cannot be turned off', () => {
    const request = chatRequest({ tools: [weatherTool], parallelToolCalls: false });
    convertToGeminiRequest(request);
    expect(request.warnings).toEqual([expect.stringMatching(/parallel/)]);
  });
});

describe('geminiAdapter.buildRequest', () => {
  const provider: GatewayProvider = {
    id: 'gemini',
    type: 'gemini',
    preset: PROVIDER_PRESETS.gemini,
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    apiKeyRef: null,
    enabled: true,
    options: {},
  };

  it('calls generateContent, or streamGenerateContent as SSE, with the key in a header', () => {
    const plain = geminiAdapter.buildRequest(provider, chatRequest(), 'AIza-test');
    expect(plain.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(plain.headers).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'AIza-test' });
    expect(JSON.parse(plain.body)).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] });

    const streamed = geminiAdapter.buildRequest(
      provider,
      chatRequest({ model: 'models/gemini-2.5-pro', stream: true }),
      undefined,
    );
    expect(streamed.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
    expect(streamed.headers).toEqual({ 'content-type': 'application/json' });
    expect(geminiAdapter.buildRequest(provider, chatRequest({ model: 'a b/c' }), undefined).url).toContain(
      '/models/a%20b%2Fc:',
    );
  });
});
