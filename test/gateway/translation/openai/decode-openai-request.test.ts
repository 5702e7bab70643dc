import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/gateway/errors/gateway-error';
import { decodeOpenAiRequest } from '../../../../src/gateway/inbound/openai/decode-openai-request';
import { convertToOpenAiRequest } from '../../../../src/gateway/providers/openai-compatible/convert-to-openai-request';

function rejection(body: Record<string, unknown>): GatewayError {
  try {
    decodeOpenAiRequest(body, 'model');
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

const hello = [{ role: 'user', content: 'Hello' }];

describe('OpenAI request decoder', () => {
  it('refuses a body without messages with a 400 naming the field', () => {
    const error = rejection({ model: 'openai/gpt-4o' });
    expect(error).toMatchObject({ statusCode: 400, code: 'invalid_request', param: 'messages' });
    expect(error.message).toContain('"messages"');
  });

  it('names the message whose role is wrong', () => {
    const error = rejection({ messages: [...hello, hello[0], { role: 'robot', content: 'x' }] });
    expect(error.message).toBe(
      '"messages[2].role" must be one of system, developer, user, assistant, tool, function',
    );
    expect(error.param).toBe('messages');
  });

  it('names other malformed fields', () => {
    expect(rejection({ messages: [{ role: 'tool', content: 'x' }] }).message).toContain(
      'messages[0].tool_call_id',
    );
    expect(rejection({ messages: hello, max_tokens: 0 }).param).toBe('max_tokens');
    expect(rejection({ messages: hello, temperature: 'hot' }).message).toBe('"temperature" must be a number');
    expect(rejection({ messages: hello, stop: [1] }).param).toBe('stop');
    expect(rejection({ messages: hello, tool_choice: 'sometimes' }).param).toBe('tool_choice');
    expect(rejection({ messages: hello, response_format: { type: 'json_schema' } }).message).toContain(
      'json_schema.name',
    );
    const image = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }];
    expect(rejection({ messages: image }).message).toContain('messages[0].content[0].image_url.url');
  });

  it('maps system and developer messages, text parts and images', () => {
    const request = decodeOpenAiRequest(
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'developer',
            content: [
              { type: 'text', text: 'Use metric' },
              { type: 'text', text: 'units.' },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
              { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
            ],
          },
        ],
      },
      'gpt-4o',
    );
    expect(request.model).toBe('gpt-4o');
    expect(request.system).toEqual(['Be brief.', 'Use metric\nunits.']);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
    expect(request.warnings).toEqual(['content part type input_audio is not supported and was dropped']);
  });

  it('maps the sampling, tool and format settings', () => {
    const request = decodeOpenAiRequest(
      {
        messages: hello,
        tools: [
          {
            type: 'function',
            function: { name: 'weather', description: 'Weather', parameters: { type: 'object' } },
          },
          { type: 'function', function: { name: 'now' } },
        ],
        tool_choice: { type: 'function', function: { name: 'weather' } },
        parallel_tool_calls: false,
        max_tokens: 100,
        max_completion_tokens: 200,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
        },
        reasoning_effort: 'low',
        user: 'user-42',
        stream: true,
      },
      'm',
    );
    expect(request).toMatchObject({
      tools: [
        { name: 'weather', description: 'Weather', parameters: { type: 'object' } },
        { name: 'now', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: { name: 'weather' },
      parallelToolCalls: false,
      maxTokens: 200,
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'low' },
      user: 'user-42',
      stream: true,
      warnings: [],
    });
  });

  it('warns about each parameter that only the same-format fast path honours', () => {
    const request = decodeOpenAiRequest(
      {
        messages: hello,
        n: 2,
        logprobs: true,
        logit_bias: { '50256': -100 },
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: 0.5,
        audio: { voice: 'alloy', format: 'wav' },
        modalities: ['text', 'audio'],
        prediction: { type: 'content', content: 'x' },
      },
      'm',
    );
    expect(request.warnings.map((warning) => warning.split('"')[1])).toEqual([
      'n',
      'logprobs',
      'logit_bias',
      'seed',
      'presence_penalty',
      'frequency_penalty',
      'audio',
      'modalities',
      'prediction',
    ]);
    // Defaults that change nothing are not worth a warning.
    expect(decodeOpenAiRequest({ messages: hello, n: 1, presence_penalty: 0 }, 'm').warnings).toEqual([]);
  });

  it('round-trips a tool conversation, with reasoning history and the legacy function role', () => {
    const messages = [
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Need the tool.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '18°C' }] },
      { role: 'function', name: 'weather', content: 'sunny' },
    ];
    const request = decodeOpenAiRequest({ messages }, 'm');
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [{ type: 'reasoning', text: 'Need the tool.' }],
        toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '18°C' }] },
      { role: 'tool', toolCallId: 'weather', content: [{ type: 'text', text: 'sunny' }] },
    ]);
    expect(request.warnings).toEqual(['The "function" role is deprecated; it was sent as a tool result']);

    // Back out to an OpenAI-compatible provider: reasoning is provider-private and is not sent back.
    const body = convertToOpenAiRequest(request);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
      { role: 'tool', tool_call_id: 'weather', content: 'sunny' },
    ]);
  });

  it('accepts the legacy functions/function_call parameters as tools', () => {
    const request = decodeOpenAiRequest(
      {
        messages: hello,
        functions: [{ name: 'f', parameters: { type: 'object' } }],
        function_call: { name: 'f' },
      },
      'm',
    );
    expect(request.tools).toEqual([{ name: 'f', parameters: { type: 'object' } }]);
    expect(request.toolChoice).toEqual({ name: 'f' });
  });

  it('treats null as "not set", as OpenAI does', () => {
    const request = decodeOpenAiRequest(
      {
        messages: hello,
        temperature: null,
        stop: null,
        tools: null,
        response_format: null,
        max_tokens: null,
      },
      'm',
    );
    expect(request).toMatchObject({ stop: [], tools: [], warnings: [] });
    expect(request.temperature).toBeUndefined();
    expect(request.maxTokens).toBeUndefined();
  });
});
