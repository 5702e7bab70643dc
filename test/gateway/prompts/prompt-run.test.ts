import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatChunks, chatCompletion } from '../../helpers/mock-openai';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';
import { adminJson, createSupportPrompt, supportVersion, type Json } from './prompt-helpers';

const variables = { customer: 'Ada', order_id: 17 };

describe('the playground runs a prompt with the admin token (POST /admin/prompts/:slug/run)', () => {
  let harness: Harness;
  const lastUpstream = () => harness.mock.requests.at(-1)!.body as Json;
  const run = (body: unknown, slug = 'support-reply') =>
    adminJson(harness, 'POST', `/admin/prompts/${slug}/run`, body);

  beforeAll(async () => {
    harness = await startHarness();
    await createSupportPrompt(harness);
    // Version 2 is more formal and runs on gpt-4o; production stays on version 1.
    await adminJson(harness, 'POST', '/admin/prompts/support-reply/versions', {
      ...supportVersion,
      variables: supportVersion.variables.map((variable) =>
        variable.name === 'tone' ? { ...variable, default: 'formal' } : variable,
      ),
      model: 'openai/gpt-4o',
    });
  });
  beforeEach(() => {
    harness.mock.chat = { kind: 'json', body: chatCompletion('Your order ships today.') };
  });
  afterAll(async () => harness?.stop());

  it('sends the rendered template upstream and answers with the log row’s tokens, cost and latency', async () => {
    const sentBefore = harness.mock.requests.length;
    const answer = await run({
      variables,
      label: 'production',
      messages: [{ role: 'user', content: 'Also, can I change the address?' }],
      temperature: 0.9,
    });
    expect(answer.status).toBe(200);
    expect(harness.mock.requests.length).toBe(sentBefore + 1);
    expect(lastUpstream()).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are the support agent of Gatehouse. Answer in a friendly tone.' },
        { role: 'user', content: 'Customer Ada asks about order 17.' },
        { role: 'user', content: 'Also, can I change the address?' },
      ],
      temperature: 0.9,
      max_tokens: 300,
    });
    expect(lastUpstream()).not.toHaveProperty('metadata');
    // The provider key went upstream; no gateway key was needed anywhere.
    expect(harness.mock.requests.at(-1)!.headers.authorization).toMatch(/^Bearer sk-planted/);

    const { body } = answer;
    expect(body.response).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Your order ships today.' } }],
    });
    expect(answer.headers.get('x-gatehouse-request-id')).toBe(body.requestId);
    const row = await harness.logRow(body.requestId as string);
    expect(row).toMatchObject({
      endpoint: '/admin/prompts/:slug/completions',
      prompt: 'support-reply',
      promptVersion: 1,
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 200,
      outcome: 'ok',
      keyName: null,
    });
    expect(row.costUsd).toBeGreaterThan(0);
    expect(body).toMatchObject({
      prompt: 'support-reply',
      promptVersion: 1,
      model: 'openai/gpt-4o-mini',
      usage: { inputTokens: 12, outputTokens: 5 },
      cacheHit: false,
    });
    expect(body.usage).toEqual({ inputTokens: row.inputTokens, outputTokens: row.outputTokens });
    expect(body.costUsd).toBe(row.costUsd);
    expect(body.latencyMs).toBe(row.latencyMs);
    // Exactly one row for the run: the wrapper itself is not logged.
    const rows = await adminJson(harness, 'GET', '/admin/logs?prompt=support-reply&limit=50');
    expect(rows.body.items.filter((item: Json) => item.id === body.requestId)).toHaveLength(1);
    expect(rows.body.items.every((item: Json) => item.endpoint !== '/admin/prompts/:slug/run')).toBe(true);
  });

  it('runs a chosen version on a chosen model, and never takes part in an experiment', async () => {
    const created = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'Formal or friendly',
      target: { kind: 'prompt', prompt: 'support-reply', label: 'production' },
      arms: [
        { name: 'friendly', weight: 50 },
        { name: 'formal', promptVersion: 2, weight: 50 },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await adminJson(harness, 'POST', `/admin/experiments/${id}/status`, { status: 'running' });
    try {
      // A script on the label would be split between the arms; the playground runs what is on screen.
      for (let index = 0; index < 6; index += 1) {
        const answer = await run({ variables, label: 'production' });
        expect(answer.status).toBe(200);
        expect(answer.body.promptVersion).toBe(1);
        expect(answer.headers.get('x-gatehouse-experiment')).toBeNull();
        const row = await harness.logRow(answer.body.requestId as string);
        expect(row.experimentId).toBeUndefined();
      }
      const results = await adminJson(harness, 'GET', `/admin/experiments/${id}/results`);
      expect(results.body.arms.reduce((sum: number, arm: Json) => sum + arm.requests, 0)).toBe(0);
    } finally {
      await adminJson(harness, 'POST', `/admin/experiments/${id}/status`, { status: 'stopped' });
    }

    const answer = await run({ variables, version: 2, model: 'local/llama3.2' });
    expect(answer.status).toBe(200);
    expect(lastUpstream()).toMatchObject({
      model: 'llama3.2',
      messages: [{ role: 'system', content: expect.stringContaining('formal tone') }, { role: 'user' }],
    });
    const row = await harness.logRow(answer.body.requestId as string);
    expect(row).toMatchObject({
      prompt: 'support-reply',
      promptVersion: 2,
      provider: 'local',
      model: 'llama3.2',
    });
    expect(answer.body).toMatchObject({ promptVersion: 2, model: 'local/llama3.2' });
    expect(answer.body.costUsd).toBe(row.costUsd);
  });

  it('names a missing variable in a 400, in the admin error shape, and logs the failed call', async () => {
    const sentBefore = harness.mock.requests.length;
    const answer = await run({ variables: { customer: 'Ada' }, version: 1 });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ param: 'variables.order_id' });
    expect(answer.body.error.message).toContain('"order_id"');
    expect(harness.mock.requests.length).toBe(sentBefore);
    const row = await harness.logRow(answer.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ status: 400, outcome: 'error', prompt: 'support-reply', promptVersion: 1 });

    const wrongType = await run({ variables: { customer: 'Ada', order_id: 'seventeen' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toContain('order_id');
  });

  it('answers 404 for an unknown prompt, label or version, and 400 for a bad model or a stream', async () => {
    const unknown = await run({ variables }, 'no-such-prompt');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('No prompt named "no-such-prompt"');
    const label = await run({ variables, label: 'staging' });
    expect(label.status).toBe(404);
    expect(label.body.error.message).toContain('no label "staging"');
    const version = await run({ variables, version: 9 });
    expect(version.status).toBe(404);
    expect(version.body.error.message).toContain('no version 9');

    const otherPrompt = await run({ variables, model: 'prompt:support-reply@2' });
    expect(otherPrompt.status).toBe(400);
    expect(otherPrompt.body.error.param).toBe('model');
    const unknownModel = await run({ variables, model: 'nosuch/model' });
    expect(unknownModel.status).toBeGreaterThanOrEqual(400);
    expect(unknownModel.status).toBeLessThan(500);
    expect(unknownModel.body.error.message).toContain('nosuch');
    const streamed = await run({ variables, stream: true });
    expect(streamed.status).toBe(400);
    expect(streamed.body.error.param).toBe('stream');
  });

  it('passes an upstream error on with its status and message', async () => {
    harness.mock.chat = {
      kind: 'json',
      status: 400,
      body: { error: { message: 'Unsupported value: temperature 0.2', type: 'invalid_request_error' } },
    };
    const answer = await run({ variables });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('Unsupported value: temperature 0.2');
    const row = await harness.logRow(answer.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ status: 400, outcome: 'error', prompt: 'support-reply', promptVersion: 2 });
  });

  it('streams from the admin completion endpoint the run is built on', async () => {
    harness.mock.chat = { kind: 'sse', events: chatChunks(['Ships', ' today']) };
    const response = await harness.admin('/admin/prompts/support-reply/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables, version: 1, stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text).toContain('"content":"Ships"');
    expect(text).toContain('data: [DONE]');
    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ stream: true, prompt: 'support-reply', promptVersion: 1, outputTokens: 2 });
  });

  it('cancels the upstream call when the person leaves before the answer', async () => {
    harness.mock.chat = { kind: 'hang' };
    const sentBefore = harness.mock.requests.length;
    const closedBefore = harness.mock.closedSockets.length;
    const leaving = new AbortController();
    const pending = harness
      .admin('/admin/prompts/support-reply/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variables, version: 1, user: 'leaving-person' }),
        signal: leaving.signal,
      })
      .catch((error: unknown) => error);
    for (let wait = 0; wait < 250 && harness.mock.requests.length === sentBefore; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(harness.mock.requests.length).toBe(sentBefore + 1);
    leaving.abort();
    expect(await pending).toBeInstanceOf(Error);

    let cancelled: Json | undefined;
    for (let wait = 0; wait < 250 && !cancelled; wait += 1) {
      harness.gateway.services.logWriter.flush();
      const rows = await adminJson(harness, 'GET', '/admin/logs?prompt=support-reply&limit=5');
      cancelled = rows.body.items.find((item: Json) => item.status === 499);
      if (!cancelled) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(cancelled).toMatchObject({ outcome: 'cancelled', promptVersion: 1 });
    expect(harness.mock.closedSockets.length).toBeGreaterThan(closedBefore);
  });

  it('refuses callers without the admin token, and gateway keys', async () => {
    const sentBefore = harness.mock.requests.length;
    for (const path of ['/run', '/completions']) {
      const url = `${harness.gateway.url}/admin/prompts/support-reply${path}`;
      const body = JSON.stringify({ variables });
      const anonymous = await fetch(url, { method: 'POST', body });
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as Json).error.message).toContain('admin token');
      const withKey = await fetch(url, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${GATEWAY_KEY}` },
      });
      expect(withKey.status).toBe(401);
    }
    expect(harness.mock.requests.length).toBe(sentBefore);
  });
});
