// An OpenAI-compatible upstream that misbehaves on purpose, for the soak run (test/reliability has the typed
// twin the unit tests use). The model name picks the fault:
//   hang          reads the request, never answers
//   trickle       200, then one byte a second
//   endless       a well-formed stream that never ends (one event every 20 ms)
//   error-500     an ordinary upstream failure
//   invalid-json  200 application/json that is not JSON
//   gigabyte-json     200 with Content-Length: 1 GB, and the bytes to match
//   gigabyte-chunked  200 with 1 GB of JSON-ish bytes and no Content-Length
//   gigabyte-sse      a 1 GB stream of 64 KB content events
import http from 'node:http';

export const GIGABYTE = 1024 * 1024 * 1024;

const base = {
  id: 'chatcmpl-hostile',
  object: 'chat.completion.chunk',
  created: 1_770_000_000,
  model: 'hostile',
};
const event = (content) =>
  `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

export function startHostileUpstream() {
  const stats = { requests: 0, bytesSent: 0, open: 0 };
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      stats.requests += 1;
      stats.open += 1;
      response.on('close', () => (stats.open -= 1));
      let body = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        body = {};
      }
      answer(String(body.model ?? ''), response, stats);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, stats })));
}

function every(response, ms, step) {
  const timer = setInterval(() => {
    if (response.destroyed || step() === false) clearInterval(timer);
  }, ms);
  response.on('close', () => clearInterval(timer));
}

/** Writes `chunk` until `total` bytes are out or the peer hangs up, as fast as the peer reads. */
function pour(response, chunk, total, stats, ending = '') {
  let sent = 0;
  const write = () => {
    while (!response.destroyed && sent < total) {
      sent += chunk.length;
      stats.bytesSent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', write);
    }
    if (!response.destroyed) response.end(ending);
  };
  response.on('error', () => undefined);
  write();
}

function answer(model, response, stats) {
  switch (model) {
    case 'hang':
      return;
    case 'trickle': {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.flushHeaders();
      const text = '{"choices":[]}';
      let at = 0;
      return every(response, 1000, () => {
        response.write(text[at] ?? '');
        at += 1;
        return at < text.length;
      });
    }
    case 'endless':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      return every(response, 20, () => void response.write(event('more ')));
    case 'error-500':
      response.writeHead(500, { 'content-type': 'application/json' });
      return void response.end('{"error":{"message":"upstream exploded"}}');
    case 'invalid-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end('{"choices": [ not json');
    case 'gigabyte-json':
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(GIGABYTE) });
      return pour(response, Buffer.alloc(256 * 1024, 0x20), GIGABYTE, stats);
    case 'gigabyte-chunked':
      response.writeHead(200, { 'content-type': 'application/json' });
      return pour(response, Buffer.alloc(256 * 1024, 0x61), GIGABYTE, stats);
    case 'gigabyte-sse': {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      return pour(response, Buffer.from(event('x'.repeat(64 * 1024))), GIGABYTE, stats, 'data: [DONE]\n\n');
    }
    default:
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
  }
}
