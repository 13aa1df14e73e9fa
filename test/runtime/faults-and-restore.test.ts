import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/clock.js';
import { MemoryFileIO } from '../../src/common/io/memory-file-io.js';
import { SeededRandom } from '../../src/common/random.js';
import {
  CollectResult,
  LogSource,
  MiniCluster,
  RestoreError,
  readMetadata,
  StreamEnvironment,
  type TaskFaultPoint,
} from '../../src/runtime/index.js';
import { cluster, countingJob, type Event, topicWith } from './helpers.js';

function expected(events: number, users: number): string[] {
  const counts = new Map<string, number>();
  for (let n = 0; n < events; n++) counts.set(`u${n % users}`, (counts.get(`u${n % users}`) ?? 0) + 1);
  return [...counts].flatMap(([u, k]) => Array.from({ length: k }, (_, i) => `${u}:${i + 1}`)).sort();
}

describe('fault points (RuntimeFaults.failAt)', () => {
  const points: TaskFaultPoint[] = [
    'before-snapshot',
    'after-snapshot',
    'before-notify-complete',
    'after-notify-complete',
    'process-element',
  ];
  for (const point of points) {
    it(`a failure at ${point} fails over and stays exactly once`, () => {
      const c = cluster(5);
      let fired = 0;
      c.faults.failAt = (p, task, id) =>
        p === point && id === 2 && task.startsWith('counter') && fired++ === 0;
      const result = new CollectResult<string>();
      const job = c.submit(
        countingJob(topicWith(40, 3), result, {
          checkpointing: { intervalMs: 8 },
          restartStrategy: { type: 'fixed-delay', attempts: 2, delayMs: 5 },
        }),
      );
      c.run({ untilMs: 3_000 });
      expect(fired).toBe(1);
      expect(c.trace.ofType('fault.injected')).toHaveLength(1);
      expect(c.trace.ofType('task.failure')[0]!.details.error).toMatch(`Injected failure at ${point}`);
      expect(job.attempt).toBe(1);
      expect([...result.committed].sort()).toEqual(expected(40, 3));
      // a snapshot that failed before its ack never completes; its id is never reused
      const completed = c.trace.ofType('checkpoint.complete').map((e) => e.details.id as number);
      if (point === 'before-snapshot' || point === 'after-snapshot') expect(completed).not.toContain(2);
      expect(new Set(completed).size).toBe(completed.length);
    });
  }

  it('a lost ack lets the checkpoint expire; the next one completes', () => {
    const c = cluster();
    c.faults.dropAck = (id, task) => id === 1 && task === 'source#0';
    const result = new CollectResult<string>();
    c.submit(
      countingJob(topicWith(20), result, {
        checkpointing: { intervalMs: 10, timeoutMs: 100, tolerableFailures: 1 },
      }),
    );
    c.run({ untilMs: 2_000 });
    expect(c.trace.ofType('checkpoint.abort')[0]!.details).toMatchObject({
      id: 1,
      reason: 'CHECKPOINT_EXPIRED',
    });
    expect(result.committed).toHaveLength(20);
  });
});

describe('stop-with-savepoint that fails', () => {
  it('fails the tasks ("Stop-with-savepoint failed."), the job restarts and sources read again', () => {
    const c = cluster();
    const topic = topicWith(20);
    const result = new CollectResult<string>();
    const job = c.submit(
      countingJob(topic, result, {
        checkpointing: { intervalMs: 10, timeoutMs: 200 },
        restartStrategy: { type: 'fixed-delay', attempts: 3, delayMs: 5 },
      }),
    );
    c.run({ until: () => job.coordinator.latestCompleted >= 1 });
    c.faults.dropAck = (_id, task) => task.startsWith('counter'); // the savepoint cannot complete
    const id = job.stopWithSavepoint(false);
    c.run({ until: () => c.trace.ofType('task.failure').length > 0 });
    expect(c.trace.ofType('checkpoint.abort').find((e) => e.details.id === id)!.details).toMatchObject({
      kind: 'stop-savepoint',
      reason: 'CHECKPOINT_EXPIRED',
    });
    expect(c.trace.ofType('task.failure')[0]!.details.error).toBe('Stop-with-savepoint failed.');
    expect(job.stopResult).toBeInstanceOf(Error);
    c.faults.dropAck = undefined;
    topic.append(0, { user: 'u9', n: 99 });
    c.run({ untilMs: c.clock.nowMs() + 1_000 });
    expect(job.status).toBe('RUNNING');
    expect(result.committed).toContain('u9:1');
    // a second attempt succeeds
    job.stopWithSavepoint(false);
    c.run({ until: () => job.status === 'FINISHED' });
    expect(job.stopResult).toMatchObject({ checkpointId: expect.any(Number) });
  });
});

describe('restore details', () => {
  function savepoint(parallelism: number, maxParallelism?: number) {
    const c = cluster(2);
    const result = new CollectResult<string>();
    const env = new StreamEnvironment({ parallelism, checkpointing: { intervalMs: 1_000_000 } });
    env
      .fromSource<Event>(() => new LogSource(topicWith(60)), { uid: 'source' })
      .keyBy((e) => e.user)
      .process<string>(
        {
          processElement(e, ctx, out) {
            const s = ctx.valueState<number>('count');
            s.update((s.value() ?? 0) + 1);
            out(`${e.user}:${s.value()}`);
          },
        },
        { uid: 'counter', ...(maxParallelism ? { maxParallelism } : {}) },
      )
      .collect(result, { uid: 'sink' });
    const job = c.submit(env.build());
    c.run({ maxSteps: 50 });
    job.stopWithSavepoint();
    c.run({ until: () => job.status === 'FINISHED' });
    return { c, result, path: (job.stopResult as { path: string }).path };
  }

  it('adopts the restored max parallelism when the job does not set one; refuses a configured change', () => {
    const { c, result, path } = savepoint(2);
    // the counter at parallelism 100 would default to max parallelism 256; the snapshot's 128 is adopted
    const env = new StreamEnvironment({ parallelism: 2, checkpointing: { intervalMs: 20 } });
    env
      .fromSource<Event>(() => new LogSource(topicWith(60)), { uid: 'source' })
      .keyBy((e) => e.user)
      .process<string>(
        {
          processElement(e, ctx, out) {
            const s = ctx.valueState<number>('count');
            s.update((s.value() ?? 0) + 1);
            out(`${e.user}:${s.value()}`);
          },
        },
        { uid: 'counter', parallelism: 100 },
      )
      .collect(result, { uid: 'sink', parallelism: 2 });
    const job = c.submit(env.build(), { restoreFrom: path });
    expect(job.graph.vertices.find((v) => v.uid === 'counter')!.maxParallelism).toBe(128);
    c.run({ until: () => result.committed.length >= 60, maxSteps: 200_000 });
    c.run({ untilMs: c.clock.nowMs() + 200 });
    expect([...result.committed].sort()).toEqual(expected(60, 3));
    const other = savepoint(2);
    expect(() =>
      other.c.submit(countingJob(topicWith(60), new CollectResult(), {}, 200), { restoreFrom: other.path }),
    ).toThrow(
      /The maximum parallelism \(128\) of the restored state is lower than the configured parallelism \(200\)/,
    );
    const explicit = savepoint(2, 64);
    expect(() =>
      explicit.c.submit(countingJob(topicWith(60), new CollectResult(), {}, 2), {
        restoreFrom: explicit.path,
      }),
    ).not.toThrow(); // 64 was set by the first job; the second job does not set one, so it adopts 64
  });

  it('restores a savepoint by its _metadata path too, and refuses a truncated one without touching anything', () => {
    const { c, path } = savepoint(2);
    const job = c.submit(countingJob(topicWith(60), new CollectResult(), {}, 2), {
      restoreFrom: `${path}/_metadata`,
    });
    expect(job.restoredCheckpointId).toBe(readMetadata(c.fileIO, path).checkpointId);
    const bytes = c.fileIO.readFile(`${path}/_metadata`);
    c.fileIO.writeFile('/cut/_metadata', bytes.slice(0, bytes.length - 10));
    const jobs = c.jobs.length;
    expect(() =>
      c.submit(countingJob(topicWith(60), new CollectResult(), {}, 2), { restoreFrom: '/cut' }),
    ).toThrow(RestoreError);
    expect(c.jobs).toHaveLength(jobs);
  });

  it('gives each operator its restored checkpoint id and continues the source offsets', () => {
    const { c, result, path } = savepoint(2);
    const before = result.committed.length;
    expect(before).toBeGreaterThan(0);
    const job = c.submit(countingJob(topicWith(60), result, { checkpointing: { intervalMs: 20 } }, 2), {
      restoreFrom: path,
    });
    c.run({ untilMs: 3_000 });
    expect(job.restoredCheckpointId).toBe(1);
    expect([...result.committed].sort()).toEqual(expected(60, 3)); // no record read twice, none skipped
  });
});

describe('virtual time without checkpointing', () => {
  it('wakes up for processing-time timers and idle sources', () => {
    const c = cluster();
    const topic = topicWith(1, 1, 1);
    const fired: number[] = [];
    const env = new StreamEnvironment();
    env
      .fromSource<Event>(() => new LogSource(topic), { uid: 'src' })
      .keyBy((e) => e.user)
      .process<string>(
        {
          processElement(_e, ctx) {
            ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + 500);
          },
          onTimer(ts, ctx) {
            fired.push(ts);
            expect(ctx.currentProcessingTime()).toBe(ts); // on time, not late
          },
        },
        { uid: 'timer' },
      );
    c.submit(env.build());
    c.run({ until: () => fired.length === 1, maxSteps: 10_000 });
    expect(fired).toHaveLength(1);
    topic.append(0, { user: 'u0', n: 1 });
    c.run({ until: () => fired.length === 2, maxSteps: 10_000 });
    expect(fired).toHaveLength(2);
  });
});

describe('event time', () => {
  it('fires keyed event-time timers as watermarks pass, and all of them on a drained stop', () => {
    const c = cluster();
    const result = new CollectResult<string>();
    const env = new StreamEnvironment({ parallelism: 2, checkpointing: { intervalMs: 10 } });
    const topic = topicWith(0);
    for (let n = 0; n < 12; n++) topic.append(n % 2, { user: `u${n % 3}`, n });
    env
      .fromSource<Event>(() => new LogSource(topic, { watermarks: { timestamp: (e) => e.n * 100 } }), {
        uid: 'src',
      })
      .keyBy((e) => e.user)
      .process<string>(
        {
          processElement(e, ctx) {
            ctx.registerEventTimeTimer(e.n * 100 + 250);
          },
          onTimer(ts, ctx, out) {
            out(`${ctx.currentKey}@${ts}`);
          },
        },
        { uid: 'timers' },
      )
      .collect(result, { uid: 'sink' });
    const job = c.submit(env.build());
    c.run({ untilMs: 500 });
    const early = result.committed.length;
    expect(early).toBeGreaterThan(0); // watermarks of both partitions passed some timers
    expect(early).toBeLessThan(12);
    job.stopWithSavepoint(true); // drain: MAX_WATERMARK fires the rest before the savepoint
    c.run({ until: () => job.status === 'FINISHED' });
    expect(result.committed).toHaveLength(12);
    expect(result.committed).toContain('u2@1350');
  });

  it('the same seed gives the same trace digest; another seed another', () => {
    const run = (seed: number) => {
      const c = cluster(seed);
      c.submit(countingJob(topicWith(30), new CollectResult(), { checkpointing: { intervalMs: 7 } }, 3));
      c.run({ untilMs: 300 });
      return c.trace.digest();
    };
    expect(run(21)).toBe(run(21));
    expect(run(21)).not.toBe(run(22));
  });
});

describe('checkpoint storage failures', () => {
  it('a failed _metadata write aborts the checkpoint (IO_EXCEPTION, counted); a failed discard is ignored', () => {
    const io = new MemoryFileIO();
    const c = new MiniCluster({ clock: new ManualClock(0), random: new SeededRandom(1), fileIO: io });
    io.setHook((op) => {
      if (op.kind === 'writeAtomic.rename' && op.path.includes('/chk-2/')) throw new Error('disk full');
      if (op.kind === 'deleteDirectory') throw new Error('permission denied');
    });
    const result = new CollectResult<string>();
    const job = c.submit(
      countingJob(topicWith(30), result, { checkpointing: { intervalMs: 10, tolerableFailures: 1 } }),
    );
    c.run({ untilMs: 2_000 });
    expect(c.trace.ofType('checkpoint.abort')[0]!.details).toMatchObject({
      id: 2,
      reason: 'IO_EXCEPTION: disk full',
    });
    expect(job.status).toBe('RUNNING');
    expect(c.trace.ofType('checkpoint.complete').length).toBeGreaterThan(3);
    expect([...result.committed].sort()).toEqual(expected(30, 3));
  });
});
