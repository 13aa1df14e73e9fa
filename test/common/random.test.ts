import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextFloat, nextInt, nextUuid, SeededRandom } from '../../src/common/random.js';

describe('SeededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), (seed) => {
        const a = new SeededRandom(seed);
        const b = new SeededRandom(seed);
        for (let i = 0; i < 20; i++) expect(a.nextUint32()).toBe(b.nextUint32());
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('differs between seeds and between forks', () => {
    const a = new SeededRandom(1);
    const b = new SeededRandom(2);
    expect([a.nextUint32(), a.nextUint32()]).not.toEqual([b.nextUint32(), b.nextUint32()]);
    const root = new SeededRandom(7);
    expect(root.fork('x').nextUint32()).not.toBe(root.fork('x').nextUint32());
  });

  it('draws uniform-looking floats and bounded ints', () => {
    const r = new SeededRandom('dist');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const f = nextFloat(r);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      buckets[nextInt(r, 10)]++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(850);
    expect(() => nextInt(r, 0)).toThrow(RangeError);
  });

  it('formats version-4 UUIDs', () => {
    const uuid = nextUuid(new SeededRandom(3));
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nextUuid(new SeededRandom(3))).toBe(uuid);
  });
});
