import { describe, expect, it } from 'vitest';
import { CollectResult, jobConfigFromFlink, RUNTIME_OPTIONS } from '../../src/runtime/index.js';
import { parseDuration } from '../../src/runtime/options.js';
import { cluster, countingJob, topicWith } from './helpers.js';

const times = (
  c: ReturnType<typeof cluster>,
  type: 'checkpoint.trigger' | 'checkpoint.complete' | 'checkpoint.abort',
) => c.trace.ofType(type).map((e) => [e.details.id as number, e.timeMs] as const);

describe('checkpoint coordinator on virtual time', () => {
  it('draws the first trigger in [min-pause, interval] from the seeded random', () => {
    const firsts = new Set<number>();
    for (let seed = 0; seed < 30; seed++) {
      const c = cluster(seed);
      c.submit(
        countingJob(topicWith(5), new CollectResult(), {
          checkpointing: { intervalMs: 100, minPauseMs: 20 },
        }),
      );
      c.run({ until: () => c.trace.ofType('checkpoint.trigger').length > 0 });
      const first = times(c, 'checkpoint.trigger')[0]![1];
      expect(first).toBeGreaterThanOrEqual(20);
      expect(first).toBeLessThanOrEqual(100);
      firsts.add(first);
    }
    expect(firsts.size).toBeGreaterThan(5);
  });

  it('counts min-pause from the last completion, and keeps a fixed rate otherwise', () => {
    const c = cluster(4);
    c.submit(
      countingJob(topicWith(200), new CollectResult(), { checkpointing: { intervalMs: 10, minPauseMs: 25 } }),
    );
    c.run({ untilMs: 600 });
    const completed = new Map(times(c, 'checkpoint.complete'));
    const triggers = times(c, 'checkpoint.trigger');
    expect(triggers.length).toBeGreaterThan(4);
    for (let i = 1; i < triggers.length; i++) {
      const previousCompletion = completed.get(triggers[i - 1]![0]);
      if (previousCompletion !== undefined)
        expect(triggers[i]![1]).toBeGreaterThanOrEqual(previousCompletion + 25);
    }
    const free = cluster(4);
    free.submit(countingJob(topicWith(200), new CollectResult(), { checkpointing: { intervalMs: 10 } }));
    free.run({ untilMs: 400 });
    // A fixed rate; a request that found the previous checkpoint still running waited for its completion.
    const done = new Map(times(free, 'checkpoint.complete'));
    const t = times(free, 'checkpoint.trigger');
    let queued = 0;
    for (let i = 1; i < t.length; i++) {
      const onGrid = (t[i]![1] - t[0]![1]) % 10 === 0;
      const atCompletion = t[i]![1] === done.get(t[i - 1]![0]);
      expect(onGrid || atCompletion).toBe(true);
      if (!onGrid) queued++;
    }
    expect(t.length).toBeGreaterThan(5);
    expect(queued).toBeGreaterThan(0);
  });

  it('a periodic trigger beyond max-concurrent waits for a slot; a savepoint does not wait', () => {
    const c = cluster();
    c.faults.dropAck = (id) => id === 1; // checkpoint 1 can only expire
    const job = c.submit(
      countingJob(topicWith(20), new CollectResult(), {
        checkpointing: { intervalMs: 10, timeoutMs: 55, tolerableFailures: 5 },
      }),
    );
    c.run({ until: () => c.trace.ofType('checkpoint.trigger').length === 1 });
    const [, firstAt] = times(c, 'checkpoint.trigger')[0]!;
    job.triggerSavepoint();
    c.run({ until: () => c.trace.ofType('checkpoint.abort').length === 1 });
    c.run({ until: () => c.trace.ofType('checkpoint.trigger').length === 3 });
    const triggers = c.trace
      .ofType('checkpoint.trigger')
      .map((e) => [e.details.id, e.details.kind, e.timeMs]);
    // the savepoint started at once although checkpoint 1 still occupied the only slot
    const [, abortedAt] = times(c, 'checkpoint.abort')[0]!;
    expect(triggers[1]!.slice(0, 2)).toEqual([2, 'savepoint']);
    expect(triggers[1]![2]).toBeLessThan(abortedAt);
    // the periodic requests meanwhile waited; the queued one ran the moment checkpoint 1 expired
    expect(abortedAt).toBe(firstAt + 55);
    expect(triggers[2]).toEqual([3, 'checkpoint', abortedAt]);
    expect(c.trace.ofType('savepoint.complete')).toHaveLength(1);
  });

  it('retains num-retained checkpoints, deletes subsumed ones, never deletes savepoints', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(50), new CollectResult(), { checkpointing: { intervalMs: 5, numRetained: 2 } }),
    );
    c.run({ until: () => c.trace.ofType('checkpoint.complete').length >= 3 });
    let savepoint = '';
    job.triggerSavepoint((r) => {
      savepoint = r.path;
    });
    c.run({ until: () => c.trace.ofType('checkpoint.complete').length >= 8 });
    const store = job.coordinator.store.map((s) => s.path);
    expect(store).toHaveLength(2);
    const all = c.trace.ofType('checkpoint.complete').map((e) => String(e.details.path));
    for (const p of all) expect(c.fileIO.exists(`${p}/_metadata`)).toBe(store.includes(p));
    expect(c.fileIO.exists(`${savepoint}/_metadata`)).toBe(true);
    expect(all[0]).toBe(`/flink/checkpoints/${job.jobId}/chk-1`);
  });
});

describe('options', () => {
  it('reads Flink keys and durations; refuses unknown keys', () => {
    expect(parseDuration('10 s')).toBe(10_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2 min')).toBe(120_000);
    expect(parseDuration('42')).toBe(42);
    expect(() => parseDuration('soon')).toThrow(/Could not parse value 'soon'/);
    expect(
      jobConfigFromFlink({
        'parallelism.default': '3',
        'execution.checkpointing.interval': '1 s',
        'execution.checkpointing.mode': 'AT_LEAST_ONCE',
        'execution.checkpointing.min-pause': '200 ms',
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': '4',
        'restart-strategy.fixed-delay.delay': '5 s',
        'pipeline.operator-chaining.enabled': 'false',
      }),
    ).toEqual({
      parallelism: 3,
      operatorChaining: false,
      checkpointing: { intervalMs: 1000, mode: 'at-least-once', minPauseMs: 200 },
      restartStrategy: { type: 'fixed-delay', attempts: 4, delayMs: 5000 },
    });
    expect(() => jobConfigFromFlink({ 'execution.checkpointing.intervall': '1 s' })).toThrow(/Unknown/);
    expect(new Set(RUNTIME_OPTIONS.map((o) => o.key)).size).toBe(RUNTIME_OPTIONS.length);
  });
});

describe('restart strategies (RestartBackoffTimeStrategy)', () => {
  it('exponential-delay gives up after attempts-before-reset-backoff, and a quiet period resets it', async () => {
    const { createRestartStrategy } = await import('../../src/runtime/failover/restart-strategy.js');
    const { SeededRandom } = await import('../../src/common/random.js');
    const s = createRestartStrategy(
      {
        type: 'exponential-delay',
        initialBackoffMs: 10,
        jitterFactor: 0,
        attemptsBeforeResetBackoff: 2,
        resetBackoffThresholdMs: 1_000,
      },
      new SeededRandom(1),
    );
    expect([s.onFailure(0), s.onFailure(5), s.onFailure(6)]).toEqual([10, 20, undefined]);
    const t = createRestartStrategy(
      {
        type: 'exponential-delay',
        initialBackoffMs: 10,
        jitterFactor: 0,
        attemptsBeforeResetBackoff: 2,
        resetBackoffThresholdMs: 1_000,
      },
      new SeededRandom(1),
    );
    expect([t.onFailure(0), t.onFailure(5), t.onFailure(2_000), t.onFailure(2_001)]).toEqual([
      10, 20, 10, 20,
    ]);
  });

  it('refuses unaligned checkpoints, which are not simulated', () => {
    const c = cluster();
    expect(() =>
      c.submit(
        countingJob(topicWith(1), new CollectResult(), { checkpointing: { intervalMs: 5, unaligned: true } }),
      ),
    ).toThrow(/Unaligned checkpoints are not simulated/);
  });
});
