import { describe, expect, it } from 'vitest';
import { CollectResult, readMetadata } from '../../src/runtime/index.js';
import { cluster, countingJob, topicWith } from './helpers.js';

const triggered = (c: ReturnType<typeof cluster>, job: string) =>
  c.trace.events
    .filter((e) => e.job === job && e.type === 'checkpoint.trigger')
    .map((e) => [e.details.id, e.details.kind]);

describe('checkpoint ids (Flink rules)', () => {
  it('share one counter between checkpoints and savepoints, starting at 1', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(20), new CollectResult(), { checkpointing: { intervalMs: 20 } }),
    );
    c.run({ until: () => c.trace.ofType('checkpoint.complete').length >= 2 });
    const savepointId = job.triggerSavepoint();
    c.run({ until: () => c.trace.ofType('savepoint.complete').length === 1 });
    c.run({ until: () => c.trace.ofType('checkpoint.complete').length >= 4 });
    const ids = triggered(c, job.shortId);
    expect(savepointId).toBeGreaterThanOrEqual(3);
    expect(ids.map(([id]) => id)).toEqual(ids.map((_, i) => i + 1)); // 1, 2, 3, … with no gap or repeat
    expect(ids.filter(([, kind]) => kind === 'savepoint')).toEqual([[savepointId, 'savepoint']]);
    expect(ids.slice(0, 2)).toEqual([
      [1, 'checkpoint'],
      [2, 'checkpoint'],
    ]);
  });

  it('restoring savepoint 42 continues at 43, in a new job', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(20), new CollectResult(), { checkpointing: { intervalMs: 1_000_000 } }),
    );
    // 41 checkpoints happen first (the id counter is the coordinator's own: no one sets it from outside)
    for (let n = 1; n <= 41; n++) {
      job.triggerCheckpoint();
      c.run({ until: () => job.coordinator.latestCompleted === n });
    }
    expect(job.coordinator.nextId).toBe(42);
    let path = '';
    job.triggerSavepoint((r) => {
      path = r.path;
    });
    c.run({ until: () => path !== '' });
    expect(path).toMatch(new RegExp(`^/flink/savepoints/savepoint-${job.shortId}-[0-9a-f]{12}$`));
    expect(readMetadata(c.fileIO, path).checkpointId).toBe(42);
    job.cancel();
    const restored = c.submit(
      countingJob(topicWith(20), new CollectResult(), { checkpointing: { intervalMs: 5 } }),
      { restoreFrom: path },
    );
    expect(restored.jobId).not.toBe(job.jobId);
    expect(restored.restoredCheckpointId).toBe(42);
    c.run({ until: () => triggered(c, restored.shortId).length > 0 });
    expect(triggered(c, restored.shortId)[0]).toEqual([43, 'checkpoint']);
  });

  it('failover after chk-5 with chk-6 pending restores chk-5 and continues at 7', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(40), new CollectResult(), {
        checkpointing: { intervalMs: 5 },
        restartStrategy: { type: 'fixed-delay', attempts: 3, delayMs: 10 },
      }),
    );
    c.run({ until: () => c.trace.ofType('checkpoint.complete').some((e) => e.details.id === 5) });
    c.run({ until: () => triggered(c, job.shortId).some(([id]) => id === 6) });
    expect(c.trace.ofType('checkpoint.complete').some((e) => e.details.id === 6)).toBe(false);
    job.failTask('counter', 0);
    expect(job.status).toBe('RESTARTING');
    c.run({
      until: () => job.status === 'RUNNING' && triggered(c, job.shortId).some(([id]) => (id as number) > 6),
    });
    expect(job.restoredCheckpointId).toBe(5);
    expect(triggered(c, job.shortId).map(([id]) => id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(c.trace.ofType('checkpoint.abort').map((e) => e.details.id)).toContain(6);
  });

  it('an intermediate savepoint is neither stored for failover nor notified; a checkpoint after it is', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(30), new CollectResult(), { checkpointing: { intervalMs: 1_000_000 } }),
    );
    c.run({ maxSteps: 20 });
    job.triggerSavepoint();
    c.run({ until: () => c.trace.ofType('savepoint.complete').length === 1 });
    expect(c.trace.ofType('checkpoint.notify')).toEqual([]);
    expect(job.coordinator.store).toEqual([]);
    job.triggerCheckpoint();
    c.run({ until: () => c.trace.ofType('checkpoint.notify').length === 1 });
    expect(c.trace.ofType('checkpoint.notify')[0]!.details.id).toBe(2);
    expect(job.coordinator.store.map((s) => s.checkpointId)).toEqual([2]);
  });
});
