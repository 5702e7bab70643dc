import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { tempDir } from '../../helpers/gateway-harness';
import { parseSse } from '../../helpers/wire-reducers';

const KEY = 'gh_faults_key_0123456789abcdefgh';
const GEMINI_CHUNK = (text: string) =>
  JSON.stringify({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  });

describe('translation under faults', () => {
  let gateway: RunningGateway;
  let upstream: http.Server;
  let behaviour: 'malformed' | 'ok' | 'rate-limited' = 'ok';

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (behaviour === 'rate-limited') {
          // Gemini's real 429 body: the wait is in a RetryInfo detail, not a header.
          response.writeHead(429, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              error: {
                code: 429,
                message: 'You exceeded your current quota.',
                status: 'RESOURCE_EXHAUSTED',
                details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' }],
              },
            }),
          );
          return;
        }
        if (request.url?.includes(':generateContent')) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              candidates: [
                {
                  content: { role: 'model', parts: [{ text: 'Hello world' }] },
                  finishReason: 'STOP',
                  index: 0,
                },
              ],
              usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2 },
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`data: ${GEMINI_CHUNK('Hello')}\n\n`);
        if (behaviour === 'malformed') response.write('data: {"candidates": [{"content": \n\n');
        response.end(
          `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: ' world' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2 } })}\n\n`,
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    gateway = await startGateway({
      dataDir: tempDir(),
      port: 0,
      host: '127.0.0.1',
      env: { KEY, UPSTREAM: 'sk-faults' },
      config: {
        providers: [
          {
            id: 'gemini',
            type: 'gemini',
            baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1beta`,
            apiKey: 'env:UPSTREAM',
          },
        ],
        keys: [{ name: 'faults', key: 'env:KEY' }],
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const post = (path: string, body: unknown) =>
    fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function logRow(id: string): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      gateway.services.logWriter.flush();
      const row = gateway.services.logs.get(id);
      if (row) return row as unknown as Record<string, unknown>;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no log row ${id}`);
  }

  it('a malformed upstream chunk ends an OpenAI stream with an error event and a logged error; the gateway keeps serving', async () => {
    behaviour = 'malformed';
    const response = await post('/v1/chat/completions', {
      model: 'gemini/gemini-2.5-flash',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(JSON.parse(events[1]!.data).choices[0].delta.content).toBe('Hello');
    const last = JSON.parse(events.at(-1)!.data) as { error?: { message: string } };
    expect(last.error?.message).toMatch(/malformed/i);
    // The text after the bad chunk is not delivered as if nothing happened.
    expect(events.map((event) => event.data).join('')).not.toContain(' world');
    const row = await logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ outcome: 'error' });
    expect(String(row.error)).toMatch(/malformed/i);

    behaviour = 'ok';
    const client = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const ok = await client.chat.completions.create({
      model: 'gemini/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of ok) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello world');
  });

  it('a malformed upstream chunk ends an Anthropic stream with an error event the SDK raises', async () => {
    behaviour = 'malformed';
    const client = new Anthropic({ apiKey: KEY, baseURL: gateway.url, maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'gemini/gemini-2.5-flash',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/malformed/i);
  });

  it('a Gemini 429 stays 429 with Retry-After from its RetryInfo, in each caller format', async () => {
    behaviour = 'rate-limited';
    const openAiCaller = await post('/v1/chat/completions', {
      model: 'gemini/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(openAiCaller.status).toBe(429);
    expect(openAiCaller.headers.get('retry-after')).toBe('35');
    expect(((await openAiCaller.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    const anthropicCaller = await post('/v1/messages', {
      model: 'gemini/gemini-2.5-flash',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(anthropicCaller.status).toBe(429);
    expect(anthropicCaller.headers.get('retry-after')).toBe('35');
    expect(await anthropicCaller.json()).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
    });
    behaviour = 'ok';
  });

  it('settings the provider cannot honour come back in x-gatehouse-warnings and the log', async () => {
    behaviour = 'ok';
    const response = await post('/v1/chat/completions', {
      model: 'gemini/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
      logit_bias: { '50256': -100 },
      seed: 7,
    });
    expect(response.status).toBe(200);
    const warnings = response.headers.get('x-gatehouse-warnings');
    expect(warnings).toContain('logit_bias');
    expect(warnings).toContain('seed');
    const row = await logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(String(row.warnings)).toContain('logit_bias');
  });

  it('count_tokens answers with an estimate in Anthropic shape', async () => {
    const response = await post('/v1/messages/count_tokens', {
      model: 'gemini/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'x'.repeat(400) }],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { input_tokens: number };
    expect(body.input_tokens).toBeGreaterThanOrEqual(100);
    expect(body.input_tokens).toBeLessThan(120);
  });

  it('bad Anthropic input gets Anthropic-shaped errors', async () => {
    const missingMaxTokens = await post('/v1/messages', {
      model: 'gemini/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(missingMaxTokens.status).toBe(400);
    expect(await missingMaxTokens.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    });
    const unknownProvider = await post('/v1/messages', { model: 'nope/x', max_tokens: 5, messages: [] });
    expect(unknownProvider.status).toBe(404);
    expect(await unknownProvider.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    const noKey = await fetch(`${gateway.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });
});
