import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for the paid providers that answers whatever it is sent: hostile-input tests forward odd bodies
 * upstream, and the mock must not be the thing that breaks. OpenAI under /openai/v1, Anthropic under
 * /anthropic/v1, Gemini under /gemini/v1beta; JSON or SSE as the body's `stream` (or the Gemini path) asks.
 */
export class TolerantUpstream {
  /** Requests seen, by path. */
  readonly paths: string[] = [];
  origin = '';
  private server!: http.Server;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(request.url ?? '', Buffer.concat(chunks), response));
      request.on('error', () => response.destroy());
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(url: string, raw: Buffer, response: http.ServerResponse): void {
    this.paths.push(url);
    let stream = false;
    try {
      stream = (JSON.parse(raw.toString('utf8')) as { stream?: unknown })?.stream === true;
    } catch {
      // Whatever came, it gets an answer.
    }
    if (url.startsWith('/openai/v1/embeddings')) return json(response, openAiEmbeddings);
    if (url.startsWith('/openai/v1/')) {
      return stream ? sse(response, openAiEvents, 'data: [DONE]\n\n') : json(response, openAiCompletion);
    }
    if (url.startsWith('/anthropic/v1/messages')) {
      return stream ? sse(response, anthropicEvents) : json(response, anthropicMessage);
    }
    if (url.startsWith('/gemini/')) {
      return url.includes(':streamGenerateContent')
        ? sse(response, geminiEvents)
        : json(response, geminiAnswer);
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no route"}}');
  }
}

function json(response: http.ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sse(
  response: http.ServerResponse,
  events: Array<{ event?: string; data: unknown }>,
  tail = '',
): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const { event, data } of events) {
    response.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  }
  response.end(tail);
}

export const TOLERANT_ANSWER = 'tolerant answer';

const openAiBase = { id: 'chatcmpl-tolerant', created: 1_770_000_000, model: 'gpt-4o-mini' };
const openAiUsage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
const openAiCompletion = {
  ...openAiBase,
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: TOLERANT_ANSWER }, finish_reason: 'stop' }],
  usage: openAiUsage,
};
const openAiChunk = (delta: unknown, finish: string | null = null) => ({
  data: {
    ...openAiBase,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  },
});
const openAiEvents = [
  openAiChunk({ role: 'assistant', content: '' }),
  openAiChunk({ content: TOLERANT_ANSWER }),
  openAiChunk({}, 'stop'),
  { data: { ...openAiBase, object: 'chat.completion.chunk', choices: [], usage: openAiUsage } },
];
const openAiEmbeddings = {
  object: 'list',
  data: [{ object: 'embedding', index: 0, embedding: [0.5, -0.25] }],
  model: 'text-embedding-3-small',
  usage: { prompt_tokens: 3, total_tokens: 3 },
};

const anthropicMessage = {
  id: 'msg_tolerant',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  content: [{ type: 'text', text: TOLERANT_ANSWER }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 5, output_tokens: 2 },
};
const anthropicEvents = [
  {
    event: 'message_start',
    data: { type: 'message_start', message: { ...anthropicMessage, content: [], stop_reason: null } },
  },
  {
    event: 'content_block_start',
    data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  },
  {
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: TOLERANT_ANSWER } },
  },
  { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
  {
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 2 },
    },
  },
  { event: 'message_stop', data: { type: 'message_stop' } },
];

const geminiAnswer = {
  candidates: [
    { content: { role: 'model', parts: [{ text: TOLERANT_ANSWER }] }, finishReason: 'STOP', index: 0 },
  ],
  usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
  modelVersion: 'gemini-2.5-flash',
};
const geminiEvents = [{ data: geminiAnswer }];
