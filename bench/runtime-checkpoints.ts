/**
 * Runtime benchmark on the in-memory FileIO: records per second through a keyed counting job
 * (source → keyBy → count → 2PC sink, parallelism 2; count and sink chained), and checkpoint cycles per second
 * (trigger → barriers → acks → `_metadata` written → notify) of the same job idling with 1,000 keys of state.
 * Both schedulers are measured: `random` (seeded, the simulator's) and `round-robin`.
 * Usage: npx tsx bench/runtime-checkpoints.ts [events]. Writes bench/results/runtime-checkpoints.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/common/clock.js';
import { SeededRandom } from '../src/common/random.js';
import { CollectResult, LogSource, LogTopic, MiniCluster, StreamEnvironment } from '../src/runtime/index.js';

const events = Number(process.argv[2] ?? 200_000);
type Scheduler = 'random' | 'round-robin';

function job(topic: LogTopic<{ user: number }>, result: CollectResult<number>, intervalMs: number) {
  const env = new StreamEnvironment({ parallelism: 2, checkpointing: { intervalMs } });
  env
    .fromSource<{ user: number }>(() => new LogSource(topic), { uid: 'source' })
    .keyBy((e) => e.user)
    .process<number>(
      {
        processElement(_event, ctx, out) {
          const count = ctx.valueState<number>('count');
          count.update((count.value() ?? 0) + 1);
          out(count.value()!);
        },
      },
      { uid: 'count' },
    )
    .collect(result, { uid: 'sink' });
  return env.build('bench');
}

function measure(
  scheduler: Scheduler,
  intervalMs: number,
  count: number,
  until: (c: MiniCluster, r: CollectResult<number>) => boolean,
) {
  const topic = new LogTopic<{ user: number }>('bench', 2);
  topic.appendAll(Array.from({ length: count }, (_, i) => ({ user: i % 1000 })));
  const result = new CollectResult<number>();
  const cluster = new MiniCluster({ clock: new ManualClock(0), random: new SeededRandom(1), scheduler });
  cluster.submit(job(topic, result, intervalMs));
  const t0 = performance.now();
  cluster.run({ until: () => until(cluster, result), maxSteps: 100_000_000 });
  const seconds = (performance.now() - t0) / 1000;
  if (!until(cluster, result)) throw new Error(`benchmark did not reach its goal (${scheduler})`);
  return { seconds, checkpoints: cluster.trace.ofType('checkpoint.complete').length };
}

const cycleTarget = 2_000;
const runs = (['random', 'round-robin'] as const).map((scheduler) => {
  // Records: all events through the job, a checkpoint every second of virtual time.
  const records = measure(scheduler, 1_000, events, (_c, r) => r.committed.length === events);
  // Checkpoint cycles: 1,000 keys in state, then nothing but checkpoints, one per virtual millisecond.
  const cycles = measure(
    scheduler,
    1,
    1_000,
    (c) => c.trace.ofType('checkpoint.complete').length >= cycleTarget,
  );
  return {
    scheduler,
    recordsPerSecond: Math.round(events / records.seconds),
    checkpointsInRecordRun: records.checkpoints,
    checkpointCyclesPerSecond: Math.round(cycles.checkpoints / cycles.seconds),
  };
});

const result = {
  events,
  keysInStateForCycles: 1000,
  checkpointCycles: cycleTarget,
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  runs,
};
console.log(`runtime, keyed count, parallelism 2, ${events} events, MemoryFileIO, ${result.node}`);
for (const r of runs) {
  console.log(
    `${r.scheduler.padEnd(11)} records/s: ${r.recordsPerSecond} (${r.checkpointsInRecordRun} checkpoints); checkpoint cycles/s: ${r.checkpointCyclesPerSecond} (1000 keys of state)`,
  );
}
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results/runtime-checkpoints.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
