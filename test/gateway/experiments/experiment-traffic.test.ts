import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion } from '../../helpers/mock-openai';
import { startHarness, type Harness } from '../../helpers/gateway-harness';
import {
  adminJson,
  createSupportPrompt,
  curlJson,
  supportVersion,
  type Json,
} from '../prompts/prompt-helpers';

const variables = { customer: 'Ada', order_id: 17 };

describe('experiments in traffic', () => {
  let harness: Harness;
  let experimentId: string;
  const lastUpstream = () => harness.mock.requests.at(-1)!.body as Json;

  /** One prompt API call as `user`; answers the arm header, the request id and the upstream body. */
  async function callAs(user: string) {
    const response = await curlJson(
      harness,
      '/v1/prompts/support-reply/completions',
      { variables, label: 'production' },
      { 'x-gatehouse-user': user },
    );
    expect(response.status).toBe(200);
    await response.text();
    return {
      arm: response.headers.get('x-gatehouse-experiment'),
      requestId: response.headers.get('x-gatehouse-request-id')!,
      upstream: lastUpstream(),
    };
  }

  beforeAll(async () => {
    harness = await startHarness();
    harness.mock.chat = { kind: 'json', body: chatCompletion('ok') };
    await createSupportPrompt(harness);
    await adminJson(harness, 'POST', '/admin/prompts/support-reply/versions', {
      ...supportVersion,
      messages: [
        { role: 'system', content: 'Support for {{company}}. Two sentences at most.' },
        supportVersion.messages[1],
      ],
      commitMessage: 'Shorter',
    });
  });
  afterAll(async () => harness.stop());

  it('refuses arms that cannot be split or served', async () => {
    const target = { kind: 'prompt', prompt: 'support-reply', label: 'production' };
    const badWeights = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'bad',
      target,
      arms: [
        { name: 'control', weight: 50 },
        { name: 'shorter', promptVersion: 2, weight: 40 },
      ],
    });
    expect(badWeights.status).toBe(400);
    expect(badWeights.body.error.message).toContain('sum to 100; they sum to 90');
    const unknownVersion = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'bad',
      target,
      arms: [
        { name: 'control', weight: 50 },
        { name: 'other', promptVersion: 7, weight: 50 },
      ],
      control: 'nosuch',
    });
    expect(unknownVersion.status).toBe(400);
    expect(unknownVersion.body.error.message).toContain('no version 7');
    expect(unknownVersion.body.error.message).toContain('control "nosuch"');
    const onLatest = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'bad',
      target: { ...target, label: 'latest' },
      arms: [
        { name: 'a', weight: 50 },
        { name: 'b', weight: 50 },
      ],
    });
    expect(onLatest.status).toBe(400);
    const unknownPrompt = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'bad',
      target: { ...target, prompt: 'nosuch' },
      arms: [
        { name: 'a', weight: 50 },
        { name: 'b', weight: 50 },
      ],
    });
    expect(unknownPrompt.status).toBe(404);
  });

  it('goes draft → running → paused → running, and only by allowed steps', async () => {
    const created = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'Shorter replies',
      target: { kind: 'prompt', prompt: 'support-reply', label: 'production' },
      arms: [
        { name: 'control', weight: 50 },
        { name: 'shorter', promptVersion: 2, weight: 50 },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', control: 'control', startedAt: null });
    experimentId = created.body.id;
    expect(experimentId).toMatch(/^exp_[0-9a-f]{12}$/);

    const status = (next: string) =>
      adminJson(harness, 'POST', `/admin/experiments/${experimentId}/status`, { status: next });
    expect((await status('paused')).status).toBe(409);
    // A draft does not touch traffic.
    expect((await callAs('someone')).arm).toBeNull();
    expect((await status('running')).body).toMatchObject({ status: 'running' });
    expect((await status('paused')).body.status).toBe('paused');
    expect((await callAs('someone')).arm).toBeNull();
    expect((await status('running')).body.status).toBe('running');
    const edit = await adminJson(harness, 'PATCH', `/admin/experiments/${experimentId}`, {
      arms: [
        { name: 'control', weight: 10 },
        { name: 'shorter', promptVersion: 2, weight: 90 },
      ],
    });
    expect(edit.status).toBe(409);
  });

  it('assigns each subject a sticky arm, returns it in x-gatehouse-experiment and logs it', async () => {
    const seen = new Map<string, string>();
    for (let user = 0; user < 12; user += 1) {
      const first = await callAs(`user-${user}`);
      const second = await callAs(`user-${user}`);
      expect(first.arm).toMatch(new RegExp(`^${experimentId}:(control|shorter)$`));
      expect(second.arm).toBe(first.arm);
      const arm = first.arm!.split(':')[1]!;
      seen.set(`user-${user}`, arm);
      const system = (first.upstream.messages as Json[])[0]!.content as string;
      expect(system).toBe(
        arm === 'shorter'
          ? 'Support for Gatehouse. Two sentences at most.'
          : 'You are the support agent of Gatehouse. Answer in a friendly tone.',
      );
      const row = await harness.logRow(first.requestId);
      expect(row).toMatchObject({
        experimentId,
        experimentArm: arm,
        prompt: 'support-reply',
        promptVersion: arm === 'shorter' ? 2 : 1,
      });
    }
    expect(new Set(seen.values())).toEqual(new Set(['control', 'shorter']));
    const filtered = await adminJson(harness, 'GET', `/admin/logs?experiment=${experimentId}&limit=500`);
    expect(filtered.body.items.length).toBe(24);
  });

  it('takes the subject from the OpenAI "user" field when there is no header', async () => {
    const client = harness.client;
    const arms = new Set<string | null>();
    for (let index = 0; index < 5; index += 1) {
      const { response } = await client.chat.completions
        .create({
          model: 'prompt:support-reply@production',
          messages: [{ role: 'user', content: 'hi' }],
          user: 'user-3',
          metadata: { variables } as unknown as Record<string, string>,
        })
        .withResponse();
      arms.add(response.headers.get('x-gatehouse-experiment'));
    }
    expect(arms.size).toBe(1);
  });

  it('refuses to move a label under experiment', async () => {
    const moved = await adminJson(harness, 'PUT', '/admin/prompts/support-reply/labels/production', {
      version: 2,
    });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toContain(experimentId);
  });

  it('links feedback to the request arm and shows it in the results', async () => {
    const control = await findUserInArm('control');
    const shorter = await findUserInArm('shorter');
    const thumbsDown = await curlJson(harness, '/v1/feedback', { request_id: control.requestId, score: -1 });
    expect(thumbsDown.status).toBe(200);
    expect(await thumbsDown.json()).toMatchObject({ score: 0, rawScore: -1, arm: 'control', experimentId });
    const feedback = await harness.client.post<Json>('/feedback', {
      body: { request_id: shorter.requestId, score: 0.8, comment: 'concise' },
    });
    expect(feedback).toMatchObject({ score: 0.8, arm: 'shorter', prompt: 'support-reply', promptVersion: 2 });

    const results = await adminJson(harness, 'GET', `/admin/experiments/${experimentId}/results`);
    expect(results.status).toBe(200);
    const byArm = Object.fromEntries(results.body.arms.map((arm: Json) => [arm.arm, arm]));
    expect(byArm.control.feedback).toEqual({ count: 1, mean: 0, positiveRate: 0 });
    expect(byArm.shorter.feedback).toEqual({ count: 1, mean: 0.8, positiveRate: 1 });
    const logged = await adminJson(harness, 'GET', `/admin/logs?experiment=${experimentId}&limit=500`);
    expect(byArm.control.requests + byArm.shorter.requests).toBe(logged.body.items.length);
    expect(byArm.control.requests).toBe(
      logged.body.items.filter((item: Json) => item.experimentArm === 'control').length,
    );
    expect(byArm.control.latencyMs.p50).toBeGreaterThan(0);
    const comparison = results.body.comparisons[0];
    expect(comparison).toMatchObject({ arm: 'shorter', control: 'control' });
    const score = comparison.metrics.find((metric: Json) => metric.metric === 'feedbackScore');
    expect(score).toMatchObject({ enoughData: false, pValue: null, difference: 0.8 });
    expect(score.message).toContain('Not enough data');

    const listed = await adminJson(harness, 'GET', `/admin/experiments/${experimentId}/feedback?arm=shorter`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ requestId: shorter.requestId, comment: 'concise' }),
    ]);
  });

  it('refuses bad scores, unknown requests, and requests of another key', async () => {
    const { requestId } = await callAs('user-0');
    for (const score of [2, -0.5, '1', null]) {
      const response = await curlJson(harness, '/v1/feedback', { request_id: requestId, score });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Json).error.param).toBe('score');
    }
    const unknown = await curlJson(harness, '/v1/feedback', { request_id: 'req_nosuch', score: 1 });
    expect(unknown.status).toBe(404);

    const other = await adminJson(harness, 'POST', '/admin/keys', { name: 'other-script' });
    const otherClient = new OpenAI({
      apiKey: other.body.key,
      baseURL: `${harness.gateway.url}/v1`,
      maxRetries: 0,
    });
    const refused = await otherClient
      .post('/feedback', { body: { request_id: requestId, score: 1 } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('promotes the winner: moves the label, stops the experiment, and traffic follows', async () => {
    const promoted = await adminJson(harness, 'POST', `/admin/experiments/${experimentId}/promote`, {
      arm: 'shorter',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({
      experiment: { status: 'stopped', promotedArm: 'shorter' },
      label: { name: 'production', version: 2 },
      createdVersion: null,
    });
    const history = await adminJson(harness, 'GET', '/admin/prompts/support-reply/labels/production/history');
    expect(history.body.items[0]).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      reason: `promote ${experimentId}`,
    });
    const after = await callAs('user-0');
    expect(after.arm).toBeNull();
    expect((after.upstream.messages as Json[])[0]!.content).toBe(
      'Support for Gatehouse. Two sentences at most.',
    );
    const restart = await adminJson(harness, 'POST', `/admin/experiments/${experimentId}/status`, {
      status: 'running',
    });
    expect(restart.status).toBe(409);
    // The label is free again.
    expect(
      (await adminJson(harness, 'PUT', '/admin/prompts/support-reply/labels/production', { version: 1 }))
        .status,
    ).toBe(200);
  });

  it('promotes a model arm of a prompt experiment as a new version', async () => {
    const created = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'Bigger model',
      target: { kind: 'prompt', prompt: 'support-reply', label: 'production' },
      arms: [
        { name: 'mini', weight: 50 },
        { name: 'large', model: 'openai/gpt-4o', weight: 50 },
      ],
    });
    const id = created.body.id as string;
    await adminJson(harness, 'POST', `/admin/experiments/${id}/status`, { status: 'running' });
    const promoted = await adminJson(harness, 'POST', `/admin/experiments/${id}/promote`, { arm: 'large' });
    expect(promoted.body).toMatchObject({ createdVersion: 3, label: { name: 'production', version: 3 } });
    const version = await adminJson(harness, 'GET', '/admin/prompts/support-reply/versions/3');
    expect(version.body).toMatchObject({ model: 'openai/gpt-4o', messages: supportVersion.messages });
  });

  it('splits a route between models and promotes the winning model to the front of the route', async () => {
    const route = await adminJson(harness, 'POST', '/admin/routes', {
      name: 'fast',
      targets: [{ model: 'openai/gpt-4o-mini' }, { model: 'local/llama3' }],
    });
    expect(route.status).toBe(201);
    const created = await adminJson(harness, 'POST', '/admin/experiments', {
      name: 'Route models',
      target: { kind: 'route', route: 'fast' },
      arms: [
        { name: 'current', weight: 50 },
        { name: 'big', model: 'openai/gpt-4o', weight: 50 },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await adminJson(harness, 'POST', `/admin/experiments/${id}/status`, { status: 'running' });
    const models = new Map<string, string>();
    for (let user = 0; user < 10; user += 1) {
      const { response } = await harness.client.chat.completions
        .create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }], user: `route-user-${user}` })
        .withResponse();
      const arm = response.headers.get('x-gatehouse-experiment')!.split(':')[1]!;
      models.set(arm, lastUpstream().model as string);
    }
    expect(Object.fromEntries(models)).toEqual({ current: 'gpt-4o-mini', big: 'gpt-4o' });

    const promoted = await adminJson(harness, 'POST', `/admin/experiments/${id}/promote`, { arm: 'big' });
    expect(promoted.body.routeTargets).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini', 'local/llama3']);
    const after = await adminJson(harness, 'GET', '/admin/routes/fast');
    expect(after.body).toMatchObject({ strategy: 'fallback' });
    await harness.client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastUpstream().model).toBe('gpt-4o');
  });

  /** A request whose subject lands in `arm` (subjects are tried in turn, at most 50). */
  async function findUserInArm(arm: string) {
    for (let user = 0; user < 50; user += 1) {
      const call = await callAs(`feedback-user-${user}`);
      if (call.arm?.endsWith(`:${arm}`)) return call;
    }
    throw new Error(`no subject landed in ${arm}`);
  }
});
