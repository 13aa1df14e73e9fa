import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState } from '../../src/runtime/index.js';
import {
  defaultMaxParallelism,
  keyGroupOf,
  keyGroupRange,
  subtaskForKeyGroup,
} from '../../src/runtime/state/key-groups.js';
import { KeyedStateBackend } from '../../src/runtime/state/keyed-state.js';
import { OperatorStateBackend } from '../../src/runtime/state/operator-state.js';
import { encodeState } from '../../src/runtime/state/state-codec.js';

function listSnapshots(parts: number[][]) {
  return parts.map((values) => {
    const b = new OperatorStateBackend();
    b.getListState<number>('l').update(values);
    b.getUnionListState<number>('u').update(values);
    return b.snapshot();
  });
}

function restored(parts: number[][], parallelism: number) {
  return Array.from({ length: parallelism }, (_, i) => {
    const b = new OperatorStateBackend();
    b.restore(listSnapshots(parts), i, parallelism);
    return { list: b.getListState<number>('l').get(), union: b.getUnionListState<number>('u').get() };
  });
}

describe('operator state redistribution (RoundRobinOperatorStateRepartitioner)', () => {
  it('keeps each subtask its own list state at unchanged parallelism', () => {
    expect(restored([[1, 2], [], [3]], 3).map((r) => r.list)).toEqual([[1, 2], [], [3]]);
  });

  it('splits list state into contiguous parts on rescale, the first ones one longer', () => {
    expect(restored([[1, 2, 3], [4]], 3).map((r) => r.list)).toEqual([[1, 2], [3], [4]]);
    expect(restored([[1], [2], [3], [4], [5]], 2).map((r) => r.list)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('gives every subtask the whole union list state', () => {
    for (const r of restored([[1, 2], [3]], 4)) expect(r.union).toEqual([1, 2, 3]);
  });

  it('never loses or duplicates list elements, at any parallelism (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer(), { maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 6 }),
        (parts, p) => {
          const all = restored(parts, p).flatMap((r) => r.list);
          expect(all).toEqual(parts.flat());
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });
});

describe('state codec', () => {
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.constantFrom(-0, Number.NaN, Number.NEGATIVE_INFINITY),
      fc.string(),
      fc.bigInt(),
      fc.uint8Array({ maxLength: 8 }),
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$bigint', '$map', '$$x', '$')), tie('v'), {
        maxKeys: 3,
      }),
      fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 3 }).map((e) => new Map(e)),
    ),
  })).v;

  it('round-trips through JSON text: bigint, bytes, Map, NaN/Infinity/-0 and $-prefixed keys (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        const back = decodeState(JSON.parse(JSON.stringify(encodeState(v))));
        expect(back).toEqual(v);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});

describe('key groups (KeyGroupRangeAssignment)', () => {
  it('computes the default max parallelism as Flink does', () => {
    expect(defaultMaxParallelism(1)).toBe(128);
    expect(defaultMaxParallelism(100)).toBe(256);
    expect(defaultMaxParallelism(30_000)).toBe(32_768);
  });

  it('every key group belongs to exactly one subtask, and routing agrees with the ranges (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (a, b) => {
        const maxParallelism = Math.max(a, b);
        const parallelism = Math.min(a, b);
        let next = 0;
        for (let i = 0; i < parallelism; i++) {
          const [from, to] = keyGroupRange(i, maxParallelism, parallelism);
          expect(from).toBe(next);
          for (let g = from; g <= to; g++) expect(subtaskForKeyGroup(g, maxParallelism, parallelism)).toBe(i);
          next = to + 1;
        }
        expect(next).toBe(maxParallelism);
      }),
      { seed: 9, numRuns: 100 },
    );
  });

  it('equal keys by value share a group; keyed state moves with its groups on rescale', () => {
    expect(keyGroupOf({ a: 1n, b: [1, 2] }, 128)).toBe(keyGroupOf({ a: 1n, b: [1, 2] }, 128));
    const old = new KeyedStateBackend(128, [0, 127]);
    for (let k = 0; k < 50; k++) {
      old.setCurrentKey(`k${k}`);
      old.valueState<number>('v').update(k);
    }
    const snapshot = old.snapshot();
    const parts = [0, 1, 2].map((i) => {
      const b = new KeyedStateBackend(128, keyGroupRange(i, 128, 3));
      b.restore([{ keyed: snapshot, keyedKinds: old.stateKinds() }]);
      return b.keysOf('v') as string[];
    });
    expect(parts.flat().sort()).toEqual(Array.from({ length: 50 }, (_, k) => `k${k}`).sort());
    for (const [i, keys] of parts.entries())
      for (const k of keys) expect(subtaskForKeyGroup(keyGroupOf(k, 128), 128, 3)).toBe(i);
  });
});

describe('operator test harness with the 2PC collect sink', () => {
  it('pre-commits at snapshot, commits on notification, recommits what a restored snapshot holds', async () => {
    const { CollectResult, OperatorTestHarness } = await import('../../src/runtime/index.js');
    const { CollectSink } = await import('../../src/runtime/connectors/collect-sink.js');
    const result = new CollectResult<string>();
    const h = new OperatorTestHarness(new CollectSink(result)).initializeState();
    h.processElement('a');
    const s1 = h.snapshot(1);
    h.processElement('b');
    const s2 = h.snapshot(2);
    expect(result.committed).toEqual([]); // nothing visible before a checkpoint completed
    h.notifyOfCompletedCheckpoint(1);
    expect(result.committed).toEqual(['a']);
    // a failure before notify(2): restoring snapshot 2 commits 'b' (and not 'a' again)
    new OperatorTestHarness(new CollectSink(result)).initializeState([s2], 2);
    expect(result.committed).toEqual(['a', 'b']);
    new OperatorTestHarness(new CollectSink(result)).initializeState([s1], 1);
    expect(result.committed).toEqual(['a', 'b']); // idempotent by transaction id
  });
});
