import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decide, pieces, type Answer, type ScenarioInput } from './mock-llm-scenario';

/** Usage each mock reports, so tests can check it arrives intact. */
export const MOCK_USAGE = {
  openai: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
  anthropic: {
    input_tokens: 13,
    output_tokens: 9,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
  },
  gemini: { promptTokenCount: 17, candidatesTokenCount: 5, totalTokenCount: 22 },
} as const;

export interface ReceivedCall {
  provider: 'openai' | 'anthropic' | 'gemini';
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * One HTTP server speaking three wire formats: OpenAI under /openai/v1, Anthropic under /anthropic/v1,
 * Gemini under /gemini/v1beta. Stands in for the paid providers only.
 */
export class MockProviders {
  readonly calls: ReceivedCall[] = [];
  private server!: http.Server;
  origin = '';

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const url = request.url ?? '';
    if (url.startsWith('/openai/v1/chat/completions')) {
      this.calls.push({ provider: 'openai', path: url, headers: request.headers, body });
      return openAiAnswer(response, body, decide(readOpenAi(body)));
    }
    if (url.startsWith('/anthropic/v1/messages')) {
      this.calls.push({ provider: 'anthropic', path: url, headers: request.headers, body });
      return anthropicAnswer(response, body, decide(readAnthropic(body)));
    }
    const gemini = /^\/gemini\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)/.exec(url);
    if (gemini) {
      this.calls.push({ provider: 'gemini', path: url, headers: request.headers, body });
      return geminiAnswer(response, gemini[2] === 'streamGenerateContent', decide(readGemini(body)));
    }
    response
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"error":{"message":"no such mock route"}}');
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function readOpenAi(body: any): ScenarioInput {
  const messages: any[] = body.messages ?? [];
  const user = [...messages].reverse().find((message) => message.role === 'user');
  const parts = Array.isArray(user?.content) ? user.content : [{ type: 'text', text: user?.content ?? '' }];
  const image = parts.find((part: any) => part.type === 'image_url')?.image_url?.url as string | undefined;
  return {
    sawToolResult: messages.some((message) => message.role === 'tool'),
    toolNames: (body.tools ?? []).map((tool: any) => tool.function.name),
    image: image
      ? image.startsWith('data:')
        ? `${image.slice(5, image.indexOf(';'))}:${image.split(',')[1]!.slice(0, 8)}`
        : `url:${image}`
      : null,
    lastUserText: parts
      .filter((part: any) => part.type === 'text')
      .map((part: any) => part.text)
      .join(''),
  };
}

function readAnthropic(body: any): ScenarioInput {
  const messages: any[] = body.messages ?? [];
  const blocks = (message: any) =>
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  const user = [...messages].reverse().find((message) => message.role === 'user');
  const userBlocks = user ? blocks(user) : [];
  const image = userBlocks.find((block: any) => block.type === 'image')?.source;
  return {
    sawToolResult: messages.some((message) =>
      blocks(message).some((block: any) => block.type === 'tool_result'),
    ),
    toolNames: (body.tools ?? []).map((tool: any) => tool.name),
    image: image
      ? image.type === 'base64'
        ? `${image.media_type}:${image.data.slice(0, 8)}`
        : `url:${image.url}`
      : null,
    lastUserText: userBlocks
      .filter((block: any) => block.type === 'text')
      .map((block: any) => block.text)
      .join(''),
  };
}

function readGemini(body: any): ScenarioInput {
  const contents: any[] = body.contents ?? [];
  const user = [...contents]
    .reverse()
    .find(
      (content) =>
        content.role === 'user' &&
        content.parts.some((part: any) => part.text || part.inlineData || part.fileData),
    );
  const parts: any[] = user?.parts ?? [];
  const inline = parts.find((part) => part.inlineData)?.inlineData;
  const file = parts.find((part) => part.fileData)?.fileData;
  return {
    sawToolResult: contents.some((content) => content.parts.some((part: any) => part.functionResponse)),
    toolNames: (body.tools ?? [])
      .flatMap((tool: any) => tool.functionDeclarations ?? [])
      .map((tool: any) => tool.name),
    image: inline ? `${inline.mimeType}:${inline.data.slice(0, 8)}` : file ? `url:${file.fileUri}` : null,
    lastUserText: parts
      .filter((part) => part.text)
      .map((part) => part.text)
      .join(''),
  };
}

function sse(
  response: http.ServerResponse,
  events: Array<{ event?: string; data: unknown }>,
  done = false,
): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const { event, data } of events)
    response.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  response.end(done ? 'data: [DONE]\n\n' : undefined);
}

function json(response: http.ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function openAiAnswer(response: http.ServerResponse, body: any, answer: Answer): void {
  const base = { id: 'chatcmpl-mock1', created: 1_770_000_000, model: body.model };
  const call =
    answer.kind === 'tool-call'
      ? {
          id: 'call_mock_1',
          type: 'function',
          function: { name: answer.name, arguments: JSON.stringify(answer.arguments) },
        }
      : null;
  const finish = call ? 'tool_calls' : 'stop';
  if (!body.stream) {
    return json(response, {
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: answer.kind === 'text' ? answer.text : null,
            ...(call ? { tool_calls: [call] } : {}),
          },
          finish_reason: finish,
        },
      ],
      usage: MOCK_USAGE.openai,
    });
  }
  const chunk = (delta: unknown, finishReason: string | null = null) => ({
    data: {
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    },
  });
  const events = [chunk({ role: 'assistant', content: '' })];
  if (answer.kind === 'text') events.push(...pieces(answer.text).map((piece) => chunk({ content: piece })));
  else {
    events.push(
      chunk({
        tool_calls: [
          { index: 0, id: call!.id, type: 'function', function: { name: answer.name, arguments: '' } },
        ],
      }),
    );
    events.push(
      ...pieces(call!.function.arguments).map((piece) =>
        chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }),
      ),
    );
  }
  events.push(chunk({}, finish));
  if (body.stream_options?.include_usage)
    events.push({
      data: { ...base, object: 'chat.completion.chunk', choices: [], usage: MOCK_USAGE.openai } as any,
    });
  sse(response, events, true);
}

function anthropicAnswer(response: http.ServerResponse, body: any, answer: Answer): void {
  const id = 'msg_mock_01';
  const block =
    answer.kind === 'text'
      ? { type: 'text', text: answer.text }
      : { type: 'tool_use', id: 'toolu_mock_01', name: answer.name, input: answer.arguments };
  const stopReason = answer.kind === 'text' ? 'end_turn' : 'tool_use';
  if (!body.stream) {
    return json(response, {
      id,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [block],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: MOCK_USAGE.anthropic,
    });
  }
  const { output_tokens: outputTokens, ...startUsage } = MOCK_USAGE.anthropic;
  const events: Array<{ event: string; data: unknown }> = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...startUsage, output_tokens: 1 },
        },
      },
    },
    {
      event: 'content_block_start',
      data: {
        type: 'content_block_start',
        index: 0,
        content_block: answer.kind === 'text' ? { type: 'text', text: '' } : { ...block, input: {} },
      },
    },
    { event: 'ping', data: { type: 'ping' } },
  ];
  const deltas =
    answer.kind === 'text'
      ? pieces(answer.text).map((text) => ({ type: 'text_delta', text }))
      : pieces(JSON.stringify(answer.arguments)).map((partial) => ({
          type: 'input_json_delta',
          partial_json: partial,
        }));
  for (const delta of deltas)
    events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta } });
  events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } });
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  sse(response, events);
}

function geminiAnswer(response: http.ServerResponse, stream: boolean, answer: Answer): void {
  const base = { modelVersion: 'gemini-2.5-flash', responseId: 'resp_mock_1' };
  const part =
    answer.kind === 'text'
      ? { text: answer.text }
      : { functionCall: { name: answer.name, args: answer.arguments } };
  if (!stream) {
    return json(response, {
      candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: MOCK_USAGE.gemini,
      ...base,
    });
  }
  const parts = answer.kind === 'text' ? pieces(answer.text).map((text) => ({ text })) : [part];
  const events = parts.map((item, index) => ({
    data: {
      candidates: [
        {
          content: { role: 'model', parts: [item] },
          index: 0,
          ...(index === parts.length - 1 ? { finishReason: 'STOP' } : {}),
        },
      ],
      usageMetadata: MOCK_USAGE.gemini,
      ...base,
    },
  }));
  sse(response, events);
}
