import { describe, expect, it } from 'vitest';
import type { CostStats } from '../../../src/shared/schemas/cost-stats';
import { curlCommand } from '../../../src/renderer/src/screens/logs/curl-command';
import {
  emptyFilters,
  matchesFilters,
  toQueryParameters,
} from '../../../src/renderer/src/screens/logs/log-filters-model';
import { buildCostsModel, maxNamedStacks } from '../../../src/renderer/src/screens/costs/cost-chart-data';
import { toCsv } from '../../../src/renderer/src/screens/costs/cost-csv';
import {
  daysOf,
  matchingPreset,
  presetRange,
  rangeProblem,
} from '../../../src/renderer/src/screens/costs/cost-range';
import { seededRecord } from './seed-log-rows';

// The GUI's pure pieces (no DOM): what the Logs and Costs screens send, match, draw and export.

describe('copy as curl', () => {
  it('replays an OpenAI request with the key as a shell variable, quoting the body for the shell', () => {
    const { text, caveat } = curlCommand(
      { endpoint: '/v1/chat/completions', stream: false, requestBody: `{"messages":[{"content":"it's"}]}` },
      'http://127.0.0.1:4141/',
    );
    expect(text).toBe(
      [
        `curl 'http://127.0.0.1:4141/v1/chat/completions'`,
        `-H "Authorization: Bearer $GATEHOUSE_KEY"`,
        `-H 'content-type: application/json'`,
        `-d '{"messages":[{"content":"it'\\''s"}]}'`,
      ].join(' \\\n  '),
    );
    expect(caveat).toBeNull();
  });

  it('uses x-api-key for Anthropic, -N for streams, and says when the body was not logged or was cut', () => {
    const anthropic = curlCommand({ endpoint: '/v1/messages', stream: true, requestBody: null }, 'http://h');
    expect(anthropic.text).toContain(`curl -N 'http://h/v1/messages'`);
    expect(anthropic.text).toContain(`-H "x-api-key: $GATEHOUSE_KEY"`);
    expect(anthropic.text).toContain('-d @request.json');
    expect(anthropic.caveat).toMatch(/not logged/);
    const cut = curlCommand(
      { endpoint: '/v1/chat/completions', stream: false, requestBody: '{"a":"b… [truncated 12 characters]' },
      'http://h',
    );
    expect(cut.caveat).toMatch(/cut/);
    const models = curlCommand({ endpoint: '/v1/models', stream: false, requestBody: null }, 'http://h');
    expect(models.text).not.toContain('-d');
    const rest = curlCommand(
      { endpoint: '/apis/github/repos', stream: false, requestBody: null, method: 'delete' },
      'http://h',
    );
    expect(rest.text).toContain('-X DELETE');
    expect(rest.text).not.toContain('-d');
  });
});

describe('log filters', () => {
  it('turns the status field into outcome, a status family or one code', () => {
    const query = (status: string) => toQueryParameters({ ...emptyFilters, status }).toString();
    expect(query('error')).toBe('outcome=error');
    expect(query('4xx')).toBe('statusClass=4xx');
    expect(query('429')).toBe('status=429');
    expect(query('whatever')).toBe('');
    expect(toQueryParameters({ ...emptyFilters, model: ' gpt-4o ', q: 'paris' }).toString()).toBe(
      'model=gpt-4o&q=paris',
    );
  });

  it('matches live records like the gateway does, free text in bodies included', () => {
    const record = { ...seededRecord({ time: 1, status: 503, outcome: 'error' }, 7), experimentId: 'exp1' };
    expect(matchesFilters(record, { ...emptyFilters, status: '5xx', model: 'gpt-4o-mini' })).toBe(true);
    expect(matchesFilters(record, { ...emptyFilters, status: 'ok' })).toBe(false);
    expect(matchesFilters(record, { ...emptyFilters, q: 'SEEDED QUESTION 7' })).toBe(true);
    expect(matchesFilters(record, { ...emptyFilters, experiment: 'exp1', key: 'ci' })).toBe(true);
    expect(matchesFilters(record, { ...emptyFilters, prompt: 'support-reply' })).toBe(false);
  });
});

describe('costs', () => {
  const stats = (stacks: string[]): CostStats => {
    const row = (group: string, costUsd: number) => ({
      group,
      requests: 1,
      errors: 0,
      inputTokens: 10,
      outputTokens: 5,
      cachedTokens: 0,
      costUsd,
      unpricedRequests: 0,
    });
    return {
      from: '2026-07-01T00:00:00.000Z',
      to: '2026-07-04T00:00:00.000Z',
      groupBy: 'day',
      rows: [row('2026-07-01', 1), row('2026-07-03', 2)],
      total: row('total', 3),
      stacked: stacks.map((stack, index) => ({
        ...row(index % 2 ? '2026-07-03' : '2026-07-01', index + 1),
        stack,
      })),
    };
  };
  const range = { from: '2026-07-01', to: '2026-07-03' };

  it('fills days without requests with zero and keys series safely (model names contain dots)', () => {
    const model = buildCostsModel(stats(['gpt-4.1', 'o3']), range);
    expect(model.daily.map((row) => [row.day, row.costUsd])).toEqual([
      ['2026-07-01', 1],
      ['2026-07-02', 0],
      ['2026-07-03', 2],
    ]);
    expect(model.series.map((series) => [series.name, series.label])).toEqual([
      ['s0', 'o3'],
      ['s1', 'gpt-4.1'],
    ]);
    expect(model.costByDay).toEqual([
      { day: '2026-07-01', s0: 0, s1: 1 },
      { day: '2026-07-02', s0: 0, s1: 0 },
      { day: '2026-07-03', s0: 2, s1: 0 },
    ]);
  });

  it('keeps the biggest stacks by name and sums the rest as Other', () => {
    const names = Array.from({ length: maxNamedStacks + 3 }, (_, index) => `model-${index}`);
    const model = buildCostsModel(stats(names), range);
    expect(model.series).toHaveLength(maxNamedStacks);
    expect(model.series.at(-1)?.label).toBe('Other');
    const drawn = model.costByDay.reduce(
      (sum, point) => sum + model.series.reduce((inner, series) => inner + Number(point[series.name]), 0),
      0,
    );
    expect(drawn).toBe(names.reduce((sum, _, index) => sum + index + 1, 0));
  });

  it('ranges: presets follow today, problems say how to fix them', () => {
    expect(presetRange(7, '2026-07-10')).toEqual({ from: '2026-07-04', to: '2026-07-10' });
    expect(matchingPreset({ from: '2026-07-04', to: '2026-07-10' }, '2026-07-10')).toBe(7);
    expect(matchingPreset({ from: '2026-07-05', to: '2026-07-10' }, '2026-07-10')).toBeNull();
    expect(daysOf({ from: '2026-02-27', to: '2026-03-01' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(rangeProblem({ from: '2026-07-10', to: '2026-07-01' })).toMatch(/swap/);
    expect(rangeProblem({ from: '', to: '2026-07-01' })).toMatch(/start date/);
    expect(rangeProblem({ from: '2020-01-01', to: '2026-07-01' })).toMatch(/at most/);
    expect(rangeProblem(range)).toBeNull();
  });

  it('CSV quotes what needs quoting', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
  });
});
