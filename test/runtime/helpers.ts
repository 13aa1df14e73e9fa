import { ManualClock } from '../../src/common/clock.js';
import { SeededRandom } from '../../src/common/random.js';
import {
  type CollectResult,
  type JobConfig,
  LogSource,
  LogTopic,
  MiniCluster,
  StreamEnvironment,
} from '../../src/runtime/index.js';

export interface Event {
  readonly user: string;
  readonly n: number;
}

/** A keyed counting job: log source → keyBy(user) → running count per user → 2PC collect sink. */
export function countingJob(
  topic: LogTopic<Event>,
  result: CollectResult<string>,
  config: JobConfig,
  parallelism = 2,
) {
  const env = new StreamEnvironment({ parallelism, ...config });
  env
    .fromSource<Event>(() => new LogSource(topic), { uid: 'source', name: 'Log Source' })
    .keyBy((e) => e.user)
    .process<string>(
      {
        processElement(e, ctx, out) {
          const count = ctx.valueState<number>('count');
          const next = (count.value() ?? 0) + 1;
          count.update(next);
          out(`${e.user}:${next}`);
        },
      },
      { uid: 'counter', name: 'Counter' },
    )
    .collect(result, { uid: 'sink', name: 'Sink' });
  return env.build('counting');
}

export function topicWith(events: number, users = 3, partitions = 2): LogTopic<Event> {
  const topic = new LogTopic<Event>('events', partitions);
  topic.appendAll(Array.from({ length: events }, (_, n) => ({ user: `u${n % users}`, n })));
  return topic;
}

export function cluster(seed = 1) {
  return new MiniCluster({ clock: new ManualClock(0), random: new SeededRandom(seed) });
}
