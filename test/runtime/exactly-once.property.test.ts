import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CollectResult, LogSource, StreamEnvironment } from '../../src/runtime/index.js';
import { runs } from '../sweep-runs.js';
import { cluster, countingJob, type Event, topicWith } from './helpers.js';

/** Every `u<k>:<n>` a keyed count over `events` yields, whatever the interleaving. */
function expectedCounts(events: number, users: number): string[] {
  const out: string[] = [];
  for (let u = 0; u < users; u++)
    for (let n = 1; n <= Math.ceil((events - u) / users); n++) out.push(`u${u}:${n}`);
  return out.sort();
}

const scenario = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  events: fc.integer({ min: 5, max: 60 }),
  users: fc.integer({ min: 1, max: 5 }),
  parallelism: fc.integer({ min: 1, max: 4 }),
  intervalMs: fc.integer({ min: 2, max: 40 }),
  failures: fc.array(
    fc.record({
      atMs: fc.integer({ min: 1, max: 400 }),
      vertex: fc.constantFrom('source', 'counter', 'sink'),
      subtask: fc.nat(),
    }),
    { maxLength: 3 },
  ),
});

describe('recovery semantics (property)', () => {
  it('exactly-once: with random failures and checkpoint timing, committed output equals a failure-free run', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const c = cluster(s.seed);
        const result = new CollectResult<string>();
        const graph = countingJob(
          topicWith(s.events, s.users),
          result,
          {
            checkpointing: { intervalMs: s.intervalMs },
            restartStrategy: { type: 'fixed-delay', attempts: 10, delayMs: 5 },
          },
          s.parallelism,
        );
        const job = c.submit(graph);
        for (const f of [...s.failures].sort((a, b) => a.atMs - b.atMs)) {
          c.run({ untilMs: f.atMs });
          if (job.status === 'RUNNING') job.failTask(f.vertex, f.subtask % s.parallelism);
        }
        // At every point, what is committed is duplicate-free and prefix-closed per key (u:1..u:n), i.e.
        // exactly the effect of the input up to some completed checkpoint.
        for (let t = 0; t <= 5_000; t += 50) {
          c.run({ untilMs: t });
          const committed = new Set(result.committed);
          expect(committed.size).toBe(result.committed.length);
          const highest = new Map<string, number>();
          for (const line of result.committed) {
            const [user, n] = line.split(':');
            highest.set(user!, Math.max(highest.get(user!) ?? 0, Number(n)));
          }
          // one expect per instant (an expect per line made vitest's bookkeeping half of this test's time)
          const gaps: string[] = [];
          for (const [user, n] of highest)
            for (let i = 1; i <= n; i++) if (!committed.has(`${user}:${i}`)) gaps.push(`${user}:${i}`);
          expect(gaps, `committed at t=${t} without the lines before them`).toEqual([]);
        }
        expect(job.status).toBe('RUNNING');
        // in the end it is exactly the failure-free output
        expect([...result.committed].sort()).toEqual(expectedCounts(s.events, s.users));
      }),
      { seed: 42, numRuns: runs(60, 15) },
    );
  });

  it('at-least-once: records may be duplicated after a failure but never lost', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const c = cluster(s.seed);
        const result = new CollectResult<number>();
        const env = new StreamEnvironment({
          parallelism: s.parallelism,
          checkpointing: { intervalMs: s.intervalMs, mode: 'at-least-once' },
          restartStrategy: { type: 'fixed-delay', attempts: 10, delayMs: 5 },
        });
        env
          .fromSource<Event>(() => new LogSource(topicWith(s.events, s.users)), { uid: 'source' })
          .keyBy((e) => e.user)
          .map((e) => e.n, { uid: 'counter' })
          .collect(result, { uid: 'sink', mode: 'immediate' });
        const job = c.submit(env.build('alo'));
        for (const f of [...s.failures].sort((a, b) => a.atMs - b.atMs)) {
          c.run({ untilMs: f.atMs });
          if (job.status === 'RUNNING') job.failTask(f.vertex, f.subtask % s.parallelism);
        }
        c.run({ untilMs: 5_000 });
        const seen = new Set(result.committed);
        for (let n = 0; n < s.events; n++) expect(seen.has(n)).toBe(true);
        if (s.failures.length === 0) expect(result.committed).toHaveLength(s.events);
      }),
      { seed: 42, numRuns: runs(40, 10) },
    );
  });

  it('the same seed replays the same trace, byte for byte', () => {
    const run = (seed: number) => {
      const c = cluster(seed);
      const job = c.submit(
        countingJob(topicWith(30, 3), new CollectResult(), { checkpointing: { intervalMs: 7 } }, 3),
      );
      c.run({ untilMs: 60 });
      job.failTask('counter', 1);
      c.run({ untilMs: 400 });
      return c.trace.lines().join('\n');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});
