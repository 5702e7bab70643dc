// A mock LLM provider for the benchmark: OpenAI and Anthropic wire formats, JSON answers after a delay
// chosen by the model name ("delay-50" waits 50 ms) and SSE answers with 64 deltas 20 ms apart.
import http from 'node:http';

export const STREAM_DELTAS = 64;
export const STREAM_GAP_MS = 20;

const usage = { prompt_tokens: 20, completion_tokens: 64, total_tokens: 84 };
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_770_000_000,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello from the benchmark upstream.' },
      finish_reason: 'stop',
    },
  ],
  usage,
});

function delayOf(model) {
  const match = /delay-(\d+)/.exec(String(model ?? ''));
  return match ? Number(match[1]) : 0;
}

function openAiStream(response, body) {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const base = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_770_000_000,
    model: 'gpt-4o-mini',
  };
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed) return clearInterval(timer);
    if (sent < STREAM_DELTAS) {
      response.write(
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: ` t${sent}` }, finish_reason: null }] })}\n\n`,
      );
      sent += 1;
      return;
    }
    clearInterval(timer);
    response.write(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    );
    if (body.stream_options?.include_usage)
      response.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
    response.end('data: [DONE]\n\n');
  }, STREAM_GAP_MS);
}

function anthropicStream(response, body) {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const event = (type, data) =>
    response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', {
    message: {
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 1 },
    },
  });
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed) return clearInterval(timer);
    if (sent < STREAM_DELTAS) {
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: ` t${sent}` } });
      sent += 1;
      return;
    }
    clearInterval(timer);
    event('content_block_stop', { index: 0 });
    event('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 64 },
    });
    event('message_stop', {});
    response.end();
  }, STREAM_GAP_MS);
}

export function startMockUpstream() {
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      let body = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        response.writeHead(400).end('{"error":{"message":"bad json"}}');
        return;
      }
      const anthropic = request.url.startsWith('/v1/messages');
      if (body.stream) return anthropic ? anthropicStream(response, body) : openAiStream(response, body);
      const reply = () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(completion);
      };
      const delay = delayOf(body.model);
      if (delay > 0) setTimeout(reply, delay);
      else reply();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
