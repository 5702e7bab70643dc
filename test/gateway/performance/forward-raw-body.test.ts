import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withModel } from '../../../src/gateway/proxy/raw-body';
import { chatChunks, sleep } from '../../helpers/mock-openai';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';

describe('withModel: the caller text with only the model changed', () => {
  it('replaces the top-level model and keeps every other byte', () => {
    const raw =
      '{ "messages" : [{"role":"user","content":"the \\"model\\" is"}],\n  "model" :  "local/a", "n":1 }';
    expect(withModel(raw, 'local/a', 'a')).toBe(
      '{ "messages" : [{"role":"user","content":"the \\"model\\" is"}],\n  "model" :  "a", "n":1 }',
    );
  });

  it('leaves nested model keys and model values alone', () => {
    const raw = '{"tools":[{"model":"local/a"}],"role":"model","model":"local/a"}';
    expect(withModel(raw, 'local/a', 'b')).toBe('{"tools":[{"model":"local/a"}],"role":"model","model":"b"}');
  });

  it('gives up when it cannot be sure', () => {
    // Given twice: JSON.parse keeps the last one.
    expect(withModel('{"model":"x","model":"y"}', 'y', 'z')).toBeNull();
    // A key spelled with an escape may be "model" too.
    expect(withModel('{"mod\\u0065l":"x","model":"x"}', 'x', 'z')).toBeNull();
    // The value parsed is not the one written here.
    expect(withModel('{"model":"x"}', 'y', 'z')).toBeNull();
    expect(withModel('{"messages":[]}', 'x', 'z')).toBeNull();
  });

  it('never changes what the body means beyond its model (property)', () => {
    const key = fc.oneof(fc.constantFrom('model', 'messages', 'mod\\u0065l', 'content'), fc.string());
    const value = fc.oneof(
      fc.constantFrom('model', 'x', '"quoted"', 'a\\b'),
      fc.json().map((t) => JSON.parse(t)),
    );
    fc.assert(
      fc.property(
        fc.dictionary(key, value),
        fc.string(),
        fc.string(),
        fc.constantFrom(0, 1, 2),
        (rest, model, target, indent) => {
          const body = { ...rest, model };
          const raw = JSON.stringify(body, null, indent);
          const edited = withModel(raw, model, target);
          // A serialiser writes one literal top-level "model" key: edited unless a top-level key has an escape.
          const escapedKey = Object.keys(body).some((name) => JSON.stringify(name).includes('\\'));
          if (!escapedKey) expect(edited).not.toBeNull();
          if (edited !== null) expect(JSON.parse(edited)).toEqual({ ...body, model: target });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the same-format fast path forwards the caller text', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.stop();
  });

  const send = (text: string) =>
    fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: text,
    });

  it('sends the upstream the bytes it received, bar the model name', async () => {
    // Key order, spacing, escapes and a number format JSON.stringify would rewrite (1.0, \u00e9).
    const text =
      '{\n  "temperature": 1.0,\n  "messages": [ {"role": "user", "content": "caf\\u00e9 \\"model\\""} ],\n  "model": "local/gpt-4o-mini"\n}';
    const response = await send(text);
    expect(response.status).toBe(200);
    expect(harness.mock.requests.at(-1)!.text).toBe(text.replace('"local/gpt-4o-mini"', '"gpt-4o-mini"'));
  });

  it('adds only the usage request to a stream', async () => {
    harness.mock.chat = { kind: 'sse', events: chatChunks(['Hi']) };
    const text = '{"model":"local/gpt-4o-mini", "stream":true, "messages":[{"role":"user","content":"x"}]}';
    const response = await send(text);
    expect(response.status).toBe(200);
    await response.text();
    expect(harness.mock.requests.at(-1)!.text).toBe(
      '{"stream_options":{"include_usage":true},"model":"gpt-4o-mini", "stream":true, "messages":[{"role":"user","content":"x"}]}',
    );
    await sleep(0);
  });

  it('relays plain stream chunks byte for byte, still reading and dropping the usage chunk', async () => {
    const chunks = chatChunks(['Hel', 'lo']);
    const usageChunk = chunks.at(-1)!;
    // An `id:` line the gateway would not write itself: it arrives only if the chunk went through untouched.
    const plain = chunks.slice(0, -1).map((chunk, index) => `${chunk}\nid: ${index}`);
    harness.mock.chat = { kind: 'sse', events: [...plain, usageChunk], gapMs: 5 };
    const response = await send(
      '{"model":"local/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"x"}]}',
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toBe(plain.map((chunk) => `data: ${chunk}\n\n`).join('') + 'data: [DONE]\n\n');
    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ inputTokens: 9, outputTokens: 2 });
  });
});
