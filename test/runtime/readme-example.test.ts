import { expect, it } from 'vitest';
// The runtime example of the README ("Runtime API"), verbatim; imports from src instead of the
// package name, and the console.log comments are asserted below.
import {
  CollectResult,
  LogSource,
  LogTopic,
  MiniCluster,
  readMetadata,
  StreamEnvironment,
} from '../../src/runtime/index.js';

it('README runtime example runs as documented', () => {
  // A Kafka-like topic with 2 partitions and some clicks.
  const topic = new LogTopic<{ user: string; page: string }>('clicks', 2);
  topic.appendAll([
    { user: 'ada', page: '/a' },
    { user: 'bob', page: '/b' },
    { user: 'ada', page: '/c' },
  ]);

  // The job: count clicks per user, exactly once, into a two-phase-commit sink.
  const env = new StreamEnvironment({
    parallelism: 2,
    checkpointing: { intervalMs: 100 }, // execution.checkpointing.interval
    restartStrategy: { type: 'fixed-delay', attempts: 3, delayMs: 50 },
  });
  const counts = new CollectResult<string>();
  env
    .fromSource<{ user: string; page: string }>(() => new LogSource(topic), { uid: 'clicks-source' })
    .keyBy((click) => click.user)
    .process<string>(
      {
        processElement(click, ctx, out) {
          const seen = ctx.valueState<number>('seen');
          seen.update((seen.value() ?? 0) + 1);
          out(`${click.user} ${seen.value()}`);
        },
      },
      { uid: 'count-per-user' },
    )
    .collect(counts, { uid: 'sink' }); // chained to count-per-user: one task 'count-per-user->sink'

  // Run it on virtual time: deterministic for a given seed.
  const cluster = new MiniCluster(); // MemoryFileIO, ManualClock at 0, SeededRandom(0)
  const job = cluster.submit(env.build('clicks'));
  cluster.run({ untilMs: 1_000 });
  console.log(counts.committed); // 'ada 1', 'bob 1', 'ada 2' in some order: committed at checkpoints

  // Crash a subtask: the job restarts from the latest checkpoint and nothing is counted twice.
  topic.append(0, { user: 'ada', page: '/d' });
  job.failTask('count-per-user', 0);
  cluster.run({ untilMs: 2_000 });

  // Lose every notification of the next checkpoint: it completes, but commits wait for a later one.
  const next = job.coordinator.nextId;
  cluster.faults.dropNotification = (id) => id === next;
  topic.append(1, { user: 'bob', page: '/e' });
  cluster.run({ untilMs: 2_300 });
  cluster.faults.dropNotification = undefined;

  // Stop with a savepoint, then resume a new job from it (checkpoint ids continue after the savepoint's).
  const savepointId = job.stopWithSavepoint();
  cluster.run({ until: () => job.status === 'FINISHED' });
  const savepoint = (job.stopResult as { path: string }).path; // /flink/savepoints/savepoint-<job>-<random>
  console.log(readMetadata(cluster.fileIO, savepoint).checkpointId === savepointId); // true: a real file
  const resumed = cluster.submit(env.build('clicks'), { restoreFrom: savepoint });
  cluster.run({ untilMs: 3_000 });
  console.log(resumed.coordinator.latestCompleted > savepointId); // true: ids go on at savepointId + 1
  console.log(cluster.trace.lines().slice(-3).join('\n')); // the event trace, one line per event

  expect([...counts.committed].sort()).toEqual(['ada 1', 'ada 2', 'ada 3', 'bob 1', 'bob 2']);
  expect(readMetadata(cluster.fileIO, savepoint).checkpointId).toBe(savepointId);
  expect(cluster.trace.ofType('checkpoint.notify-dropped').length).toBeGreaterThan(0);
  expect(resumed.status).toBe('RUNNING');
  expect(resumed.coordinator.latestCompleted).toBeGreaterThan(savepointId);
  expect(cluster.trace.ofType('checkpoint.trigger').find((e) => e.job === resumed.shortId)!.details.id).toBe(
    savepointId + 1,
  );
});
