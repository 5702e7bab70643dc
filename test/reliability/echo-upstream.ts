import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A careless OpenAI-compatible upstream that repeats the credential it was sent — in answers, streams,
 * stream errors and error bodies — as real providers sometimes do ("Incorrect API key provided: sk-…").
 * What it says is chosen by the model name.
 */
export class EchoUpstream {
  url = '';
  private server!: http.Server;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(Buffer.concat(chunks).toString('utf8'), request, response));
    });
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

  private answer(raw: string, request: http.IncomingMessage, response: http.ServerResponse): void {
    let body: { model?: string; stream?: boolean } = {};
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      body = {};
    }
    const credential = String(request.headers.authorization ?? request.headers['x-api-key'] ?? '').replace(
      /^Bearer /,
      '',
    );
    const said = `the key you sent is ${credential}`;
    const base = {
      id: 'chatcmpl-echo',
      object: 'chat.completion.chunk',
      created: 1_770_000_000,
      model: 'echo',
    };
    switch (body.model) {
      case 'refuse':
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: { message: `Incorrect API key provided: ${credential}`, code: 'invalid_api_key' },
          }),
        );
        return;
      case 'garbage':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(`api_key=${credential} <html>not json</html>`);
        return;
      case 'hang':
        return;
      default:
        if (body.stream) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write(
            `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: said }, finish_reason: null }] })}\n\n`,
          );
          response.end(
            `data: ${JSON.stringify({ error: { message: `stream failed for key ${credential}` } })}\n\n`,
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: said }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
          }),
        );
    }
  }
}
