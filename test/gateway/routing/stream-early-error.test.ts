import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoutingHarness, type RoutingHarness } from './routing-harness';

/** Anthropic's way of failing a stream that has not started: HTTP 200, then an error event first. */
function overloadedAnthropic(): Promise<{ server: http.Server; url: string; calls: () => number }> {
  let calls = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      calls += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`,
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        calls: () => calls,
      }),
    ),
  );
}

describe('a stream whose first event is an error', () => {
  let harness: RoutingHarness;
  let anthropic: Awaited<ReturnType<typeof overloadedAnthropic>>;
  beforeAll(async () => {
    anthropic = await overloadedAnthropic();
    harness = await startRoutingHarness({
      routes: [
        {
          name: 'claude-first',
          targets: [{ model: 'claude/claude-sonnet-4-5' }, { model: 'beta/gpt-4o-mini' }],
        },
      ],
      env: { CLAUDE_KEY: 'sk-ant-test-000000000000' },
      providers: (_alpha, beta) => [
        { id: 'claude', type: 'anthropic', baseUrl: anthropic.url, apiKey: 'env:CLAUDE_KEY' },
        { id: 'beta', type: 'openai-compatible', baseUrl: beta.url },
      ],
    });
  });
  afterAll(async () => {
    await harness.stop();
    anthropic.server.close();
  });

  it('falls back: nothing had reached the caller yet (Anthropic fast path)', async () => {
    const stream = harness.anthropic.messages.stream({
      model: 'claude-first',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(await stream.finalText()).toBe('answer from beta');
    expect(anthropic.calls()).toBe(1);
  });

  it('falls back from the translated path too (OpenAI caller, Anthropic target)', async () => {
    const stream = await harness.openai.chat.completions.create({
      model: 'claude-first',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('answer from beta');
    expect(anthropic.calls()).toBe(2);
  });
});
