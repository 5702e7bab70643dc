import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { tempDir } from '../../helpers/gateway-harness';
import { FINAL_ANSWER, WEATHER_TOOL_ARGUMENTS } from '../../helpers/mock-llm-scenario';
import { MOCK_USAGE, MockProviders } from '../../helpers/mock-providers';

const KEY = 'gh_matrix_key_0123456789abcdef';
// A 1×1 PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Each provider, the model the matrix calls, and the usage the caller should see from its mock. */
const PROVIDERS = [
  {
    id: 'openai',
    model: 'gpt-4o-mini',
    input: MOCK_USAGE.openai.prompt_tokens,
    output: MOCK_USAGE.openai.completion_tokens,
  },
  {
    id: 'anthropic',
    model: 'claude-haiku-4-5',
    input: MOCK_USAGE.anthropic.input_tokens,
    output: MOCK_USAGE.anthropic.output_tokens,
  },
  {
    id: 'gemini',
    model: 'gemini-2.5-flash',
    input: MOCK_USAGE.gemini.promptTokenCount,
    output: MOCK_USAGE.gemini.candidatesTokenCount,
  },
  {
    id: 'compat',
    model: 'some-local-model',
    input: MOCK_USAGE.openai.prompt_tokens,
    output: MOCK_USAGE.openai.completion_tokens,
  },
] as const;

const weatherToolOpenAi = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string' } },
      required: ['city'],
    },
  },
};
const weatherToolAnthropic = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: {
    type: 'object' as const,
    properties: { city: { type: 'string' }, unit: { type: 'string' } },
    required: ['city'],
  },
};

describe('inbound API × provider matrix, driven by the official SDKs', () => {
  let mock: MockProviders;
  let gateway: RunningGateway;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    mock = await new MockProviders().start();
    gateway = await startGateway({
      dataDir: tempDir(),
      port: 0,
      host: '127.0.0.1',
      env: { KEY, UPSTREAM: 'sk-upstream-matrix' },
      config: {
        providers: [
          { id: 'openai', type: 'openai', baseUrl: `${mock.origin}/openai/v1`, apiKey: 'env:UPSTREAM' },
          {
            id: 'anthropic',
            type: 'anthropic',
            baseUrl: `${mock.origin}/anthropic/v1`,
            apiKey: 'env:UPSTREAM',
          },
          { id: 'gemini', type: 'gemini', baseUrl: `${mock.origin}/gemini/v1beta`, apiKey: 'env:UPSTREAM' },
          { id: 'compat', type: 'openai-compatible', baseUrl: `${mock.origin}/openai/v1` },
        ],
        keys: [{ name: 'matrix', key: 'env:KEY' }],
      },
    });
    openai = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: KEY, baseURL: gateway.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway.close();
    await mock.stop();
  });

  for (const provider of PROVIDERS) {
    const model = `${provider.id}/${provider.model}`;

    describe(`OpenAI chat → ${provider.id}`, () => {
      it('plain text', async () => {
        const { data, response } = await openai.chat.completions
          .create({
            model,
            messages: [
              { role: 'system', content: 'Be brief.' },
              { role: 'user', content: 'hello' },
            ],
          })
          .withResponse();
        expect(data.choices[0]!.message.content).toBe('You said: hello');
        expect(data.choices[0]!.finish_reason).toBe('stop');
        expect(data.usage).toMatchObject({
          prompt_tokens: provider.input,
          completion_tokens: provider.output,
        });
        await expectLogged(response.headers.get('x-gatehouse-request-id')!, provider);
      });

      it('streamed text', async () => {
        const { data: stream, response } = await openai.chat.completions
          .create({
            model,
            messages: [{ role: 'user', content: 'stream please' }],
            stream: true,
            stream_options: { include_usage: true },
          })
          .withResponse();
        let text = '';
        let finish: string | null = null;
        let usage: OpenAI.CompletionUsage | undefined;
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
          usage = chunk.usage ?? usage;
        }
        expect(text).toBe('You said: stream please');
        expect(finish).toBe('stop');
        expect(usage).toMatchObject({ prompt_tokens: provider.input, completion_tokens: provider.output });
        await expectLogged(response.headers.get('x-gatehouse-request-id')!, provider);
      });

      for (const stream of [false, true]) {
        it(`tool-call round trip${stream ? ', streamed' : ''}`, async () => {
          const messages: OpenAI.ChatCompletionMessageParam[] = [
            { role: 'user', content: 'Weather in Paris?' },
          ];
          const first = await openAiTurn(openai, model, messages, stream);
          expect(first.finish).toBe('tool_calls');
          expect(first.toolCalls).toHaveLength(1);
          expect(first.toolCalls[0]!.name).toBe('get_weather');
          expect(JSON.parse(first.toolCalls[0]!.arguments)).toEqual(WEATHER_TOOL_ARGUMENTS);
          messages.push({
            role: 'assistant',
            content: null,
            tool_calls: first.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          });
          messages.push({
            role: 'tool',
            tool_call_id: first.toolCalls[0]!.id,
            content: '{"temperature":21,"sky":"sunny"}',
          });
          const second = await openAiTurn(openai, model, messages, stream);
          expect(second.text).toBe(FINAL_ANSWER);
          expect(second.finish).toBe('stop');
        });
      }

      it('image input (base64 and URL)', async () => {
        const base64 = await openai.chat.completions.create({
          model,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What is this?' },
                { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
              ],
            },
          ],
        });
        expect(base64.choices[0]!.message.content).toBe(`I see an image (image/png:${PNG.slice(0, 8)}).`);
        const url = await openai.chat.completions.create({
          model,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'And this?' },
                { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
              ],
            },
          ],
        });
        expect(url.choices[0]!.message.content).toBe('I see an image (url:https://example.com/cat.png).');
      });
    });

    describe(`Anthropic messages → ${provider.id}`, () => {
      it('plain text', async () => {
        const { data: message, response } = await anthropic.messages
          .create({
            model,
            max_tokens: 100,
            system: 'Be brief.',
            messages: [{ role: 'user', content: 'hello' }],
          })
          .withResponse();
        await expectLogged(response.headers.get('x-gatehouse-request-id')!, provider);
        expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: hello' })]);
        expect(message.stop_reason).toBe('end_turn');
        expect(message.usage).toMatchObject({ input_tokens: provider.input, output_tokens: provider.output });
      });

      it('streamed text', async () => {
        const stream = anthropic.messages.stream({
          model,
          max_tokens: 100,
          messages: [{ role: 'user', content: 'stream please' }],
        });
        const message = await stream.finalMessage();
        const { response } = await stream.withResponse();
        await expectLogged(response.headers.get('x-gatehouse-request-id')!, provider);
        expect(message.content).toEqual([
          expect.objectContaining({ type: 'text', text: 'You said: stream please' }),
        ]);
        expect(message.stop_reason).toBe('end_turn');
        expect(message.usage).toMatchObject({ input_tokens: provider.input, output_tokens: provider.output });
      });

      for (const stream of [false, true]) {
        it(`tool-call round trip${stream ? ', streamed' : ''}`, async () => {
          const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
          const request = () => ({ model, max_tokens: 200, tools: [weatherToolAnthropic], messages });
          const first = stream
            ? await anthropic.messages.stream(request()).finalMessage()
            : await anthropic.messages.create(request());
          expect(first.stop_reason).toBe('tool_use');
          const toolUse = first.content.find((block) => block.type === 'tool_use');
          expect(toolUse).toMatchObject({
            type: 'tool_use',
            name: 'get_weather',
            input: WEATHER_TOOL_ARGUMENTS,
          });
          messages.push({ role: 'assistant', content: first.content });
          messages.push({
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: (toolUse as Anthropic.ToolUseBlock).id,
                content: '{"temperature":21}',
              },
            ],
          });
          const second = stream
            ? await anthropic.messages.stream(request()).finalMessage()
            : await anthropic.messages.create(request());
          expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: FINAL_ANSWER })]);
          expect(second.stop_reason).toBe('end_turn');
        });
      }

      it('image input', async () => {
        const message = await anthropic.messages.create({
          model,
          max_tokens: 100,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
                { type: 'text', text: 'What is this?' },
              ],
            },
          ],
        });
        expect(message.content).toEqual([
          expect.objectContaining({ type: 'text', text: `I see an image (image/png:${PNG.slice(0, 8)}).` }),
        ]);
      });
    });
  }

  async function expectLogged(id: string, provider: (typeof PROVIDERS)[number]): Promise<void> {
    gateway.services.logWriter.flush();
    let row: Record<string, unknown> | null = null;
    for (let attempt = 0; attempt < 50 && !row; attempt += 1) {
      gateway.services.logWriter.flush();
      const response = await fetch(`${gateway.url}/admin/logs/${id}`, {
        headers: { authorization: `Bearer ${gateway.adminToken}` },
      });
      if (response.status === 200) row = (await response.json()) as Record<string, unknown>;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(row).toMatchObject({
      provider: provider.id,
      inputTokens: provider.input,
      outputTokens: provider.output,
      outcome: 'ok',
    });
    // Priced models get a cost; the OpenAI-compatible local model has no known price.
    if (provider.id === 'compat') expect(row!.costUsd).toBeNull();
    else expect(row!.costUsd).toBeGreaterThan(0);
  }
});

interface Turn {
  text: string;
  finish: string | null;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
}

async function openAiTurn(
  client: OpenAI,
  model: string,
  messages: OpenAI.ChatCompletionMessageParam[],
  stream: boolean,
): Promise<Turn> {
  if (!stream) {
    const completion = await client.chat.completions.create({ model, messages, tools: [weatherToolOpenAi] });
    const choice = completion.choices[0]!;
    return {
      text: choice.message.content ?? '',
      finish: choice.finish_reason,
      toolCalls: (choice.message.tool_calls ?? []).map((call) => {
        if (call.type !== 'function') throw new Error('unexpected tool call type');
        return { id: call.id, name: call.function.name, arguments: call.function.arguments };
      }),
    };
  }
  const chunks = await client.chat.completions.create({
    model,
    messages,
    tools: [weatherToolOpenAi],
    stream: true,
  });
  const turn: Turn = { text: '', finish: null, toolCalls: [] };
  for await (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    turn.text += choice.delta.content ?? '';
    turn.finish = choice.finish_reason ?? turn.finish;
    for (const call of choice.delta.tool_calls ?? []) {
      const existing = (turn.toolCalls[call.index] ??= { id: '', name: '', arguments: '' });
      existing.id ||= call.id ?? '';
      existing.name ||= call.function?.name ?? '';
      existing.arguments += call.function?.arguments ?? '';
    }
  }
  return turn;
}
