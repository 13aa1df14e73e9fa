import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FAILURE_MESSAGES,
  CheckpointFailedError,
  CollectResult,
  type JobClient,
} from '../../src/runtime/index.js';
import { cluster, countingJob, topicWith } from './helpers.js';

describe('JobClient: the handle users hold', () => {
  it('shows state read only: the coordinator view is frozen and its store a copy', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(20), new CollectResult(), { checkpointing: { intervalMs: 10 } }),
    );
    c.run({ until: () => job.coordinator.latestCompleted >= 2 });
    expect(Object.isFrozen(job.coordinator)).toBe(true);
    const store = job.coordinator.store as unknown as unknown[];
    store.length = 0; // a caller emptying its copy…
    expect(job.coordinator.store.length).toBeGreaterThan(0); // …leaves the job's store alone
    expect(job.coordinator.latest()!.checkpointId).toBe(job.coordinator.latestCompleted);
    expect(c.jobs).toEqual([job]);
    expect(job.name).toBe('counting');
    expect(job.tasks.map((t) => t.key)).toContain('counter->sink#0');
  });

  it('has no writable status, tasks, attempt or checkpoint counter (compile-time)', () => {
    const writes = (job: JobClient) => {
      // @ts-expect-error status is the job master's
      job.status = 'FINISHED';
      // @ts-expect-error tasks are the job master's
      job.tasks = [];
      // @ts-expect-error tasks cannot be added to
      job.tasks.push(job.tasks[0]!);
      // @ts-expect-error the attempt counts restarts
      job.attempt = 3;
      // @ts-expect-error ids come from the coordinator's counter
      job.coordinator.nextId = 42;
    };
    expect(typeof writes).toBe('function'); // never called: tsc checks the expectations above
  });
});

describe('checkpoint failures: Flink CheckpointFailureReason', () => {
  it("a task's decline aborts the checkpoint with CHECKPOINT_DECLINED and counts as a failed checkpoint", () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(20), new CollectResult(), {
        checkpointing: { intervalMs: 1_000_000, tolerableFailures: 0 },
        restartStrategy: { type: 'none' },
      }),
    );
    c.run({ maxSteps: 10 });
    const id = job.triggerCheckpoint();
    job.declineCheckpoint(id, 'source#0', 'source#0 declined (test)');
    expect(c.trace.ofType('checkpoint.abort').map((e) => e.details)).toEqual([
      { id, kind: 'checkpoint', reason: 'source#0 declined (test)' },
    ]);
    // tolerable-failed-checkpoints = 0: the first counted failure fails the job
    expect(job.status).toBe('FAILED');
    expect(job.failureCause!.message).toBe('Exceeded checkpoint tolerable failure threshold.');
    expect(() => job.declineCheckpoint(id, 'nope#0', 'x')).toThrow('No subtask nope#0 in job counting');
  });

  it('a failed stop-with-savepoint leaves a CheckpointFailedError with its reason', () => {
    const c = cluster();
    const job = c.submit(
      countingJob(topicWith(20), new CollectResult(), {
        checkpointing: { intervalMs: 10, timeoutMs: 200 },
        restartStrategy: { type: 'fixed-delay', attempts: 3, delayMs: 5 },
      }),
    );
    c.run({ until: () => job.coordinator.latestCompleted >= 1 });
    c.faults.dropAck = (_id, task) => task.startsWith('counter');
    job.stopWithSavepoint(false);
    c.run({ until: () => job.stopResult !== undefined });
    const error = job.stopResult as CheckpointFailedError;
    expect(error).toBeInstanceOf(CheckpointFailedError);
    expect(error.failure).toEqual({ reason: 'CHECKPOINT_EXPIRED', message: 'CHECKPOINT_EXPIRED' });
    expect(error.message).toBe('Stop-with-savepoint failed: CHECKPOINT_EXPIRED');
    expect(CHECKPOINT_FAILURE_MESSAGES[error.failure.reason]).toBe('Checkpoint expired before completing.');
  });
});
