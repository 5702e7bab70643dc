import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { GATEWAY_KEY, tempDir } from '../../helpers/gateway-harness';

// A streamed answer far larger than the socket buffers between the three processes: a caller that stops
// reading must stop the upstream too (the gateway holds a few chunks, not the answer), and gets every
// event, in order, once it reads again. A caller that goes away while the upstream waits frees it.
const EVENTS = 10_000;
const PAD = 'x'.repeat(4000);
const TOTAL_BYTES = EVENTS * 4100;

interface UpstreamRun {
  written: number;
  finished: boolean;
  closedEarly: boolean;
}

describe('a streamed answer and a caller that reads slowly', () => {
  let gateway: RunningGateway;
  let upstream: http.Server;
  const runs: UpstreamRun[] = [];

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      const run: UpstreamRun = { written: 0, finished: false, closedEarly: false };
      runs.push(run);
      request.resume();
      response.on('close', () => {
        if (!run.finished) run.closedEarly = true;
      });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      let index = 0;
      const writeSome = (): void => {
        while (index < EVENTS && !response.destroyed) {
          const delta = { choices: [{ index: 0, delta: { content: `${index}:${PAD}` } }] };
          const event = `data: ${JSON.stringify(delta)}\n\n`;
          index += 1;
          run.written += event.length;
          if (!response.write(event)) {
            response.once('drain', writeSome);
            return;
          }
        }
        if (index === EVENTS && !response.destroyed) {
          response.end('data: [DONE]\n\n');
          run.finished = true;
        }
      };
      writeSome();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    gateway = await startGateway({
      dataDir: tempDir('gatehouse-backpressure-'),
      port: 0,
      host: '127.0.0.1',
      env: { TEST_GATEWAY_KEY: GATEWAY_KEY },
      config: {
        providers: [{ id: 'big', type: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1` }],
        keys: [{ name: 'backpressure-test', key: 'env:TEST_GATEWAY_KEY' }],
      },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await new Promise<void>((resolve) => upstream?.close(() => resolve()));
  });

  function openStream(): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      });
      request.on('response', (response) => {
        response.pause();
        resolve(response);
      });
      request.on('error', reject);
      request.end(
        JSON.stringify({ model: 'big/model', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      );
    });
  }

  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('holds the upstream while the caller does not read, then relays every event in order', async () => {
    const response = await openStream();
    expect(response.statusCode).toBe(200);
    await settle(1000);
    const run = runs.at(-1)!;
    // Kernel buffers take a few MB; the rest of the 41 MB waits at the upstream.
    expect(run.finished).toBe(false);
    expect(run.written).toBeLessThan(TOTAL_BYTES / 2);

    let text = '';
    response.setEncoding('utf8');
    for await (const chunk of response) text += chunk;
    const events = text.split('\n\n').filter((event) => event.startsWith('data: '));
    expect(events.at(-1)).toBe('data: [DONE]');
    const indexes = events
      .slice(0, -1)
      .map((event) =>
        Number(
          (
            JSON.parse(event.slice(6)) as { choices: [{ delta: { content: string } }] }
          ).choices[0].delta.content.split(':')[0],
        ),
      );
    expect(indexes).toHaveLength(EVENTS);
    expect(indexes.every((value, position) => value === position)).toBe(true);
    expect(run.finished).toBe(true);
  }, 30_000);

  it('frees the upstream when the caller goes away while it waits', async () => {
    const response = await openStream();
    await settle(500);
    const run = runs.at(-1)!;
    expect(run.finished).toBe(false);
    response.destroy();
    for (let waited = 0; waited < 5000 && !run.closedEarly; waited += 50) await settle(50);
    expect(run.closedEarly).toBe(true);
    expect(run.finished).toBe(false);
  }, 30_000);
});
