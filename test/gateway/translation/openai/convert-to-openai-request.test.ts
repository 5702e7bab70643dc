import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/gateway/canonical/chat-model';
import { convertToOpenAiRequest } from '../../../../src/gateway/providers/openai-compatible/convert-to-openai-request';
import {
  AZURE_DEFAULT_API_VERSION,
  azureOpenAiAdapter,
  openAiAdapter,
} from '../../../../src/gateway/providers/openai-compatible/openai-adapter';
import { PROVIDER_PRESETS } from '../../../../src/gateway/providers/provider-presets';
import type { GatewayProvider } from '../../../../src/gateway/providers/provider-registry';

function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'gpt-4o-mini',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    tools: [],
    stop: [],
    stream: false,
    warnings: [],
    ...overrides,
  };
}

function provider(type: GatewayProvider['type'], baseUrl: string, options = {}): GatewayProvider {
  return { id: type, type, preset: PROVIDER_PRESETS[type], baseUrl, apiKeyRef: null, enabled: true, options };
}

describe('canonical request → OpenAI chat-completions body', () => {
  it('maps an Anthropic-style conversation: system blocks, images, reasoning history, tool results', () => {
    const request = chatRequest({
      system: ['You are terse.', 'Answer in French.'],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'private', signature: 'sig' },
            { type: 'text', text: 'A cat. Checking breed.' },
          ],
          toolCalls: [{ id: 'toolu_1', name: 'breed', arguments: '{"animal":"cat"}' }],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'tabby' }], isError: true },
      ],
    });
    const body = convertToOpenAiRequest(request);
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'system', content: 'Answer in French.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        ],
      },
      {
        role: 'assistant',
        content: 'A cat. Checking breed.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'breed', arguments: '{"animal":"cat"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'tabby' },
    ]);
    // Reasoning is dropped quietly; the error flag has nowhere to go and is reported.
    expect(request.warnings).toEqual([
      'OpenAI-compatible providers have no error flag on tool results; the result was sent as plain text',
    ]);
  });

  it('maps settings, and warns about top_k and a token budget without an effort', () => {
    const request = chatRequest({
      tools: [{ name: 'weather', description: 'Weather', parameters: { type: 'object', properties: {} } }],
      toolChoice: { name: 'weather' },
      parallelToolCalls: true,
      maxTokens: 256,
      temperature: 0.5,
      topP: 0.8,
      topK: 40,
      stop: ['\n\n'],
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      reasoning: { budgetTokens: 2048 },
      user: 'u-1',
      stream: true,
    });
    expect(convertToOpenAiRequest(request)).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Weather',
            parameters: { type: 'object', properties: {} },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: true,
      max_tokens: 256,
      temperature: 0.5,
      top_p: 0.8,
      stop: ['\n\n'],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      user: 'u-1',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(request.warnings).toEqual([
      'top_k is not supported by OpenAI-compatible providers',
      'A reasoning budget in tokens is not supported by OpenAI-compatible providers (they take reasoning_effort); it was ignored',
    ]);
    expect(
      convertToOpenAiRequest(chatRequest({ reasoning: { effort: 'high', budgetTokens: 1 } })),
    ).toMatchObject({
      reasoning_effort: 'high',
    });
  });
});

describe('OpenAI and Azure adapters', () => {
  it('posts to <baseUrl>/chat/completions with a bearer key, and max_completion_tokens for OpenAI itself', () => {
    const call = openAiAdapter.buildRequest(
      provider('openai', 'https://api.openai.com/v1'),
      chatRequest({ maxTokens: 10 }),
      'sk-test',
    );
    expect(call.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(call.headers).toMatchObject({
      authorization: 'Bearer sk-test',
      'content-type': 'application/json',
    });
    expect(JSON.parse(call.body)).toMatchObject({ model: 'gpt-4o-mini', max_completion_tokens: 10 });

    const groq = openAiAdapter.buildRequest(
      provider('groq', 'https://api.groq.com/openai/v1'),
      chatRequest({ maxTokens: 10, stream: true }),
      'gsk',
    );
    expect(JSON.parse(groq.body)).toMatchObject({ max_tokens: 10, stream: true });
    expect(groq.headers.accept).toBe('text/event-stream');

    const ollama = openAiAdapter.buildRequest(
      provider('ollama', 'http://127.0.0.1:11434/v1'),
      chatRequest(),
      undefined,
    );
    expect(ollama.headers.authorization).toBeUndefined();
  });

  it('posts to the deployment URL with api-key, defaulting the api-version', () => {
    const azure = provider('azure-openai', 'https://contoso.openai.azure.com');
    const call = azureOpenAiAdapter.buildRequest(azure, chatRequest({ model: 'my gpt-4o' }), 'azure-key');
    expect(call.url).toBe(
      `https://contoso.openai.azure.com/openai/deployments/my%20gpt-4o/chat/completions?api-version=${AZURE_DEFAULT_API_VERSION}`,
    );
    expect(AZURE_DEFAULT_API_VERSION).toBe('2024-10-21');
    expect(call.headers['api-key']).toBe('azure-key');
    expect(call.headers.authorization).toBeUndefined();

    const pinned = azureOpenAiAdapter.buildRequest(
      provider('azure-openai', 'https://contoso.openai.azure.com', { apiVersion: '2025-04-01-preview' }),
      chatRequest(),
      'azure-key',
    );
    expect(pinned.url).toMatch(/\?api-version=2025-04-01-preview$/);
  });
});
