import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Stream } from 'openai/streaming';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatChunks, chatCompletion } from '../../helpers/mock-openai';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';
import { adminJson, createSupportPrompt, curlJson, supportVersion, type Json } from './prompt-helpers';

const renderedSystem = 'You are the support agent of Gatehouse. Answer in a friendly tone.';
const renderedUser = 'Customer Ada asks about order 17.';
const variables = { customer: 'Ada', order_id: 17 };

describe('prompts in traffic', () => {
  let harness: Harness;
  const lastUpstream = () => harness.mock.requests.at(-1)!.body as Json;

  beforeAll(async () => {
    harness = await startHarness();
    await createSupportPrompt(harness);
    // Version 2 changes the model and the tone; production stays on version 1.
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
  afterAll(async () => harness.stop());

  it('answers POST /v1/prompts/:slug/completions from curl with the rendered template', async () => {
    const response = await curlJson(harness, '/v1/prompts/support-reply/completions', {
      variables,
      label: 'production',
      messages: [{ role: 'user', content: 'Also, can I change the address?' }],
      temperature: 0.9,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Your order ships today.' } }],
    });
    expect(lastUpstream()).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: renderedSystem },
        { role: 'user', content: renderedUser },
        { role: 'user', content: 'Also, can I change the address?' },
      ],
      // The caller's temperature wins over the version's 0.2; max_tokens comes from the version.
      temperature: 0.9,
      max_tokens: 300,
    });
    expect(lastUpstream()).not.toHaveProperty('metadata');
    expect(lastUpstream()).not.toHaveProperty('variables');

    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({
      endpoint: '/v1/prompts/:slug/completions',
      prompt: 'support-reply',
      promptVersion: 1,
      model: 'gpt-4o-mini',
      status: 200,
      keyName: 'test-script',
    });
    const filtered = await adminJson(harness, 'GET', '/admin/logs?prompt=support-reply');
    expect(filtered.body.items.map((item: Json) => item.id)).toContain(row.id);
  });

  it('streams the prompt API to curl', async () => {
    harness.mock.chat = { kind: 'sse', events: chatChunks(['Ships', ' today']) };
    const response = await curlJson(harness, '/v1/prompts/support-reply/completions', {
      variables,
      version: 2,
      stream: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const contents = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as Json).choices[0]?.delta?.content ?? '')
      .join('');
    expect(contents).toBe('Ships today');
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(lastUpstream()).toMatchObject({
      model: 'gpt-4o',
      stream: true,
      messages: [
        { role: 'system', content: renderedSystem.replace('friendly', 'formal') },
        { content: renderedUser },
      ],
    });
    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ prompt: 'support-reply', promptVersion: 2, stream: true });
  });

  it('is callable through the openai SDK, as a prompt API and as model "prompt:slug@label", streamed and not', async () => {
    const posted = await harness.client.post<ChatCompletion>('/prompts/support-reply/completions', {
      body: { variables, label: 'production' },
    });
    expect(posted.choices[0]?.message.content).toBe('Your order ships today.');

    harness.mock.chat = { kind: 'sse', events: chatChunks(['A', 'B', 'C']) };
    const stream = await harness.client.post<Stream<ChatCompletionChunk>>(
      '/prompts/support-reply/completions',
      {
        body: { variables, stream: true },
        stream: true,
      },
    );
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe('ABC');
    // No label: latest, which is version 2.
    expect(lastUpstream().model).toBe('gpt-4o');

    harness.mock.chat = { kind: 'json', body: chatCompletion('Via model name') };
    const metadata = { variables } as unknown as Record<string, string>;
    const { data, response } = await harness.client.chat.completions
      .create({
        model: 'prompt:support-reply@production',
        messages: [{ role: 'user', content: 'Thanks!' }],
        metadata,
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Via model name');
    expect(lastUpstream().messages).toEqual([
      { role: 'system', content: renderedSystem },
      { role: 'user', content: renderedUser },
      { role: 'user', content: 'Thanks!' },
    ]);
    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({
      endpoint: '/v1/chat/completions',
      prompt: 'support-reply',
      promptVersion: 1,
    });

    harness.mock.chat = { kind: 'sse', events: chatChunks(['Stre', 'amed']) };
    const chunks = await harness.client.chat.completions.create({
      model: 'prompt:support-reply@1',
      messages: [{ role: 'user', content: 'Thanks!' }],
      metadata,
      stream: true,
    });
    let text = '';
    for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Streamed');
    expect(lastUpstream()).toMatchObject({ model: 'gpt-4o-mini', stream: true });
  });

  it('answers /v1/messages callers (the Anthropic SDK) with the template as system prompt', async () => {
    const anthropic = new Anthropic({ apiKey: GATEWAY_KEY, baseURL: harness.gateway.url, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: 'prompt:support-reply@production',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Thanks!' }],
      metadata: { user_id: 'ada', variables } as unknown as Anthropic.Metadata,
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Your order ships today.' });
    expect(lastUpstream()).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      messages: [
        { role: 'system', content: renderedSystem },
        { role: 'user', content: renderedUser },
        { role: 'user', content: 'Thanks!' },
      ],
    });
  });

  it('names a missing or mistyped variable in a 400, in the caller format', async () => {
    const missing = await curlJson(harness, '/v1/prompts/support-reply/completions', {
      variables: { customer: 'Ada' },
    });
    expect(missing.status).toBe(400);
    const missingBody = (await missing.json()) as Json;
    expect(missingBody.error).toMatchObject({ type: 'invalid_request_error', param: 'variables.order_id' });
    expect(missingBody.error.message).toContain('Missing required variable "order_id"');

    const wrongType = await harness.client.chat.completions
      .create({
        model: 'prompt:support-reply',
        messages: [{ role: 'user', content: 'x' }],
        metadata: { variables: { customer: 'Ada', order_id: 'seventeen' } } as unknown as Record<
          string,
          string
        >,
      })
      .catch((error: unknown) => error);
    expect(wrongType).toBeInstanceOf(OpenAI.BadRequestError);
    expect((wrongType as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
      'Variable "order_id" must be a number',
    );

    const anthropic = await curlJson(harness, '/v1/messages', {
      model: 'prompt:support-reply',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(anthropic.status).toBe(400);
    const anthropicBody = (await anthropic.json()) as Json;
    expect(anthropicBody).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(anthropicBody.error.message).toContain('"customer"');
  });

  it('answers 404 for an unknown prompt, label or version, in the caller format', async () => {
    const unknownPrompt = await curlJson(harness, '/v1/prompts/nosuch/completions', { variables });
    expect(unknownPrompt.status).toBe(404);
    expect(((await unknownPrompt.json()) as Json).error.message).toContain('No prompt named "nosuch"');

    const unknownLabel = await curlJson(harness, '/v1/prompts/support-reply/completions', {
      variables,
      label: 'canary',
    });
    expect(unknownLabel.status).toBe(404);
    expect(((await unknownLabel.json()) as Json).error).toMatchObject({ type: 'not_found_error' });

    const unknownVersion = await harness.client.chat.completions
      .create({ model: 'prompt:support-reply@9', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(unknownVersion).toBeInstanceOf(OpenAI.NotFoundError);

    const anthropic = await curlJson(harness, '/v1/messages', {
      model: 'prompt:support-reply@canary',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(anthropic.status).toBe(404);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('serves where the label points now: moving and rolling back changes the next call', async () => {
    await adminJson(harness, 'PUT', '/admin/prompts/support-reply/labels/production', { version: 2 });
    await harness.client.post('/prompts/support-reply/completions', {
      body: { variables, label: 'production' },
    });
    expect(lastUpstream().model).toBe('gpt-4o');
    await adminJson(harness, 'POST', '/admin/prompts/support-reply/labels/production/rollback');
    await harness.client.post('/prompts/support-reply/completions', {
      body: { variables, label: 'production' },
    });
    expect(lastUpstream().model).toBe('gpt-4o-mini');
  });

  it('needs a gateway key, and refuses a model in the prompt API body', async () => {
    const anonymous = await fetch(`${harness.gateway.url}/v1/prompts/support-reply/completions`, {
      method: 'POST',
      body: JSON.stringify({ variables }),
    });
    expect(anonymous.status).toBe(401);
    const withModel = await curlJson(harness, '/v1/prompts/support-reply/completions', {
      variables,
      model: 'openai/gpt-4o',
    });
    expect(withModel.status).toBe(400);
  });
});
