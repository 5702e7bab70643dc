import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion } from '../../helpers/mock-openai';
import { startHarness, type Harness } from '../../helpers/gateway-harness';
import { adminJson, curlJson, type Json } from '../prompts/prompt-helpers';

/**
 * An upstream where one model fails for odd-numbered customers (every time, so retries cannot hide it) and the
 * other never fails: the experiment's error rates differ by design.
 */
async function startJudgeUpstream(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
      const text = JSON.stringify(body.messages);
      const odd = /customer-\d*[13579]\b/.test(text);
      if (body.model === 'flaky-model' && odd) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"flaky model failed","type":"server_error"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(chatCompletion(`answer from ${body.model}`)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('experiment results from real traffic', () => {
  let harness: Harness;
  let judge: Awaited<ReturnType<typeof startJudgeUpstream>>;
  beforeAll(async () => {
    harness = await startHarness();
    judge = await startJudgeUpstream();
    const provider = await adminJson(harness, 'POST', '/admin/providers', {
      id: 'judge',
      type: 'openai-compatible',
      baseUrl: judge.url,
    });
    expect(provider.status).toBe(201);
    await adminJson(harness, 'POST', '/admin/prompts', {
      slug: 'greeting',
      name: 'Greeting',
      version: {
        messages: [{ role: 'user', content: 'Greet {{customer}}.' }],
        variables: [{ name: 'customer', type: 'string' }],
        model: 'judge/steady-model',
      },
      labels: ['production'],
    });
  });
  afterAll(async () => {
    await harness.stop();
    await judge.stop();
  });

  it('reports error rates and feedback per arm, with p-values once each arm has enough data', async () => {
    const created = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'Flaky model',
      target: { kind: 'prompt', prompt: 'greeting', label: 'production' },
      arms: [
        { name: 'steady', weight: 50 },
        { name: 'flaky', model: 'judge/flaky-model', weight: 50 },
      ],
    });
    const id = created.body.id as string;
    await adminJson(harness, 'POST', `/admin/experiments/${id}/status`, { status: 'running' });

    const early = await adminJson(harness, 'GET', `/admin/experiments/${id}/results`);
    expect(early.body.comparisons[0].metrics.every((metric: Json) => metric.enoughData === false)).toBe(true);

    for (let index = 0; index < 140; index += 1) {
      const customer = `customer-${index}`;
      const response = await curlJson(
        harness,
        '/v1/prompts/greeting/completions',
        { variables: { customer }, label: 'production' },
        { 'x-gatehouse-user': customer },
      );
      await response.text();
      const arm = response.headers.get('x-gatehouse-experiment')!.split(':')[1];
      if (response.status !== 200) continue;
      // Users like the steady model's answers and not the flaky one's.
      const feedback = await curlJson(harness, '/v1/feedback', {
        request_id: response.headers.get('x-gatehouse-request-id'),
        score: arm === 'steady' ? 1 : -1,
      });
      expect(feedback.status).toBe(200);
    }

    const { body } = await adminJson(harness, 'GET', `/admin/experiments/${id}/results`);
    const steady = body.arms.find((arm: Json) => arm.arm === 'steady');
    const flaky = body.arms.find((arm: Json) => arm.arm === 'flaky');
    expect(steady.requests + flaky.requests).toBe(140);
    expect(steady).toMatchObject({ isControl: true, errors: 0, errorRate: 0 });
    expect(flaky.errors).toBeGreaterThan(0);
    expect(flaky.errorRate).toBeCloseTo(flaky.errors / flaky.requests, 12);
    expect(steady.feedback).toMatchObject({ count: steady.requests, mean: 1, positiveRate: 1 });
    expect(flaky.feedback).toMatchObject({ count: flaky.requests - flaky.errors, mean: 0, positiveRate: 0 });
    expect(steady.latencyMs.p50).toBeGreaterThan(0);
    expect(steady.latencyMs.p95).toBeGreaterThanOrEqual(steady.latencyMs.p50);

    const metrics = Object.fromEntries(
      body.comparisons[0].metrics.map((metric: Json) => [metric.metric, metric]),
    );
    expect(metrics.errorRate).toMatchObject({
      test: 'two-proportion-z',
      enoughData: true,
      significant: true,
    });
    expect(metrics.errorRate.difference).toBeCloseTo(flaky.errorRate, 12);
    expect(metrics.errorRate.ciLow).toBeGreaterThan(0);
    expect(metrics.errorRate.pValue).toBeLessThan(0.001);
    expect(metrics.latencyMs.test).toBe('welch-t');
  });
});
