import { describe, expect, it } from 'vitest';
import { runSavepointScenario } from '../../src/sim/demos/savepoint-demo.js';

describe('savepoint demo', () => {
  it('restoring an old savepoint as is duplicates rows and sends identifiers backwards', () => {
    const o = runSavepointScenario(false);
    expect(o.distinctRows).toBe(20);
    expect(o.rows).toBeGreaterThan(20);
    expect(o.failures).toEqual([]);
    expect(o.identifiers.some((id, i) => i > 0 && BigInt(id) <= BigInt(o.identifiers[i - 1]!))).toBe(true);
  });

  it('rolling back to the savepoint tag first gives exactly once', () => {
    const o = runSavepointScenario(true);
    expect([o.rows, o.distinctRows]).toEqual([20, 20]);
    expect(o.failures).toEqual([]);
  });

  it('replays identically for the same seed', () => {
    expect(runSavepointScenario(false, 3)).toEqual(runSavepointScenario(false, 3));
  });
});

describe('savepoint demo, primary-key variant (customer totals, aggregation sum)', () => {
  it('restoring an old savepoint as is counts the replayed orders twice: one row per customer, wrong totals', () => {
    const o = runSavepointScenario(false, 7, 'customer-totals');
    expect([o.rows, o.distinctRows]).toEqual([4, 4]);
    expect(o.failures).toEqual([]);
    expect(o.total).toBe(190 + (10 + 19) * 5); // orders 10-19 (sum 145) summed again
  });

  it('rolling back to the savepoint tag first gives the exact totals', () => {
    const o = runSavepointScenario(true, 7, 'customer-totals');
    expect([o.rows, o.distinctRows, o.total]).toEqual([4, 4, 190]);
    expect(o.failures).toEqual([]);
  });
});
