import { describe, expect, it } from 'vitest';
import { readUtf8, utf8 } from '../../../src/common/io/file-io.js';
import { nextInt, type Random, SeededRandom } from '../../../src/common/random.js';
import {
  LogSource,
  MiniCluster,
  type ProcessFunction,
  RestoreError,
  StreamEnvironment,
  sinkToPaimon,
} from '../../../src/runtime/index.js';
import { PaimonSimError } from '../../../src/storage/errors.js';
import type { Row } from '../../../src/storage/spec/values.js';
import { events, type Lab, lab } from './scenario-helpers.js';

type Context = Parameters<ProcessFunction<Row, Row>['processElement']>[1];

/** Reads every state of the current key (value, list, map), whatever values a restore put there. */
const touch = (ctx: Context) =>
  `${String(ctx.valueState<unknown>('last').value())}/${ctx.listState<unknown>('seen').get().length}/${ctx.mapState<unknown, unknown>('by-v').entries().length}`;

/**
 * source (union offsets) → keyBy → process (value, list and map state, processing-time timers) → Paimon sink
 * (writer; committer with its list states and union commit user). Timers fire after a restore and read the
 * restored state of their key.
 */
function stateJob(l: Lab) {
  const env = new StreamEnvironment({
    parallelism: 2,
    // Only savepoints: the committer's state keeps the savepoint's committables (files, bigints, bytes).
    checkpointing: { intervalMs: 1_000_000 },
    restartStrategy: { type: 'fixed-delay', attempts: 2, delayMs: 5 },
  });
  const counted = env
    .fromSource<Row>(() => new LogSource(l.topic), { uid: 'source' })
    .keyBy((r) => Number(r.id) % 4)
    .process<Row>(
      {
        processElement(r, ctx, out) {
          ctx.valueState<string>('last').update(String(r.v));
          ctx.listState<bigint>('seen').add(r.id as bigint);
          ctx.mapState<string, bigint>('by-v').put(String(r.v), r.id as bigint);
          ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + 1_000);
          out({ id: r.id, v: touch(ctx) });
        },
        onTimer(_ts, ctx) {
          touch(ctx);
        },
      },
      { uid: 'stateful' },
    );
  sinkToPaimon(counted, () => l.catalog.getTable('db.events'), { autoTagForSavepoint: true });
  return env.build('stateful');
}

const REPLACEMENTS: unknown[] = [
  -1,
  0,
  1.5,
  1e300,
  1e9,
  2 ** 53 + 2,
  'NaN',
  'abc',
  '',
  null,
  true,
  [],
  {},
  [1, 2],
  { x: 1 },
  { $bigint: 'zz' },
  { $map: 5 },
];

/** One damage of the JSON tree (or of its text), drawn from the seeded random. */
function mutate(text: string, random: Random): string {
  if (nextInt(random, 20) === 0) return text.slice(0, nextInt(random, text.length)); // truncated file
  const root = JSON.parse(text) as unknown;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node))
      node.forEach((v, i) => {
        slots.push([node, i]);
        walk(v);
      });
    else if (node !== null && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, k]);
        walk(v);
      }
  };
  walk(root);
  const [parent, key] = slots[nextInt(random, slots.length)]!;
  const op = nextInt(random, REPLACEMENTS.length + 2);
  if (op === REPLACEMENTS.length) {
    // delete the member / the element
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (op === REPLACEMENTS.length + 1) {
    // rename a member (a state name, key group, field) / duplicate an element
    if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    else {
      parent[`${String(key)}x`] = parent[key as string];
      delete parent[key as string];
    }
  } else if (Array.isArray(parent)) parent[key as number] = REPLACEMENTS[op];
  else parent[key as string] = REPLACEMENTS[op];
  return JSON.stringify(root);
}

describe('restoring a damaged savepoint (seeded mutations of a real _metadata)', () => {
  it('is refused with a RestoreError at submit before any task exists, or restores and runs (bounded) with typed errors only', () => {
    const l = lab(3);
    l.topic.appendAll(events(0, 16));
    const first = l.cluster.submit(stateJob(l));
    l.cluster.run({ maxSteps: 200 });
    let path = '';
    first.triggerSavepoint((r) => {
      path = r.path;
    });
    l.cluster.run({ until: () => path !== '' });
    first.cancel(); // the savepoint's committable is not committed: the first clean restore commits it
    const original = readUtf8(l.cluster.fileIO, `${path}/_metadata`);
    // The savepoint holds every kind of state this test damages.
    for (const needle of [
      '"VALUE"',
      '"LIST"',
      '"MAP"',
      '__processing_time_timers',
      'topic-partition-offsets',
    ])
      expect(original).toContain(needle);
    for (const needle of ['commit_user_state', '"fileName"', '"$bigint"', '"$bytes"', '"streaming_committer'])
      expect(original).toContain(needle);
    // Every restored timer is due at once: each key reads its restored value, list and map state.
    l.cluster.clock.advance(2_000);

    const random = new SeededRandom(20261201);
    const outcomes = { refused: 0, restored: 0, failedTyped: 0, untyped: [] as string[] };
    for (let i = 0; i < 300; i++) {
      const dir = `/mutations/${i}`;
      l.cluster.fileIO.writeAtomic(`${dir}/_metadata`, utf8(mutate(original, random)));
      // A cluster per attempt on the same files and clock: a restored job stays inert after its bounded run.
      const cluster = new MiniCluster({
        clock: l.cluster.clock,
        random: new SeededRandom(i),
        fileIO: l.cluster.fileIO,
      });
      let job: ReturnType<MiniCluster['submit']>;
      try {
        job = cluster.submit(stateJob(l), { restoreFrom: dir });
      } catch (e) {
        if (e instanceof RestoreError && cluster.jobs.length === 0) outcomes.refused++;
        else outcomes.untyped.push(`#${i} submit: ${String(e)}`);
        continue;
      }
      cluster.run({ untilMs: cluster.clock.nowMs() + 60, maxSteps: 5_000 });
      job.cancel();
      const untyped = job.failures.filter((e) => !(e instanceof PaimonSimError));
      for (const e of untyped) outcomes.untyped.push(`#${i} run: ${e.constructor.name}: ${e.message}`);
      if (job.failures.length > 0) outcomes.failedTyped++;
      else outcomes.restored++;
    }
    expect(outcomes.untyped).toEqual([]);
    // Both outcomes occur: many damages are refused, some are harmless (e.g. a changed job name).
    expect(outcomes.refused).toBeGreaterThan(100);
    expect(outcomes.restored).toBeGreaterThan(10);
    expect(outcomes.refused + outcomes.restored + outcomes.failedTyped).toBe(300);
  });
});
