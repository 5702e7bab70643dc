import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoutingHarness, type RoutingHarness } from './routing-harness';

describe('a loadbalance route, end to end', () => {
  let harness: RoutingHarness;
  beforeAll(async () => {
    harness = await startRoutingHarness({
      routes: [
        {
          name: 'spread',
          strategy: 'loadbalance',
          targets: [
            { model: 'alpha/gpt-4o-mini', weight: 3 },
            { model: 'beta/gpt-4o-mini', weight: 1 },
          ],
        },
      ],
    });
  });
  afterAll(async () => harness.stop());

  it('sends requests to the targets by weight', async () => {
    const answers = new Map<string, number>();
    // Ten at a time: concurrent callers share one planner.
    for (let batch = 0; batch < 20; batch += 1) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          harness.openai.chat.completions.create({
            model: 'spread',
            messages: [{ role: 'user', content: 'x' }],
          }),
        ),
      );
      for (const reply of replies) {
        const text = reply.choices[0]?.message.content ?? '';
        answers.set(text, (answers.get(text) ?? 0) + 1);
      }
    }
    const alphaShare = (answers.get('answer from alpha') ?? 0) / 200;
    expect(answers.get('answer from alpha')! + answers.get('answer from beta')!).toBe(200);
    expect(Math.abs(alphaShare - 0.75)).toBeLessThanOrEqual(0.05);
  });
});
