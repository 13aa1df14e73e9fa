import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainsOf } from '../../src/runtime/graph/chaining.js';
import {
  AbstractStreamOperator,
  CollectResult,
  LogSource,
  readMetadata,
  StreamEnvironment,
} from '../../src/runtime/index.js';
import { cluster, countingJob, type Event, topicWith } from './helpers.js';

const chainUids = (env: StreamEnvironment) =>
  chainsOf(env.build()).map((c) => c.vertices.map((v) => v.uid).join('->'));

describe('operator chaining (StreamingJobGraphGenerator.isChainable)', () => {
  it('chains forward edges of equal parallelism, and nothing across keyBy, rebalance or a parallelism change', () => {
    const env = new StreamEnvironment({ parallelism: 2 });
    env
      .fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'src' })
      .map((e) => e, { uid: 'a' })
      .filter(() => true, { uid: 'b' })
      .keyBy((e) => e.user)
      .map((e) => e, { uid: 'keyed' })
      .map((e) => e, { uid: 'after-keyed' })
      .rebalance()
      .map((e) => e, { uid: 'rebalanced' })
      .map((e) => e, { uid: 'narrow', parallelism: 1 })
      .collect(new CollectResult(), { uid: 'sink', parallelism: 1 });
    expect(chainUids(env)).toEqual(['src->a->b', 'keyed->after-keyed', 'rebalanced', 'narrow->sink']);
  });

  it('honours disableChaining, startNewChain, several consumers and pipeline.operator-chaining.enabled', () => {
    const env = new StreamEnvironment();
    const src = env.fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'src' });
    src
      .map((e) => e, { uid: 'x' })
      .disableChaining()
      .map((e) => e, { uid: 'y' });
    const other = new StreamEnvironment();
    other
      .fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'src' })
      .map((e) => e, { uid: 'a' })
      .map((e) => e, { uid: 'b' })
      .startNewChain()
      .map((e) => e, { uid: 'c' });
    expect(chainUids(env)).toEqual(['src', 'x', 'y']);
    expect(chainUids(other)).toEqual(['src->a', 'b->c']);
    const split = new StreamEnvironment();
    const s = split.fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'src' });
    s.map((e) => e, { uid: 'left' });
    s.map((e) => e, { uid: 'right' });
    expect(chainUids(split)).toEqual(['src', 'left', 'right']);
    const off = new StreamEnvironment({ operatorChaining: false });
    off.fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'src' }).map((e) => e, { uid: 'a' });
    expect(chainUids(off)).toEqual(['src', 'a']);
  });

  it('runs the lifecycle in Flink order inside a chain', () => {
    const calls: string[] = [];
    class Op extends AbstractStreamOperator {
      constructor(private readonly tag: string) {
        super();
      }
      private log(what: string) {
        calls.push(`${this.tag}.${what}`);
      }
      override open() {
        this.log('open');
      }
      processElement(v: unknown, ts: number | null) {
        this.ctx.output.collect(v, ts);
      }
      override prepareSnapshotPreBarrier(id: number) {
        this.log(`prepare(${id})`);
      }
      override snapshotState(id: number) {
        this.log(`snapshot(${id})`);
      }
      override notifyCheckpointComplete(id: number) {
        this.log(`notify(${id})`);
      }
      override endInput() {
        this.log('endInput');
      }
      override finish() {
        this.log('finish');
      }
      override close() {
        this.log('close');
      }
    }
    const env = new StreamEnvironment({ checkpointing: { intervalMs: 1_000_000 } });
    env
      .fromSource<Event>(() => new LogSource(topicWith(4)), { uid: 'src' })
      .transform(() => new Op('A'), { uid: 'A' })
      .transform(() => new Op('B'), { uid: 'B' });
    const c = cluster();
    const job = c.submit(env.build());
    expect(job.tasks.map((t) => t.key)).toEqual(['src->A->B#0']);
    c.run({ maxSteps: 10 });
    job.stopWithSavepoint(true);
    c.run({ until: () => job.status === 'FINISHED' });
    expect(calls).toEqual([
      'B.open', // initializeState + open: tail to head
      'A.open',
      'A.endInput', // drain: endInput + finish along the chain, before the barrier
      'A.finish',
      'B.endInput',
      'B.finish',
      'A.prepare(1)', // head to tail
      'B.prepare(1)',
      'B.snapshot(1)', // tail to head
      'A.snapshot(1)',
      'B.notify(1)',
      'A.notify(1)',
      'A.close', // head to tail
      'B.close',
    ]);
    // state is still kept per operator uid, not per task
    const path = String(c.trace.ofType('savepoint.complete')[0]!.details.path);
    expect(Object.keys(readMetadata(c.fileIO, path).operators)).toEqual(['src', 'A', 'B']);
  });

  it('chained and unchained runs commit the same output, also with failures (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 200 }),
        (seed, parallelism, killAt) => {
          const outputs = [true, false].map((operatorChaining) => {
            const c = cluster(seed);
            const result = new CollectResult<string>();
            const job = c.submit(
              countingJob(
                topicWith(30, 3),
                result,
                {
                  operatorChaining,
                  checkpointing: { intervalMs: 7 },
                  restartStrategy: { type: 'fixed-delay', attempts: 3, delayMs: 5 },
                },
                parallelism,
              ),
            );
            c.run({ untilMs: killAt });
            if (job.status === 'RUNNING') job.failTask('sink', 0);
            c.run({ untilMs: 2_000 });
            return [...result.committed].sort();
          });
          expect(outputs[0]).toHaveLength(30);
          expect(outputs[0]).toEqual(outputs[1]);
        },
      ),
      { seed: 11, numRuns: 25 },
    );
  });

  it('a failing chained (non-head) operator fails its whole task', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(10), new CollectResult(), {
        checkpointing: { intervalMs: 5 },
        restartStrategy: { type: 'fixed-delay', attempts: 1, delayMs: 1 },
      }),
    );
    job.failTask('sink', 1);
    expect(c.trace.ofType('task.failure')[0]!.details.task).toBe('counter->sink#1');
    expect(job.status).toBe('RESTARTING');
  });
});
