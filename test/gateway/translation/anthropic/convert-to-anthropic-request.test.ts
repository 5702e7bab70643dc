import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/gateway/canonical/chat-model';
import { anthropicInbound } from '../../../../src/gateway/inbound/anthropic/anthropic-inbound';
import { anthropicAdapter } from '../../../../src/gateway/providers/anthropic/anthropic-adapter';
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from '../../../../src/gateway/providers/anthropic/anthropic-provider';
import { convertToAnthropicRequest } from '../../../../src/gateway/providers/anthropic/convert-to-anthropic-request';
import { PROVIDER_PRESETS } from '../../../../src/gateway/providers/provider-presets';
import type { GatewayProvider } from '../../../../src/gateway/providers/provider-registry';

function chat(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    tools: [],
    stop: [],
    stream: false,
    warnings: [],
    ...overrides,
  };
}

const provider: GatewayProvider = {
  id: 'anthropic',
  type: 'anthropic',
  preset: PROVIDER_PRESETS.anthropic,
  baseUrl: 'https://api.anthropic.com/v1',
  apiKeyRef: 'env:ANTHROPIC_API_KEY',
  enabled: true,
  options: {},
};

describe('canonical request → Anthropic Messages body', () => {
  it('builds the call: URL, auth and version headers, JSON body', () => {
    const call = anthropicAdapter.buildRequest(provider, chat({ stream: true }), 'sk-ant-test');
    expect(call.url).toBe('https://api.anthropic.com/v1/messages');
    expect(call.headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'sk-ant-test',
    });
    expect(JSON.parse(call.body)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: true,
    });
  });

  it('merges consecutive tool results into one user turn, results first, then the user text', () => {
    const body = convertToAnthropicRequest(
      chat({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Oslo?' }] },
          {
            role: 'assistant',
            content: [{ type: 'text', text: 'Looking.' }],
            toolCalls: [
              { id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
              { id: 'call_2', name: 'weather', arguments: '{"city":"Oslo"}' },
            ],
          },
          { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '18 C' }] },
          { role: 'tool', toolCallId: 'call_2', content: [{ type: 'text', text: 'failed' }], isError: true },
          { role: 'user', content: [{ type: 'text', text: 'Thanks.' }] },
          { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
        ],
      }),
    );
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18 C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'failed', is_error: true },
          { type: 'text', text: 'Thanks.' },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('sends images, signed reasoning, and tool results with images; drops unsigned reasoning', () => {
    const request = chat({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'text', text: 'What is this?' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'from another provider' },
            { type: 'reasoning', text: 'A cat.', signature: 'SIG' },
            { type: 'reasoning', text: '', signature: 'SECRET', redacted: true },
            { type: 'text', text: 'Let me zoom.' },
          ],
          toolCalls: [{ id: 'call:1', name: 'zoom', arguments: 'not json' }],
        },
        {
          role: 'tool',
          toolCallId: 'call:1',
          content: [
            { type: 'text', text: 'zoomed' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'BBBB' } },
          ],
        },
      ],
    });
    const body = convertToAnthropicRequest(request);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'text', text: 'What is this?' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'A cat.', signature: 'SIG' },
          { type: 'redacted_thinking', data: 'SECRET' },
          { type: 'text', text: 'Let me zoom.' },
          // Anthropic tool ids allow only letters, digits, _ and -.
          { type: 'tool_use', id: 'call_1', name: 'zoom', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'call_1',
            content: [
              { type: 'text', text: 'zoomed' },
              { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'BBBB' } },
            ],
          },
        ],
      },
    ]);
    expect(request.warnings).toEqual([
      'messages.1: arguments of tool call call:1 are not a JSON object; sent as {}',
    ]);
  });

  it('maps tools, tool choice and parallel tool calls', () => {
    const tools = [
      { name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: {} } },
    ];
    const cases: Array<[Partial<ChatRequest>, unknown]> = [
      [{ toolChoice: 'auto' }, { type: 'auto' }],
      [{ toolChoice: 'none' }, { type: 'none' }],
      [{ toolChoice: 'required' }, { type: 'any' }],
      [{ toolChoice: { name: 'weather' } }, { type: 'tool', name: 'weather' }],
      [
        { toolChoice: 'required', parallelToolCalls: false },
        { type: 'any', disable_parallel_tool_use: true },
      ],
      [{ parallelToolCalls: false }, { type: 'auto', disable_parallel_tool_use: true }],
      [{}, undefined],
    ];
    for (const [settings, expected] of cases) {
      const body = convertToAnthropicRequest(chat({ tools, ...settings }));
      expect(body.tools).toEqual([
        { name: 'weather', description: 'Weather now', input_schema: { type: 'object', properties: {} } },
      ]);
      expect(body.tool_choice).toEqual(expected);
    }
  });

  it('maps sampling, stop sequences, the user and the system prompt', () => {
    const body = convertToAnthropicRequest(
      chat({
        system: ['Be terse.', 'Metric units.'],
        maxTokens: 300,
        temperature: 0.2,
        topP: 0.8,
        topK: 20,
        stop: ['END'],
        user: 'user-42',
      }),
    );
    expect(body).toMatchObject({
      system: [
        { type: 'text', text: 'Be terse.' },
        { type: 'text', text: 'Metric units.' },
      ],
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.8,
      top_k: 20,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
    });
    expect(convertToAnthropicRequest(chat({ system: ['Only one.'] })).system).toBe('Only one.');
  });

  it('turns reasoning into a thinking budget that fits under max_tokens', () => {
    const budget = (reasoning: ChatRequest['reasoning'], maxTokens?: number) => {
      const request = chat({ reasoning, maxTokens });
      const body = convertToAnthropicRequest(request);
      return { thinking: body.thinking, maxTokens: body.max_tokens, warnings: request.warnings };
    };
    expect(budget({ budgetTokens: 3000 }, 8000)).toEqual({
      thinking: { type: 'enabled', budget_tokens: 3000 },
      maxTokens: 8000,
      warnings: [],
    });
    expect(budget({ effort: 'low' })?.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(budget({ effort: 'medium' })?.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    // Without a caller limit the default answer room comes on top of the budget.
    expect(budget({ effort: 'high' })).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 16384 },
      maxTokens: 16384 + ANTHROPIC_DEFAULT_MAX_TOKENS,
    });
    expect(budget({ budgetTokens: 10000 }, 5000)).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 4999 },
      warnings: ['thinking budget 10000 lowered to 4999 to stay below max_tokens'],
    });
    expect(budget({ budgetTokens: 2000 }, 500).thinking).toBeUndefined();
    expect(budget({ budgetTokens: 0 }).thinking).toBeUndefined();
  });

  it('turns thinking off, with a warning, where Anthropic would refuse the request', () => {
    const tools = [{ name: 'clock', parameters: { type: 'object' } }];
    const forced = chat({ reasoning: { effort: 'medium' }, tools, toolChoice: 'required' });
    expect(convertToAnthropicRequest(forced)).not.toHaveProperty('thinking');
    expect(forced.warnings).toEqual([
      'thinking disabled: Anthropic does not think while a tool call is forced',
    ]);

    const unsignedLoop = chat({
      reasoning: { effort: 'medium' },
      tools,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Time?' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'clock', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '12:00' }] },
      ],
    });
    expect(convertToAnthropicRequest(unsignedLoop)).not.toHaveProperty('thinking');
    expect(unsignedLoop.warnings[0]).toMatch(
      /^thinking disabled: the last assistant tool call has no signed thinking/,
    );
  });

  it('drops sampling settings Anthropic refuses while thinking, with warnings', () => {
    const request = chat({ reasoning: { effort: 'low' }, temperature: 0.5, topP: 0.5, topK: 5 });
    const body = convertToAnthropicRequest(request);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('top_k');
    expect(request.warnings).toHaveLength(3);

    const hot = chat({ temperature: 1.7 });
    expect(convertToAnthropicRequest(hot).temperature).toBe(1);
    expect(hot.warnings).toEqual(["temperature 1.7 clamped to Anthropic's maximum of 1"]);
  });

  it('emulates JSON mode with a system instruction and says so', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const request = chat({
      system: ['Be terse.'],
      responseFormat: { type: 'json_schema', name: 'place', schema },
    });
    const body = convertToAnthropicRequest(request);
    const system = body.system as Array<{ text: string }>;
    expect(system[0]).toEqual({ type: 'text', text: 'Be terse.' });
    expect(system[1]!.text).toMatch(/^Respond only with a JSON object/);
    expect(system[1]!.text).toContain(JSON.stringify(schema));
    expect(request.warnings).toEqual([
      'response_format json_schema is emulated for Anthropic with a system instruction',
    ]);

    const objectMode = chat({ responseFormat: { type: 'json_object' } });
    expect(convertToAnthropicRequest(objectMode).system).toBe(
      'Respond only with a JSON object, with no other text before or after it.',
    );
    expect(objectMode.warnings).toHaveLength(1);
  });

  it('round trip: an Anthropic body decoded and re-encoded keeps its conversation', () => {
    const body = {
      max_tokens: 2048,
      system: 'Be brief.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Time in Oslo?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use the clock.', signature: 'SIG' },
            { type: 'tool_use', id: 'toolu_1', name: 'clock', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '12:00' },
            { type: 'text', text: 'Be exact.' },
          ],
        },
      ],
      tools: [{ name: 'clock', description: 'Local time', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'auto' },
      stop_sequences: ['STOP'],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      metadata: { user_id: 'u1' },
    };
    const request = anthropicInbound.decodeRequest(body, 'claude-sonnet-4-5');
    expect(convertToAnthropicRequest(request)).toEqual({ model: 'claude-sonnet-4-5', ...body });
    expect(request.warnings).toEqual([]);
  });
});
