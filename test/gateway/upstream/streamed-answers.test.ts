import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { GATEWAY_KEY, tempDir } from '../../helpers/gateway-harness';

// Streamed requests read the upstream's answer as undici parses it (upstream/streamed-response.ts). What
// the caller gets must not depend on how the answer's bytes are cut: all of it at once with the headers,
// an error answer instead of a stream, JSON instead of SSE, or far more error text than is worth reading.

type Answer = (response: http.ServerResponse) => void;

const delta = (content: string) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

describe('streamed requests, whatever the upstream answers', () => {
  let gateway: RunningGateway;
  let upstream: http.Server;
  let client: OpenAI;
  let answer: Answer = () => undefined;
  /** Settles when the upstream's last answer is closed (finished, or cut off by the gateway). */
  let upstreamClosed: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      request.resume();
      upstreamClosed = new Promise((resolve) => response.once('close', resolve));
      answer(response);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    gateway = await startGateway({
      dataDir: tempDir('gatehouse-streamed-answers-'),
      port: 0,
      host: '127.0.0.1',
      env: { TEST_GATEWAY_KEY: GATEWAY_KEY },
      config: {
        providers: [{ id: 'up', type: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1` }],
        keys: [{ name: 'streamed-answers-test', key: 'env:TEST_GATEWAY_KEY' }],
      },
    });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: GATEWAY_KEY, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway?.close();
    await new Promise<void>((resolve) => upstream?.close(() => resolve()));
  });
  beforeEach(() => {
    answer = () => undefined;
  });

  const streamText = async (): Promise<string> => {
    const stream = await client.chat.completions.create({
      model: 'up/m',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  };

  it('a whole stream written at once with its headers arrives whole', async () => {
    const events = Array.from({ length: 200 }, (_, index) => delta(`${index},`)).join('');
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${events}data: [DONE]\n\n`);
    };
    const expected = Array.from({ length: 200 }, (_, index) => `${index},`).join('');
    expect(await streamText()).toBe(expected);
  });

  it('an informational 103 before the answer is not taken for the answer', async () => {
    answer = (response) => {
      response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      // The answer comes a moment later, in packets of its own.
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(`${delta('after the hints')}data: [DONE]\n\n`);
      }, 50);
    };
    expect(await streamText()).toBe('after the hints');
  });

  it("an error answer to a stream request reaches the caller with the upstream's status and message", async () => {
    answer = (response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      response.end(JSON.stringify({ error: { message: 'Slow down, tokens per minute exceeded' } }));
    };
    const error = await streamText().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).message).toContain(
      'Slow down, tokens per minute exceeded',
    );
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
  });

  it('a huge error page is cut to its start, and the gateway does not wait for the rest', async () => {
    const page = `Internal meltdown in rack 7 ${'#'.repeat(1024)}\n`;
    let written = 0;
    answer = (response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      // 64 MiB of error page, written as the gateway reads it: it must stop reading long before the end.
      const writeMore = (): void => {
        while (written < 64 * 1024 * 1024 && !response.destroyed) {
          written += page.length;
          if (!response.write(page)) {
            response.once('drain', writeMore);
            return;
          }
        }
        if (!response.destroyed) response.end();
      };
      writeMore();
    };
    const error = await streamText().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain('Internal meltdown in rack 7');
    await upstreamClosed;
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('a JSON answer to a stream request is relayed as JSON', async () => {
    const completion = {
      id: 'c2',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'not a stream' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
    };
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completion));
    };
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'up/m', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(completion);
  });

  it('an answer cut off right after its headers is an error the caller can read', async () => {
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const error = await streamText().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    // The gateway is fine afterwards.
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${delta('ok')}data: [DONE]\n\n`);
    };
    expect(await streamText()).toBe('ok');
  });
});
