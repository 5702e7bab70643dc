import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The body's bytes as received, decoded as UTF-8. */
  text: string;
}

/** What the mock does with the next chat request; the default answers a short completion. */
export type ChatBehaviour =
  | { kind: 'json'; body: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'sse'; events: string[]; gapMs?: number; delayMs?: number }
  | { kind: 'hang' }
  | { kind: 'reset' };

/**
 * A small HTTP server speaking OpenAI's wire format: the paid remote provider is the one thing the tests
 * replace. It records what the gateway sent and notices when the gateway closes a socket.
 */
export class MockOpenAi {
  readonly requests: RecordedRequest[] = [];
  readonly closedSockets: Socket[] = [];
  /** Streams whose connection the gateway closed before the mock finished sending. */
  abortedStreams = 0;
  /** Requests left hanging (`hang`) whose connection the gateway closed. */
  abandonedWaits = 0;
  chat: ChatBehaviour = { kind: 'json', body: chatCompletion('Hello from the mock') };
  models: string[] | null = ['gpt-4o-mini', 'text-embedding-3-small'];
  private readonly sockets = new Set<Socket>();
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.closedSockets.push(socket);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as unknown) : null;
    this.requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      text,
      body,
    });

    if (request.url === '/v1/models') {
      if (!this.models) return void response.writeHead(500).end('{"error":{"message":"boom"}}');
      return json(response, 200, {
        object: 'list',
        data: this.models.map((id) => ({ id, object: 'model' })),
      });
    }
    if (request.url === '/v1/embeddings') {
      // Like OpenAI: floats as a JSON array, or as base64 of little-endian float32 (the SDK's default ask).
      const vector = [0.5, -0.25, 0.125];
      const base64 = (body as { encoding_format?: string }).encoding_format === 'base64';
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return json(response, 200, {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      });
    }
    const behaviour = this.chat;
    switch (behaviour.kind) {
      case 'hang':
        // Never answers; counts the gateway giving up on it (its caller went away).
        response.on('close', () => {
          this.abandonedWaits += 1;
        });
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'json':
        await sleep(behaviour.delayMs ?? 0);
        response.writeHead(behaviour.status ?? 200, {
          'content-type': 'application/json',
          ...behaviour.headers,
        });
        response.end(JSON.stringify(behaviour.body));
        return;
      case 'sse': {
        await sleep(behaviour.delayMs ?? 0);
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.on('close', () => {
          if (!response.writableFinished) this.abortedStreams += 1;
        });
        for (const event of behaviour.events) {
          if (response.destroyed) return;
          response.write(`data: ${event}\n\n`);
          if (behaviour.gapMs) await sleep(behaviour.gapMs);
        }
        response.end('data: [DONE]\n\n');
      }
    }
  }
}

export function chatCompletion(
  content: string,
  usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
) {
  return {
    id: 'chatcmpl-mock',
    object: 'chat.completion',
    created: 1_770_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage,
  };
}

/** OpenAI stream chunks for `pieces`, ending with a finish chunk and a usage-only chunk. */
export function chatChunks(
  pieces: string[],
  usage = { prompt_tokens: 9, completion_tokens: pieces.length, total_tokens: 9 + pieces.length },
): string[] {
  const base = {
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: 1_770_000_000,
    model: 'gpt-4o-mini',
  };
  return [
    JSON.stringify({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
      usage: null,
    }),
    ...pieces.map((piece) =>
      JSON.stringify({
        ...base,
        choices: [{ index: 0, delta: { content: piece }, finish_reason: null }],
        usage: null,
      }),
    ),
    JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null }),
    JSON.stringify({ ...base, choices: [], usage }),
  ];
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
