import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/common/io/file-io.js';
import {
  AbstractStreamOperator,
  CollectResult,
  collectionSource,
  InvalidJobError,
  LogSource,
  MAX_WATERMARK,
  OperatorTestHarness,
  RestoreError,
  readMetadata,
  StreamEnvironment,
} from '../../src/runtime/index.js';
import { ProcessOperator } from '../../src/runtime/task/user-operators.js';
import { cluster, countingJob, type Event, topicWith } from './helpers.js';

/** Records the lifecycle calls an operator receives. */
class Recorder extends AbstractStreamOperator {
  static calls: string[] = [];
  override open(): void {
    Recorder.calls.push('open');
  }
  processElement(value: unknown, ts: number | null): void {
    this.ctx.output.collect(value, ts);
  }
  override processWatermark(w: number): void {
    if (w === MAX_WATERMARK) Recorder.calls.push('MAX_WATERMARK');
    super.processWatermark(w);
  }
  override prepareSnapshotPreBarrier(id: number): void {
    Recorder.calls.push(`prepareSnapshotPreBarrier(${id})`);
  }
  override snapshotState(id: number): void {
    Recorder.calls.push(`snapshotState(${id})`);
  }
  override notifyCheckpointComplete(id: number): void {
    Recorder.calls.push(`notifyCheckpointComplete(${id})`);
  }
  override endInput(): void {
    Recorder.calls.push('endInput');
  }
  override finish(): void {
    Recorder.calls.push('finish');
  }
  override close(): void {
    Recorder.calls.push('close');
  }
}

function recorderJob(topic = topicWith(10)) {
  const env = new StreamEnvironment({ checkpointing: { intervalMs: 1_000_000 } });
  env
    .fromSource<Event>(() => new LogSource(topic), { uid: 'source' })
    .transform(() => new Recorder(), { uid: 'recorder' })
    .collect(new CollectResult(), { uid: 'sink' });
  return env.build('recorder');
}

describe('stop-with-savepoint', () => {
  it('notifies the savepoint before tasks close; without drain no endInput and no finish', () => {
    Recorder.calls = [];
    const c = cluster();
    const job = c.submit(recorderJob());
    c.run({ maxSteps: 30 });
    job.stopWithSavepoint(false);
    c.run({ until: () => job.status === 'FINISHED' });
    expect(Recorder.calls).toEqual([
      'open',
      'prepareSnapshotPreBarrier(1)',
      'snapshotState(1)',
      'notifyCheckpointComplete(1)',
      'close',
    ]);
    expect(job.stopResult).toMatchObject({ checkpointId: 1 });
    expect(readMetadata(c.fileIO, (job.stopResult as { path: string }).path).kind).toBe('stop-savepoint');
  });

  it('with drain emits MAX_WATERMARK, endInput and finish before the barrier, then closes after the notification', () => {
    Recorder.calls = [];
    const c = cluster();
    const job = c.submit(recorderJob());
    c.run({ maxSteps: 30 });
    job.stopWithSavepoint(true);
    c.run({ until: () => job.status === 'FINISHED' });
    expect(Recorder.calls).toEqual([
      'open',
      'MAX_WATERMARK',
      'endInput',
      'finish',
      'prepareSnapshotPreBarrier(1)',
      'snapshotState(1)',
      'notifyCheckpointComplete(1)',
      'close',
    ]);
  });

  it('a bounded job ends with a final checkpoint that commits the last output', () => {
    const c = cluster();
    const result = new CollectResult<number>();
    const env = new StreamEnvironment({ checkpointing: { intervalMs: 1_000_000 } });
    env
      .fromSource<number>(() => collectionSource([1, 2, 3]), { uid: 'src' })
      .map((x) => x * 10)
      .collect(result, { uid: 'sink' });
    const job = c.submit(env.build());
    c.run();
    expect(job.status).toBe('FINISHED');
    expect(result.committed).toEqual([10, 20, 30]);
  });
});

describe('restore', () => {
  function savepointOf(c: ReturnType<typeof cluster>, parallelism = 2, result = new CollectResult<string>()) {
    const job = c.submit(
      countingJob(topicWith(60), result, { checkpointing: { intervalMs: 1_000_000 } }, parallelism),
    );
    c.run({ maxSteps: 80 });
    job.stopWithSavepoint();
    c.run({ until: () => job.status === 'FINISHED' });
    return (job.stopResult as { path: string }).path;
  }

  it('rescales keyed state by key groups: counts continue for every key at a new parallelism', () => {
    const c = cluster(3);
    const result = new CollectResult<string>(); // the same external system before and after
    const path = savepointOf(c, 2, result);
    const before = result.committed.length;
    expect(before).toBe(countedBefore(path, c));
    expect(before).toBeLessThan(60);
    const job = c.submit(countingJob(topicWith(60), result, { checkpointing: { intervalMs: 5 } }, 3), {
      restoreFrom: path,
    });
    c.run({ untilMs: 2_000 });
    expect(job.status).toBe('RUNNING');
    expect(readMetadata(c.fileIO, path).operators.counter!.parallelism).toBe(2);
    // every count 1..n per key exactly once: state moved with its key groups from 2 to 3 subtasks
    const expected = [0, 1, 2].flatMap((u) => Array.from({ length: 20 }, (_, i) => `u${u}:${i + 1}`)).sort();
    expect([...result.committed].sort()).toEqual(expected);
  });

  function countedBefore(path: string, c: ReturnType<typeof cluster>): number {
    const offsets = readMetadata(c.fileIO, path).operators.source!.subtasks.flatMap(
      (s) => s.operator.union['topic-partition-offsets'] as { partition: number; offset: number }[],
    );
    return offsets.reduce((n, o) => n + o.offset, 0);
  }

  it('refuses unmapped state unless allowNonRestoredState, a changed max parallelism, and bad metadata', () => {
    const c = cluster();
    const path = savepointOf(c);
    const env = new StreamEnvironment({ parallelism: 2 });
    env
      .fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'source' })
      .collect(new CollectResult(), { uid: 'other-sink' });
    expect(() => c.submit(env.build(), { restoreFrom: path })).toThrow(
      /Cannot map checkpoint\/savepoint state for operator counter to the new program/,
    );
    expect(() => c.submit(env.build(), { restoreFrom: path, allowNonRestoredState: true })).not.toThrow();
    const wider = new StreamEnvironment({ parallelism: 2 });
    wider
      .fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'source' })
      .keyBy((e) => e.user)
      .map((e) => e, { uid: 'counter', maxParallelism: 256 })
      .collect(new CollectResult(), { uid: 'sink' });
    expect(() => c.submit(wider.build(), { restoreFrom: path })).toThrow(
      /The maximum parallelism \(128\) with which the latest checkpoint/,
    );
    expect(() => c.submit(env.build(), { restoreFrom: '/nope' })).toThrow(
      /Cannot find meta data file '_metadata' in directory '\/nope'/,
    );
    c.fileIO.writeFile('/bad/_metadata', utf8('{ not json'));
    expect(() => c.submit(env.build(), { restoreFrom: '/bad' })).toThrow(RestoreError);
  });

  it('NO_CLAIM never deletes the restored snapshot; CLAIM lets it be subsumed', () => {
    for (const claimMode of ['NO_CLAIM', 'CLAIM'] as const) {
      const c = cluster();
      const path = savepointOf(c);
      const job = c.submit(
        countingJob(topicWith(30), new CollectResult(), { checkpointing: { intervalMs: 5 } }),
        { restoreFrom: path, claimMode },
      );
      c.run({ until: () => job.coordinator.store.every((s) => s.path !== path) });
      expect(c.fileIO.exists(`${path}/_metadata`)).toBe(claimMode === 'NO_CLAIM');
    }
  });
});

describe('bad jobs', () => {
  it('duplicate uids, bad parallelism and undefined keys get Flink-like errors', () => {
    const env = new StreamEnvironment();
    const s = env.fromSource<Event>(() => new LogSource(topicWith(1)), { uid: 'x' });
    s.map((e) => e, { uid: 'x' });
    expect(() => env.build()).toThrow(
      'Hash collision on user-specified ID "x". Most likely cause is a non-unique ID.',
    );
    const env2 = new StreamEnvironment({ parallelism: 0 });
    env2.fromSource<Event>(() => new LogSource(topicWith(1)));
    expect(() => env2.build()).toThrow(InvalidJobError);
    const c = cluster();
    const env3 = new StreamEnvironment({ restartStrategy: { type: 'none' } });
    env3
      .fromSource<Event>(() => new LogSource(topicWith(3)), { uid: 'src' })
      .keyBy(() => undefined)
      .map((e) => e)
      .collect(new CollectResult());
    const job = c.submit(env3.build());
    c.run({ untilMs: 100 });
    expect(job.status).toBe('FAILED');
    expect(job.failureCause?.message).toMatch(/^Assigned key must not be null! keyBy produced undefined/);
  });
});

describe('failover', () => {
  it('restart strategy none fails the job; fixed-delay gives up after its attempts', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(10), new CollectResult(), {
        checkpointing: { intervalMs: 5 },
        restartStrategy: { type: 'none' },
      }),
    );
    c.run({ maxSteps: 5 });
    job.failTask('counter', 0);
    expect(job.status).toBe('FAILED');
    const job2 = c.submit(
      countingJob(topicWith(10), new CollectResult(), {
        checkpointing: { intervalMs: 5 },
        restartStrategy: { type: 'fixed-delay', attempts: 1, delayMs: 3 },
      }),
    );
    c.run({ maxSteps: 5 });
    job2.failTask('counter', 0);
    c.run({ until: () => job2.status === 'RUNNING' });
    job2.failTask('counter', 0);
    expect(job2.status).toBe('FAILED');
  });

  it('an exception in notifyCheckpointComplete fails the task; lost notifications are caught up on abort', () => {
    let failing = true;
    class FailingNotify extends AbstractStreamOperator {
      processElement(): void {}
      override notifyCheckpointComplete(id: number): void {
        if (failing && id === 1) throw new Error('commit failed');
      }
    }
    const c = cluster();
    const env = new StreamEnvironment({
      checkpointing: { intervalMs: 10 },
      restartStrategy: { type: 'fixed-delay', attempts: 5, delayMs: 1 },
    });
    env
      .fromSource<Event>(() => new LogSource(topicWith(5)), { uid: 'src' })
      .transform(() => new FailingNotify(), { uid: 'op' });
    const job = c.submit(env.build());
    c.run({ until: () => c.trace.ofType('task.failure').length > 0 });
    expect(c.trace.ofType('task.failure')[0]!.details.error).toBe('commit failed');
    failing = false;
    c.run({ until: () => job.status === 'RUNNING' && job.attempt === 1 });
    expect(job.restoredCheckpointId).toBe(1);
  });

  it('notifications are best effort: a dropped one is subsumed by the next', () => {
    const c = cluster();
    c.faults.dropNotification = (id) => id === 1;
    const result = new CollectResult<string>();
    c.submit(countingJob(topicWith(12), result, { checkpointing: { intervalMs: 10 } }));
    c.run({ untilMs: 500 });
    expect(c.trace.ofType('checkpoint.notify-dropped').length).toBeGreaterThan(0);
    expect(result.committed.length).toBe(12);
    expect(result.commits.some((t) => t.checkpointId === 1)).toBe(true); // committed by a later notification
  });
});

describe('operator test harness', () => {
  it('drives one keyed operator: elements, timers, snapshot, restore, notifications', () => {
    const counter = () =>
      new ProcessOperator<{ k: string }, string>({
        processElement(v, ctx, out) {
          const s = ctx.valueState<number>('n');
          s.update((s.value() ?? 0) + 1);
          ctx.registerEventTimeTimer(100);
          out(`${v.k}=${s.value()}`);
        },
        onTimer(ts, ctx, out) {
          out(`timer ${ctx.currentKey}@${ts}`);
        },
      });
    const h = new OperatorTestHarness(counter(), { keySelector: (v) => (v as { k: string }).k });
    h.processElement({ k: 'a' }, 1);
    h.processElement({ k: 'a' }, 2);
    const snapshot = h.snapshot(1);
    h.processWatermark(100);
    expect(h.values()).toEqual(['a=1', 'a=2', 'timer a@100']);
    const restored = new OperatorTestHarness(counter(), {
      keySelector: (v) => (v as { k: string }).k,
    }).initializeState([snapshot], 1);
    restored.processElement({ k: 'a' }, 3);
    restored.processWatermark(150); // the restored timer fires
    expect(restored.values()).toEqual(['a=3', 'timer a@100']);
  });
});

describe('coordinator and restart details', () => {
  it('expired checkpoints count as failures; beyond tolerable-failed-checkpoints the job fails', () => {
    const c = cluster();
    // A 1 ms timeout: barriers need several steps to pass the job, so every checkpoint expires.
    const job = c.submit(
      countingJob(topicWith(50), new CollectResult(), {
        checkpointing: { intervalMs: 5, timeoutMs: 1, tolerableFailures: 2 },
        restartStrategy: { type: 'none' },
      }),
    );
    c.run({ untilMs: 500 });
    expect(
      c.trace
        .ofType('checkpoint.abort')
        .slice(0, 3)
        .map((e) => e.details.reason),
    ).toEqual(['CHECKPOINT_EXPIRED', 'CHECKPOINT_EXPIRED', 'CHECKPOINT_EXPIRED']);
    expect(job.status).toBe('FAILED');
    expect(job.failureCause?.message).toBe('Exceeded checkpoint tolerable failure threshold.');
  });

  it('exponential-delay backs off, failure-rate gives up past its rate', async () => {
    const { createRestartStrategy } = await import('../../src/runtime/failover/restart-strategy.js');
    const { SeededRandom } = await import('../../src/common/random.js');
    const exp = createRestartStrategy(
      { type: 'exponential-delay', initialBackoffMs: 100, jitterFactor: 0 },
      new SeededRandom(1),
    );
    expect([exp.onFailure(0), exp.onFailure(1), exp.onFailure(2), exp.onFailure(10_000_000)]).toEqual([
      100, 200, 400, 100,
    ]);
    const rate = createRestartStrategy(
      { type: 'failure-rate', maxFailuresPerInterval: 2, intervalMs: 1000, delayMs: 5 },
      new SeededRandom(1),
    );
    expect([rate.onFailure(0), rate.onFailure(10), rate.onFailure(20), rate.onFailure(5000)]).toEqual([
      5,
      5,
      undefined,
      5,
    ]);
  });

  it('processing-time timers fire on virtual time, in a job', () => {
    const c = cluster();
    const result = new CollectResult<string>();
    const env = new StreamEnvironment({ checkpointing: { intervalMs: 10 } });
    env
      .fromSource<Event>(() => new LogSource(topicWith(2, 1, 1)), { uid: 'src' })
      .keyBy((e) => e.user)
      .process<string>(
        {
          processElement(e, ctx) {
            ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + 100);
            void e;
          },
          onTimer(ts, ctx, out) {
            out(`${ctx.currentKey}@${ts}`);
          },
        },
        { uid: 'timer' },
      )
      .collect(result, { uid: 'sink' });
    c.submit(env.build());
    c.run({ untilMs: 400 });
    expect(result.committed.length).toBe(2);
    expect(result.committed.every((l) => /^u0@\d+$/.test(l))).toBe(true);
  });
});
