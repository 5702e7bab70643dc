import { describe, expect, it } from 'vitest';
import { encodeError, GatewayError } from '../../../../src/gateway/errors/gateway-error';
import { anthropicInbound } from '../../../../src/gateway/inbound/anthropic/anthropic-inbound';

const PNG = 'iVBORw0KGgo=';

function decode(body: Record<string, unknown>) {
  return anthropicInbound.decodeRequest(body, 'gpt-4o-mini');
}

function rejection(body: Record<string, unknown>): GatewayError {
  try {
    decode(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

const hello = [{ role: 'user', content: 'Hello' }];

describe('Anthropic request validation', () => {
  it('requires max_tokens, as Anthropic does, with an Anthropic-shaped 400', () => {
    const error = rejection({ model: 'openai/gpt-4o-mini', messages: hello });
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('max_tokens');
    expect(encodeError('anthropic', error)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: '"max_tokens" is required' },
    });
  });

  it('names the field that is wrong', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ max_tokens: 0, messages: hello }, 'max_tokens'],
      [{ max_tokens: 10, messages: [] }, 'messages'],
      [{ max_tokens: 10, messages: [{ role: 'robot', content: 'x' }] }, 'messages.0.role'],
      [
        { max_tokens: 10, messages: [...hello, { role: 'assistant', content: [{ text: 'x' }] }] },
        'messages.1.content.0.type',
      ],
      [
        { max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] },
        'messages.0.content.0.text',
      ],
      [
        {
          max_tokens: 10,
          messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: PNG } }] }],
        },
        'messages.0.content.0.source.media_type',
      ],
      [
        {
          max_tokens: 10,
          messages: [{ role: 'user', content: [{ type: 'tool_use', id: 't', name: 'n', input: {} }] }],
        },
        'messages.0.content.0.type',
      ],
      [{ max_tokens: 10, messages: hello, tools: [{ name: 'x' }] }, 'tools.0.input_schema'],
      [{ max_tokens: 10, messages: hello, tool_choice: { type: 'maybe' } }, 'tool_choice.type'],
      [{ max_tokens: 10, messages: hello, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
      [{ max_tokens: 10, messages: hello, temperature: 'hot' }, 'temperature'],
      [{ max_tokens: 10, messages: hello, stop_sequences: 'END' }, 'stop_sequences'],
      [{ max_tokens: 10, messages: hello, system: [{ type: 'image' }] }, 'system.0.type'],
      [{ max_tokens: 10, messages: hello, thinking: { type: 'enabled' } }, 'thinking.budget_tokens'],
    ];
    for (const [body, field] of cases) {
      const error = rejection(body);
      expect(error.statusCode).toBe(400);
      expect(error.param).toBe(field);
      expect(error.message).toContain(field);
    }
  });
});

describe('Anthropic request mapping', () => {
  it('maps a full conversation: system, images, thinking, tool use, tool results, settings', () => {
    const request = decode({
      model: 'openai/gpt-4o-mini',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Use metric units.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in these two?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/b.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Two lookups.', signature: 'SIG' },
            { type: 'redacted_thinking', data: 'SECRET' },
            { type: 'text', text: 'Looking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'weather', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18 C' },
            { type: 'text', text: 'And be quick.' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              is_error: true,
              content: [
                { type: 'text', text: 'No city given' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              ],
            },
          ],
        },
      ],
      tools: [
        {
          name: 'weather',
          description: 'Current weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      thinking: { type: 'enabled', budget_tokens: 2048 },
      metadata: { user_id: 'user-42' },
      stream: true,
    });

    expect(request).toMatchObject({
      model: 'gpt-4o-mini',
      system: ['You are terse.', 'Use metric units.'],
      maxTokens: 1024,
      toolChoice: 'required',
      parallelToolCalls: false,
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      stop: ['END'],
      reasoning: { budgetTokens: 2048 },
      user: 'user-42',
      stream: true,
    });
    expect(request.tools).toEqual([
      {
        name: 'weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ]);
    expect(request.warnings).toEqual([
      'tools.1: server tool "web_search_20250305" is not supported when translating; dropped',
    ]);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in these two?' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/b.jpg' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two lookups.', signature: 'SIG' },
          { type: 'reasoning', text: '', signature: 'SECRET', redacted: true },
          { type: 'text', text: 'Looking.' },
        ],
        toolCalls: [
          { id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
          { id: 'toolu_2', name: 'weather', arguments: '{}' },
        ],
      },
      // Each tool result is its own tool message, in order, ahead of the rest of that user turn.
      { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: '18 C' }] },
      {
        role: 'tool',
        toolCallId: 'toolu_2',
        isError: true,
        content: [
          { type: 'text', text: 'No city given' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG } },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And be quick.' }] },
    ]);
  });

  it('a turn of only tool results becomes only tool messages', () => {
    const request = decode({
      max_tokens: 10,
      messages: [
        ...hello,
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'now', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] },
      ],
    });
    expect(request.messages.at(-1)).toEqual({ role: 'tool', toolCallId: 'toolu_1', content: [] });
    expect(request.messages).toHaveLength(3);
  });

  it('maps each tool_choice type', () => {
    const choices: Array<[Record<string, unknown>, unknown, boolean | undefined]> = [
      [{ type: 'auto' }, 'auto', undefined],
      [{ type: 'any' }, 'required', undefined],
      [{ type: 'none' }, 'none', undefined],
      [{ type: 'tool', name: 'weather', disable_parallel_tool_use: true }, { name: 'weather' }, false],
    ];
    for (const [toolChoice, expected, parallel] of choices) {
      const request = decode({ max_tokens: 10, messages: hello, tool_choice: toolChoice });
      expect(request.toolChoice).toEqual(expected);
      expect(request.parallelToolCalls).toBe(parallel);
    }
  });

  it('drops what has no canonical form with a warning, never failing', () => {
    const request = decode({
      max_tokens: 10,
      system: 'Be kind.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'A memo' } },
            { type: 'image', source: { type: 'file', file_id: 'file_1' } },
            { type: 'text', text: 'Summarise.' },
          ],
        },
      ],
      thinking: { type: 'adaptive' },
      service_tier: 'auto',
      cache_control: { type: 'ephemeral' },
    });
    expect(request.system).toEqual(['Be kind.']);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Summarise.' }] }]);
    expect(request.reasoning).toBeUndefined();
    expect(request.warnings).toEqual([
      'thinking type "adaptive" has no equivalent when translating; ignored',
      'messages.0.content.0: "document" blocks are not supported when translating; dropped',
      'messages.0.content.1.source: "file" image sources are not supported when translating; dropped',
      '"service_tier" is not supported when translating; ignored',
    ]);
  });

  it('reads output_config: effort and a structured output schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const request = decode({
      max_tokens: 10,
      messages: hello,
      output_config: { effort: 'medium', format: { type: 'json_schema', schema } },
    });
    expect(request.reasoning).toEqual({ effort: 'medium' });
    expect(request.responseFormat).toEqual({ type: 'json_schema', name: 'response', schema, strict: true });
  });

  it('defaults: no stream, empty lists', () => {
    const request = decode({ max_tokens: 10, messages: hello });
    expect(request).toMatchObject({ stream: false, system: [], tools: [], stop: [], warnings: [] });
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
  });
});
