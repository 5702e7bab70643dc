import { describe, expect, it } from 'vitest';
import { diffVersions } from '../../../src/gateway/prompts/prompt-diff';
import type { PromptVersionRecord } from '../../../src/gateway/storage/prompt-repository';

function version(number: number, fields: Partial<PromptVersionRecord>): PromptVersionRecord {
  return {
    prompt: 'support',
    version: number,
    messages: [],
    variables: [],
    model: 'openai/gpt-4o-mini',
    params: {},
    commitMessage: '',
    createdAt: 0,
    ...fields,
  };
}

describe('diff between two prompt versions', () => {
  it('names the changed lines of each message and every changed config field', () => {
    const one = version(1, {
      messages: [
        { role: 'system', content: 'You are a support agent.\nBe brief.\nSign as Gatehouse.' },
        { role: 'user', content: 'Customer: {{customer}}' },
      ],
      variables: [{ name: 'customer', type: 'string' }],
      params: { temperature: 0.2, max_tokens: 200 },
    });
    const two = version(2, {
      messages: [
        { role: 'system', content: 'You are a support agent.\nBe warm and brief.\nSign as Gatehouse.' },
        { role: 'user', content: 'Customer: {{customer}}' },
        { role: 'assistant', content: 'Hello!' },
      ],
      variables: [
        { name: 'customer', type: 'string', required: false },
        { name: 'plan', type: 'string', default: 'free' },
      ],
      model: 'openai/gpt-4o',
      params: { temperature: 0.7, max_tokens: 200, top_p: 0.9 },
    });
    const diff = diffVersions(one, two);
    expect(diff).toMatchObject({ prompt: 'support', from: 1, to: 2, changed: true });
    expect(diff.messages.map((message) => message.status)).toEqual(['changed', 'unchanged', 'added']);
    const changedLines = diff.messages[0]!.lines.filter((line) => line.kind !== 'unchanged');
    expect(changedLines).toEqual([
      { kind: 'removed', text: 'Be brief.', fromLine: 2, toLine: null },
      { kind: 'added', text: 'Be warm and brief.', fromLine: null, toLine: 2 },
    ]);
    expect(diff.messages[2]!.lines).toEqual([{ kind: 'added', text: 'Hello!', fromLine: null, toLine: 1 }]);
    expect(diff.config).toEqual([
      { field: 'model', from: 'openai/gpt-4o-mini', to: 'openai/gpt-4o' },
      { field: 'params.temperature', from: 0.2, to: 0.7 },
      { field: 'params.top_p', from: null, to: 0.9 },
      { field: 'variables.customer.required', from: true, to: false },
      { field: 'variables.plan', from: null, to: { name: 'plan', type: 'string', default: 'free' } },
    ]);
  });

  it('reports no change between identical versions, whatever the key order', () => {
    const fields = {
      messages: [{ role: 'user' as const, content: 'a\nb' }],
      params: { response_format: { type: 'json_object', strict: true } },
    };
    const reordered = { ...fields, params: { response_format: { strict: true, type: 'json_object' } } };
    const diff = diffVersions(version(1, fields), version(2, reordered));
    expect(diff.changed).toBe(false);
    expect(diff.config).toEqual([]);
  });
});
