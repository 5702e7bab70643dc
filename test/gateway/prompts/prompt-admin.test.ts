import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../src/gateway/start-gateway';
import { startHarness, type Harness } from '../../helpers/gateway-harness';
import { adminJson, createSupportPrompt, supportVersion } from './prompt-helpers';

describe('prompt registry admin API', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    await createSupportPrompt(harness);
  });
  afterAll(async () => harness.stop());

  it('creates a prompt with its first version, labelled latest and production', async () => {
    const { status, body } = await adminJson(harness, 'GET', '/admin/prompts/support-reply');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      slug: 'support-reply',
      name: 'Support reply',
      latestVersion: 1,
      labels: { latest: 1, production: 1 },
      latest: { version: 1, model: 'openai/gpt-4o-mini', commitMessage: 'First version' },
    });
    expect(body.latest.labels.sort()).toEqual(['latest', 'production']);
    const list = await adminJson(harness, 'GET', '/admin/prompts');
    expect(list.body.items.map((item: { slug: string }) => item.slug)).toContain('support-reply');
    expect(
      (await adminJson(harness, 'POST', '/admin/prompts', { slug: 'support-reply', name: 'x' })).status,
    ).toBe(409);
  });

  it('never edits a version: editing creates a new one, and the stored version refuses changes', async () => {
    const before = (await adminJson(harness, 'GET', '/admin/prompts/support-reply/versions/1')).body;
    for (const method of ['PUT', 'PATCH']) {
      const attempt = await adminJson(harness, method, '/admin/prompts/support-reply/versions/1', {
        ...supportVersion,
        model: 'openai/gpt-4o',
      });
      expect(attempt.status).toBe(404);
    }
    const edited = await adminJson(harness, 'POST', '/admin/prompts/support-reply/versions', {
      ...supportVersion,
      model: 'openai/gpt-4o',
      commitMessage: 'Bigger model',
    });
    expect(edited.status).toBe(201);
    expect(edited.body).toMatchObject({ version: 2, model: 'openai/gpt-4o', labels: ['latest'] });
    const after = (await adminJson(harness, 'GET', '/admin/prompts/support-reply/versions/1')).body;
    expect(after).toEqual({ ...before, labels: ['production'] });

    // Even a direct write to the database cannot change a stored version.
    const db = new Database(path.join(harness.dataDir, DATABASE_FILE));
    try {
      expect(() =>
        db
          .prepare(`UPDATE prompt_versions SET model = 'x/y' WHERE prompt = 'support-reply' AND version = 1`)
          .run(),
      ).toThrow(/immutable/);
    } finally {
      db.close();
    }
  });

  it('refuses a version whose template uses an undeclared variable', async () => {
    const { status, body } = await adminJson(harness, 'POST', '/admin/prompts/support-reply/versions', {
      ...supportVersion,
      messages: [{ role: 'user', content: 'Hi {{custmer}}' }],
    });
    expect(status).toBe(400);
    expect(body.error.message).toContain('{{custmer}}');
    const unknownField = await adminJson(harness, 'POST', '/admin/prompts/support-reply/versions', {
      ...supportVersion,
      temprature: 1,
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toContain('temprature');
  });

  it('moves labels, keeps their history, and rolls back to where a label pointed before', async () => {
    const moved = await adminJson(harness, 'PUT', '/admin/prompts/support-reply/labels/production', {
      version: 2,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: 'production', version: 2, movable: true });
    expect((await adminJson(harness, 'GET', '/admin/prompts/support-reply')).body.labels).toMatchObject({
      production: 2,
      latest: 2,
    });

    const rolledBack = await adminJson(
      harness,
      'POST',
      '/admin/prompts/support-reply/labels/production/rollback',
    );
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body.version).toBe(1);

    const history = await adminJson(harness, 'GET', '/admin/prompts/support-reply/labels/production/history');
    expect(
      history.body.items.map((move: { fromVersion: number | null; toVersion: number; reason: string }) => [
        move.fromVersion,
        move.toVersion,
        move.reason,
      ]),
    ).toEqual([
      [2, 1, 'rollback'],
      [1, 2, 'move'],
      [null, 1, 'move'],
    ]);

    const staging = await adminJson(harness, 'PUT', '/admin/prompts/support-reply/labels/staging', {
      version: 2,
    });
    expect(staging.status).toBe(200);
    const labels = await adminJson(harness, 'GET', '/admin/prompts/support-reply/labels');
    expect(
      labels.body.items.map((label: { name: string; version: number }) => `${label.name}=${label.version}`),
    ).toEqual(['latest=2', 'production=1', 'staging=2']);
  });

  it('keeps latest automatic, and refuses labels pointing at versions that do not exist', async () => {
    const latest = await adminJson(harness, 'PUT', '/admin/prompts/support-reply/labels/latest', {
      version: 1,
    });
    expect(latest.status).toBe(400);
    expect(latest.body.error.message).toContain('latest');
    expect(
      (await adminJson(harness, 'PUT', '/admin/prompts/support-reply/labels/production', { version: 99 }))
        .status,
    ).toBe(404);
    expect(
      (await adminJson(harness, 'PUT', '/admin/prompts/nosuch/labels/production', { version: 1 })).status,
    ).toBe(404);
  });

  it('diffs two versions, naming the changed lines and config fields', async () => {
    await adminJson(harness, 'POST', '/admin/prompts/support-reply/versions', {
      ...supportVersion,
      messages: [
        supportVersion.messages[0],
        {
          role: 'user',
          content: 'Customer {{customer}} asks about order {{order_id}}.\nReply in two sentences.',
        },
      ],
      params: { temperature: 0.5, max_tokens: 300 },
      commitMessage: 'Shorter replies',
    });
    const { status, body } = await adminJson(harness, 'GET', '/admin/prompts/support-reply/diff?from=1&to=3');
    expect(status).toBe(200);
    expect(body.messages[0].status).toBe('unchanged');
    expect(body.messages[1].status).toBe('changed');
    expect(body.messages[1].lines.filter((line: { kind: string }) => line.kind === 'added')).toEqual([
      { kind: 'added', text: 'Reply in two sentences.', fromLine: null, toLine: 2 },
    ]);
    expect(body.config).toEqual([{ field: 'params.temperature', from: 0.2, to: 0.5 }]);
    const models = await adminJson(harness, 'GET', '/admin/prompts/support-reply/diff?from=1&to=2');
    expect(models.body.config).toEqual([{ field: 'model', from: 'openai/gpt-4o-mini', to: 'openai/gpt-4o' }]);
    expect((await adminJson(harness, 'GET', '/admin/prompts/support-reply/diff?from=1&to=42')).status).toBe(
      404,
    );
  });

  it('renders a preview without calling a provider', async () => {
    const calls = harness.mock.requests.length;
    const { status, body } = await adminJson(harness, 'POST', '/admin/prompts/support-reply/render', {
      label: 'production',
      variables: { customer: 'Ada <ada@example.com>', order_id: 17 },
    });
    expect(status).toBe(200);
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are the support agent of Gatehouse. Answer in a friendly tone.' },
      { role: 'user', content: 'Customer Ada <ada@example.com> asks about order 17.' },
    ]);
    expect(harness.mock.requests.length).toBe(calls);
  });

  it('needs the admin token', async () => {
    const response = await fetch(`${harness.gateway.url}/admin/prompts`);
    expect(response.status).toBe(401);
  });

  it('deletes a prompt with its versions and labels', async () => {
    await createSupportPrompt(harness, 'throwaway');
    const removed = await adminJson(harness, 'DELETE', '/admin/prompts/throwaway');
    expect(removed.status).toBe(204);
    expect((await adminJson(harness, 'GET', '/admin/prompts/throwaway')).status).toBe(404);
  });
});
