import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/gateway/errors/gateway-error';
import { parsePromptModel } from '../../../src/gateway/prompts/prompt-reference';
import { renderTemplate, templateVariables } from '../../../src/gateway/prompts/prompt-template';
import { resolveVariables, variableProblems } from '../../../src/gateway/prompts/prompt-variables';
import type { PromptVariable } from '../../../src/shared/schemas/prompts';

const declared: PromptVariable[] = [
  { name: 'customer', type: 'string' },
  { name: 'count', type: 'number' },
  { name: 'vip', type: 'boolean', required: false },
  { name: 'tone', type: 'string', default: 'friendly' },
  { name: 'order', type: 'json', required: false },
];

function caught(work: () => unknown): GatewayError {
  try {
    work();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('prompt templates', () => {
  it('inserts values as they are, without HTML escaping, and objects as JSON', () => {
    const text = renderTemplate('Is {{a}} < {{b}}? {{{a}}} {{order}} {{order.id}}', {
      a: '<x & y>',
      b: 3,
      order: { id: 7 },
    });
    expect(text).toBe('Is <x & y> < 3? <x & y> {"id":7} 7');
  });

  it('finds the top-level variables a template uses', () => {
    expect(
      templateVariables(
        'Hi {{name}}, {{{raw}}} {{#items}}{{title}}{{/items}} {{^vip}}-{{/vip}} {{order.id}}',
      ),
    ).toEqual(['name', 'raw', 'items', 'vip', 'order']);
    expect(() => templateVariables('{{> header}}')).toThrow(/partials/);
    expect(() => templateVariables('{{#open}} never closed')).toThrow();
  });

  it('refuses templates that use undeclared variables, duplicate names and mistyped defaults', () => {
    const problems = variableProblems(
      [{ role: 'user', content: 'Hello {{customer}}, {{typo}}' }],
      [
        { name: 'customer', type: 'string' },
        { name: 'customer', type: 'string' },
        { name: 'limit', type: 'number', default: 'ten' },
      ],
    );
    expect(problems).toEqual([
      'variable "customer" is declared twice',
      'the default of variable "limit" must be a number, not string',
      'messages[0] uses {{typo}}, which is not declared in "variables"',
    ]);
  });

  it('fills defaults, ignores undeclared values, and names a missing or mistyped variable', () => {
    expect(resolveVariables(declared, { customer: 'Ada', count: 2, extra: 1 }, 'p')).toEqual({
      customer: 'Ada',
      count: 2,
      tone: 'friendly',
    });
    const missing = caught(() => resolveVariables(declared, { count: 2 }, 'prompt "p" version 1'));
    expect(missing.statusCode).toBe(400);
    expect(missing.message).toContain('Missing required variable "customer"');
    expect(missing.param).toBe('variables.customer');
    const wrong = caught(() => resolveVariables(declared, { customer: 'Ada', count: '2' }, 'p'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.message).toBe('Variable "count" must be a number for p, not string');
    expect(
      caught(() => resolveVariables(declared, { customer: 'Ada', count: 1, vip: 'yes' }, 'p')).message,
    ).toContain('"vip" must be a boolean');
  });

  it('reads prompt references', () => {
    expect(parsePromptModel('prompt:support')).toEqual({ slug: 'support', selector: { label: 'latest' } });
    expect(parsePromptModel('prompt:support@production')).toEqual({
      slug: 'support',
      selector: { label: 'production' },
    });
    expect(parsePromptModel('prompt:support@12')).toEqual({ slug: 'support', selector: { version: 12 } });
    expect(caught(() => parsePromptModel('prompt:Bad Slug')).statusCode).toBe(400);
    expect(caught(() => parsePromptModel('prompt:x@0')).statusCode).toBe(400);
  });
});
