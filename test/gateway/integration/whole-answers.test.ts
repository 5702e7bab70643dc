import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion } from '../../helpers/mock-openai';
import { GATEWAY_KEY, PROVIDER_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';

// Non-streamed answers on the fast path are read straight from undici's callbacks (upstream/whole-response.ts)
// rather than through a body stream: the same behaviour a caller saw before must hold at its edges.
describe('non-streamed answers read whole', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.stop());

  const chat = (signal?: AbortSignal) =>
    fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      signal,
    });

  it('closes the upstream request when the caller goes away while waiting, and logs it cancelled', async () => {
    harness.mock.chat = { kind: 'hang' };
    const before = harness.mock.abandonedWaits;
    const controller = new AbortController();
    const pending = chat(controller.signal);
    // The request reached the upstream and waits there.
    const deadline = Date.now() + 5_000;
    while (harness.mock.requests.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(pending).rejects.toThrow();

    while (harness.mock.abandonedWaits === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.mock.abandonedWaits).toBe(before + 1);
    harness.gateway.services.logWriter.flush();
    const rows = (await (await harness.admin('/admin/logs?limit=1')).json()) as {
      items: Array<Record<string, unknown>>;
    };
    expect(rows.items[0]).toMatchObject({ outcome: 'cancelled', status: 499, stream: false });
  });

  it('passes on an upstream error whose body is huge as that status, in OpenAI shape, with no secret in it', async () => {
    const message = `quota exceeded for ${PROVIDER_KEY} ` + 'x'.repeat(2 * 1024 * 1024);
    harness.mock.chat = { kind: 'json', status: 429, body: { error: { message, type: 'rate_limit' } } };
    const response = await chat();
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.message).toMatch(/^Upstream openai: /);
    expect(body.error.message).toContain('quota exceeded for [redacted]');
    expect(body.error.message).not.toContain(PROVIDER_KEY);
    // Only the start of such a body is kept: the caller gets a message, not megabytes.
    expect(body.error.message.length).toBeLessThan(1_000);

    harness.mock.chat = { kind: 'json', body: chatCompletion('still serving') };
    const next = await harness.client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(next.choices[0]?.message.content).toBe('still serving');
  });
});
