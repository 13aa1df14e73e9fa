import { describe, expect, it } from 'vitest';
import {
  CollectResult,
  InvalidJobError,
  type JobConfig,
  jobConfigFromFlink,
  LogSource,
  LogTopic,
  MiniCluster,
  OperatorTestHarness,
  RestoreError,
  StreamEnvironment,
} from '../../src/runtime/index.js';
import { MapOperator } from '../../src/runtime/task/user-operators.js';
import { cluster, countingJob, topicWith } from './helpers.js';

const refused = (make: () => unknown, message: string) => {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidJobError);
  expect((error as Error).message).toBe(message);
};

describe('unknown keys in configuration and option objects are refused, listing the accepted keys', () => {
  it('the job configuration and its nested objects', () => {
    refused(
      () => new StreamEnvironment({ paralelism: 2 } as unknown as JobConfig),
      "Unknown key 'paralelism' in the job configuration (StreamEnvironment); accepted keys: parallelism, maxParallelism, checkpointing, restartStrategy, operatorChaining.",
    );
    refused(
      () => new StreamEnvironment({ checkpointing: { intervalMs: 10, interval: 5 } } as unknown as JobConfig),
      "Unknown key 'interval' in the checkpointing configuration; accepted keys: intervalMs, timeoutMs, minPauseMs, maxConcurrent, tolerableFailures, numRetained, mode, unaligned.",
    );
    refused(
      () =>
        new StreamEnvironment({
          restartStrategy: { type: 'fixed-delay', attempts: 2, initialBackoffMs: 5 },
        } as unknown as JobConfig),
      "Unknown key 'initialBackoffMs' in the fixed-delay restart strategy configuration; accepted keys: type, attempts, delayMs.",
    );
    refused(
      () => new StreamEnvironment({ restartStrategy: { type: 'sometimes' } } as unknown as JobConfig),
      "Unknown restart strategy type 'sometimes'; accepted: none, fixed-delay, failure-rate, exponential-delay.",
    );
    refused(
      () => new StreamEnvironment({ checkpointing: 100 } as unknown as JobConfig),
      'The checkpointing configuration must be an object, got number 100.',
    );
  });

  it('operator, source, watermark, collect, cluster, submit and harness options', () => {
    const env = new StreamEnvironment();
    const topic = new LogTopic('t', 1);
    refused(
      () => env.fromSource(() => new LogSource(topic), { uid: 's', paralelism: 2 } as never),
      "Unknown key 'paralelism' in the options of operator 'Source'; accepted keys: uid, name, parallelism, maxParallelism, chaining.",
    );
    const stream = env.fromSource(() => new LogSource(topic), { uid: 's' });
    refused(
      () => stream.map((x) => x, { name: 'M', maxParalelism: 4 } as never),
      "Unknown key 'maxParalelism' in the options of operator 'M'; accepted keys: uid, name, parallelism, maxParallelism, chaining.",
    );
    refused(
      () => stream.collect(new CollectResult(), { mode: 'immediate', exactlyOnce: true } as never),
      "Unknown key 'exactlyOnce' in the options of collect(); accepted keys: uid, name, parallelism, maxParallelism, chaining, mode.",
    );
    refused(
      () => new LogSource(topic, { bounded: true, startOffsets: 'latest' } as never),
      "Unknown key 'startOffsets' in the options of LogSource; accepted keys: startingOffsets, bounded, watermarks.",
    );
    refused(
      () => new LogSource(topic, { watermarks: { timestamp: () => 0, outOfOrderness: 5 } } as never),
      "Unknown key 'outOfOrderness' in the watermark strategy; accepted keys: timestamp, outOfOrdernessMs.",
    );
    refused(
      () => new MiniCluster({ seed: 1 } as never),
      "Unknown key 'seed' in the cluster options; accepted keys: clock, random, fileIO, checkpointDir, savepointDir, stepMs, scheduler, faults.",
    );
    refused(
      () =>
        cluster().submit(countingJob(topicWith(3), new CollectResult(), {}), { restorePath: '/x' } as never),
      "Unknown key 'restorePath' in the submit options; accepted keys: restoreFrom, allowNonRestoredState, claimMode.",
    );
    refused(
      () => new OperatorTestHarness(new MapOperator((x) => x), { subtask: 1 } as never),
      "Unknown key 'subtask' in the harness options; accepted keys: keySelector, parallelism, subtaskIndex, maxParallelism, clock, jobId.",
    );
  });

  it('maxParallelism at job level (pipeline.max-parallelism) applies to operators that set none and counts as set', () => {
    expect(jobConfigFromFlink({ 'pipeline.max-parallelism': '256' })).toEqual({ maxParallelism: 256 });
    const c = cluster();
    const topic = topicWith(30);
    const first = c.submit(countingJob(topic, new CollectResult(), { maxParallelism: 256 }));
    expect(first.graph.vertices.map((v) => [v.maxParallelism, v.maxParallelismConfigured])).toEqual([
      [256, true],
      [256, true],
      [256, true],
    ]);
    c.run({ until: () => first.coordinator.latestCompleted >= 0 && first.tasks.length > 0, maxSteps: 50 });
    first.stopWithSavepoint();
    c.run({ until: () => first.status === 'FINISHED' });
    const path = (first.stopResult as { path: string }).path;
    // A snapshot of 256 key groups cannot be restored into a job that sets 128 at job level.
    expect(() =>
      c.submit(countingJob(topic, new CollectResult(), { maxParallelism: 128 }), { restoreFrom: path }),
    ).toThrow(RestoreError);
    refused(
      () => countingJob(topic, new CollectResult(), { maxParallelism: 1.5 }),
      "The maximum parallelism of operator 'Log Source' must be between its parallelism (2) and 32768, got 1.5",
    );
  });
});
