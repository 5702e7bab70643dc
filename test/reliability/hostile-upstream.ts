import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/**
 * How the hostile upstream misbehaves, chosen by the model name the gateway forwards
 * (`hostile/trickle` arrives as model "trickle"). It speaks OpenAI's wire format when it speaks at all.
 */
export type HostileBehaviour =
  /** Reads the request and never answers: no status line, no headers. */
  | 'hang'
  /** Starts the answer (a stream: two content events; JSON: half a body), then resets the connection. */
  | 'reset-mid-stream'
  /** 200, then one byte of the answer per second. */
  | 'trickle'
  /** 200, then one byte every 100 ms: never idle long enough for the idle timeout. */
  | 'trickle-fast'
  /** Declares a 1 GB body in Content-Length and starts sending it. */
  | 'huge-declared'
  /** Sends a body without a length, 64 KB at a time, until the gateway hangs up. */
  | 'huge-chunked'
  /** A stream of 64 KB content events, as fast as the socket takes them, forever. */
  | 'huge-stream'
  /** 200 application/json whose body is not JSON. */
  | 'invalid-json'
  /** 200 with bytes that are not UTF-8 inside the answer text. */
  | 'invalid-utf8'
  /** A well-formed stream that never ends: one small event every 20 ms. */
  | 'endless'
  | 'ok';

export const HOSTILE_BEHAVIOURS: HostileBehaviour[] = [
  'hang',
  'reset-mid-stream',
  'trickle',
  'trickle-fast',
  'huge-declared',
  'huge-chunked',
  'huge-stream',
  'invalid-json',
  'invalid-utf8',
  'endless',
  'ok',
];

export class HostileUpstream {
  url = '';
  /** Requests received, by behaviour. */
  readonly seen: string[] = [];
  /** Bytes written in answer bodies, across all requests (the 1 GB soak case reports it). */
  bytesSent = 0;
  private server!: http.Server;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(Buffer.concat(chunks), request, response));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  /** Connections the gateway still holds open to this upstream. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(raw: Buffer, request: http.IncomingMessage, response: http.ServerResponse): void {
    let body: { model?: unknown; stream?: unknown } = {};
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      // The gateway sends JSON; anything else is answered as 'ok'.
    }
    const behaviour = String(body.model ?? 'ok') as HostileBehaviour;
    const stream = body.stream === true;
    this.seen.push(behaviour);
    const send = (chunk: string | Buffer) => {
      this.bytesSent += chunk.length;
      return response.write(chunk);
    };
    const every = (ms: number, step: () => boolean | void) => {
      const timer = setInterval(() => {
        if (response.destroyed || step() === false) clearInterval(timer);
      }, ms);
      response.on('close', () => clearInterval(timer));
    };
    const streamHead = () => response.writeHead(200, { 'content-type': 'text/event-stream' });
    const jsonHead = (length?: number) =>
      response.writeHead(200, {
        'content-type': 'application/json',
        ...(length === undefined ? {} : { 'content-length': String(length) }),
      });

    switch (behaviour) {
      case 'hang':
        return;
      case 'reset-mid-stream':
        if (stream) {
          streamHead();
          send(event(delta('partial ')));
          send(event(delta('answer ')));
        } else {
          const full = JSON.stringify(completion('never finished'));
          jsonHead(full.length);
          send(full.slice(0, full.length / 2));
        }
        setTimeout(() => request.socket.destroy(), 30);
        return;
      case 'trickle':
      case 'trickle-fast': {
        const text = stream
          ? event(delta('slow')) + event(finish()) + 'data: [DONE]\n\n'
          : JSON.stringify(completion('slow'));
        if (stream) streamHead();
        else jsonHead(text.length);
        // The status line goes out now; only the body trickles.
        response.flushHeaders();
        let at = 0;
        return every(behaviour === 'trickle' ? 1000 : 100, () => {
          send(text[at] ?? '');
          at += 1;
          if (at >= text.length) response.end();
          return at < text.length;
        });
      }
      case 'huge-declared':
        jsonHead(1_000_000_000);
        return pour(response, Buffer.alloc(64 * 1024, 0x20), (chunk) => (this.bytesSent += chunk.length));
      case 'huge-chunked':
        response.writeHead(200, { 'content-type': 'application/json' });
        send('{"padding":"');
        return pour(response, Buffer.alloc(64 * 1024, 0x61), (chunk) => (this.bytesSent += chunk.length));
      case 'huge-stream':
        streamHead();
        return pour(
          response,
          Buffer.from(event(delta('x'.repeat(64 * 1024)))),
          (chunk) => (this.bytesSent += chunk.length),
        );
      case 'invalid-json':
        jsonHead();
        response.end('{"id": "chatcmpl-1", "choices": [ this is not json');
        return;
      case 'invalid-utf8': {
        const bad = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
        if (stream) {
          streamHead();
          const [before, after] = event(delta('bad:<>')).split('<>') as [string, string];
          send(Buffer.concat([Buffer.from(before), bad, Buffer.from(after)]));
          send(event(finish()));
          response.end('data: [DONE]\n\n');
        } else {
          const [before, after] = JSON.stringify(completion('bad:<>')).split('<>') as [string, string];
          const whole = Buffer.concat([Buffer.from(before), bad, Buffer.from(after)]);
          jsonHead(whole.length);
          response.end(whole);
        }
        return;
      }
      case 'endless':
        streamHead();
        return every(20, () => void send(event(delta('more '))));
      default:
        if (stream) {
          streamHead();
          send(event(delta('fine')));
          send(event(finish()));
          response.end('data: [DONE]\n\n');
        } else {
          const whole = JSON.stringify(completion('fine'));
          jsonHead(whole.length);
          response.end(whole);
        }
    }
  }
}

/** Writes `chunk` again and again, as fast as the peer reads, until the connection closes. */
function pour(response: http.ServerResponse, chunk: Buffer, count: (chunk: Buffer) => void): void {
  const write = () => {
    while (!response.destroyed) {
      count(chunk);
      if (!response.write(chunk)) return void response.once('drain', write);
    }
  };
  response.on('error', () => undefined);
  write();
}

const base = {
  id: 'chatcmpl-hostile',
  object: 'chat.completion.chunk',
  created: 1_770_000_000,
  model: 'hostile',
};

function delta(content: string): unknown {
  return { ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] };
}

function finish(): unknown {
  return { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
}

function event(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function completion(content: string): unknown {
  return {
    ...base,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  };
}

/**
 * A TCP server that accepts connections and never says a word: an https:// upstream pointed at it never
 * finishes its TLS handshake, which is how a connect timeout looks from the gateway.
 */
export async function startSilentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
