import { describe, expect, it } from 'vitest';
import {
  armForBucket,
  bucketOf,
  BUCKETS,
  experimentSubject,
} from '../../../src/gateway/experiments/arm-assignment';

const arms = [
  { name: 'control', weight: 50 },
  { name: 'shorter', weight: 30 },
  { name: 'gpt-5', weight: 20 },
];

describe('sticky arm assignment', () => {
  it('gives the same subject the same arm 1,000 times out of 1,000', () => {
    const first = armForBucket(arms, bucketOf('exp_0123456789ab', 'user-42')).name;
    let same = 0;
    for (let index = 0; index < 1000; index += 1) {
      if (armForBucket(arms, bucketOf('exp_0123456789ab', 'user-42')).name === first) same += 1;
    }
    expect(same).toBe(1000);
  });

  it('splits 10,000 subjects within ±3% of the weights', () => {
    const counts = new Map<string, number>(arms.map((arm) => [arm.name, 0]));
    for (let index = 0; index < 10_000; index += 1) {
      const arm = armForBucket(arms, bucketOf('exp_0123456789ab', `subject-${index}`));
      counts.set(arm.name, counts.get(arm.name)! + 1);
    }
    for (const arm of arms) {
      const share = (counts.get(arm.name)! / 10_000) * 100;
      expect(Math.abs(share - arm.weight)).toBeLessThanOrEqual(3);
    }
  });

  it('splits the same subjects independently in another experiment', () => {
    let moved = 0;
    for (let index = 0; index < 1000; index += 1) {
      const one = armForBucket(arms, bucketOf('exp_aaaaaaaaaaaa', `s${index}`)).name;
      const two = armForBucket(arms, bucketOf('exp_bbbbbbbbbbbb', `s${index}`)).name;
      if (one !== two) moved += 1;
    }
    // Independent splits of 50/30/20 disagree for 62% of subjects; identical ones would never.
    expect(moved).toBeGreaterThan(450);
  });

  it('maps buckets to arms by cumulative weight, never to an arm of weight 0', () => {
    const withZero = [
      { name: 'a', weight: 12.5 },
      { name: 'off', weight: 0 },
      { name: 'b', weight: 87.5 },
    ];
    expect(armForBucket(withZero, 0).name).toBe('a');
    expect(armForBucket(withZero, 1249).name).toBe('a');
    expect(armForBucket(withZero, 1250).name).toBe('b');
    expect(armForBucket(withZero, BUCKETS - 1).name).toBe('b');
  });

  it('takes the subject from the header, then user, then metadata.user_id, else a random one', () => {
    const body = { user: 'body-user', metadata: { user_id: 'meta-user' } };
    expect(experimentSubject({ 'x-gatehouse-user': 'header-user' }, body)).toEqual({
      id: 'header-user',
      random: false,
    });
    expect(experimentSubject({}, body).id).toBe('body-user');
    expect(experimentSubject({}, { metadata: { user_id: 'meta-user' } }).id).toBe('meta-user');
    const one = experimentSubject({}, {});
    const two = experimentSubject({}, {});
    expect(one.random).toBe(true);
    expect(one.id).not.toBe(two.id);
  });
});
