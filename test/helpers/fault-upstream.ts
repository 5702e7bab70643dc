import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chatChunks, chatCompletion, sleep } from './mock-openai';

/** What the upstream does with one request. */
export type Fault =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; message?: string }
  | { kind: 'hang' }
  | { kind: 'reset' }
  /** Answers 200 with an SSE stream, sends `events` chunks of the answer, then drops the connection. */
  | { kind: 'stream-then-reset'; events: number };

export interface FaultRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * An OpenAI-compatible upstream that fails on demand, for routing tests: queue faults for the next
 * requests, or decide per request (by key, say). Its answers name it ("answer from alpha"), so a test can
 * tell which target served the caller.
 */
export class FaultUpstream {
  readonly requests: FaultRequest[] = [];
  /** Faults for the next chat/embeddings requests, in order; when empty, `otherwise` applies. */
  queue: Fault[] = [];
  otherwise: Fault = { kind: 'ok' };
  /** Decides before the queue when it returns a fault. */
  decide: ((request: FaultRequest) => Fault | undefined) | null = null;
  url = '';
  private server!: http.Server;
  private readonly sockets = new Set<Socket>();

  constructor(readonly name: string) {}

  get answer(): string {
    return `answer from ${this.name}`;
  }

  /** The API key each request carried (bearer token). */
  keysSeen(): string[] {
    return this.requests.map((request) =>
      String(request.headers.authorization ?? '').replace(/^Bearer /, ''),
    );
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
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
    const recorded: FaultRequest = {
      url: request.url ?? '',
      headers: request.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
    if (request.url === '/v1/models') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }));
      return;
    }
    this.requests.push(recorded);
    const fault = this.decide?.(recorded) ?? this.queue.shift() ?? this.otherwise;
    switch (fault.kind) {
      case 'hang':
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'status':
        response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        response.end(
          JSON.stringify({ error: { message: fault.message ?? `${this.name} failed with ${fault.status}` } }),
        );
        return;
      case 'stream-then-reset':
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const event of chatChunks(this.answer.split(' ')).slice(0, fault.events)) {
          response.write(`data: ${event}\n\n`);
        }
        await sleep(20);
        request.socket.destroy();
        return;
      case 'ok':
        return this.answerOk(recorded, response);
    }
  }

  private answerOk(request: FaultRequest, response: http.ServerResponse): void {
    if (request.url === '/v1/embeddings') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          object: 'list',
          data: [{ object: 'embedding', index: 0, embedding: [0.5, -0.25] }],
          model: String(request.body.model),
          usage: { prompt_tokens: 3, total_tokens: 3 },
        }),
      );
      return;
    }
    if (request.body.stream === true) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const pieces = this.answer.split(/(?= )/);
      for (const event of chatChunks(pieces)) response.write(`data: ${event}\n\n`);
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(chatCompletion(this.answer)));
  }
}
