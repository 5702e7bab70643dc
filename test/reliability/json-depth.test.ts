import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../src/gateway/plugins/json-body';

// The nesting check runs on every request body before it is parsed, so it must agree exactly with the
// depth of what JSON.parse would build — brackets inside strings and escaped quotes included.

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '"[', '\\\\', '\\\\"{', 'x');
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: tricky, maxLength: 8 }),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.string({ unit: tricky, maxLength: 4 }), tie('node'), { maxKeys: 3 }),
  ),
})).node;

describe('nestsDeeperThan', () => {
  it('agrees with the depth of the parsed value, whatever the strings hold', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), (json, limit) => {
        const bytes = Buffer.from(JSON.stringify(json));
        expect(nestsDeeperThan(bytes, limit)).toBe(depth(json) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it('finds 100,000 levels without recursion, and ignores brackets inside strings', () => {
    expect(nestsDeeperThan(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 128)).toBe(true);
    expect(nestsDeeperThan(Buffer.from(JSON.stringify({ text: '['.repeat(10_000) })), 128)).toBe(false);
    expect(nestsDeeperThan(Buffer.from(`["\\\\", ${'['.repeat(300)}`), 128)).toBe(true);
    expect(nestsDeeperThan(Buffer.from(`["\\"${'['.repeat(300)}"]`), 128)).toBe(false);
  });
});
