import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ArmRecord } from '../storage/experiment-repository';

/** Buckets per experiment: weights have two decimals at most, so 100.00% is 10,000 buckets. */
export const BUCKETS = 10_000;

/**
 * The subject's bucket in an experiment, 0…9,999: the first 32 bits of SHA-256 over the experiment id and
 * the subject, so one subject keeps its bucket for as long as the experiment lives, and different
 * experiments split the same subjects independently.
 */
export function bucketOf(experimentId: string, subject: string): number {
  const digest = createHash('sha256').update(`${experimentId}\u0000${subject}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/** The arm whose cumulative weight range holds the bucket (a weight of 12.5 is buckets 1,250 wide). */
export function armForBucket<Arm extends Pick<ArmRecord, 'weight'>>(
  arms: readonly Arm[],
  bucket: number,
): Arm {
  let upper = 0;
  for (const arm of arms) {
    upper += Math.round(arm.weight * (BUCKETS / 100));
    if (bucket < upper) return arm;
  }
  // Only reachable through rounding in weights the admin API refuses; the last arm with weight takes the rest.
  return [...arms].reverse().find((arm) => arm.weight > 0) ?? arms[arms.length - 1]!;
}

export interface Subject {
  id: string;
  /** No header, user or metadata.user_id: a fresh random subject, so this request is not sticky. */
  random: boolean;
}

/**
 * Who is asking, for sticky assignment: the `x-gatehouse-user` header, else the body's `user` (OpenAI),
 * else `metadata.user_id` (Anthropic), else a random id for this request alone.
 */
export function experimentSubject(headers: IncomingHttpHeaders, body: Record<string, unknown>): Subject {
  const header = headers['x-gatehouse-user'];
  if (typeof header === 'string' && header.length > 0) return { id: header, random: false };
  if (typeof body.user === 'string' && body.user.length > 0) return { id: body.user, random: false };
  const metadata = body.metadata;
  if (typeof metadata === 'object' && metadata !== null) {
    const userId = (metadata as Record<string, unknown>).user_id;
    if (typeof userId === 'string' && userId.length > 0) return { id: userId, random: false };
  }
  return { id: randomUUID(), random: true };
}
