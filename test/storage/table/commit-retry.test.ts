import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { nextFloat, nextInt, SeededRandom } from '../../../src/common/random.js';
import { CommitConflictError } from '../../../src/storage/errors.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { batchWrite, createTable, memoryCatalog } from './helpers.js';

const SCHEMA = {
  fields: [
    { name: 'k', type: 'INT NOT NULL' },
    { name: 'who', type: 'STRING' },
  ],
};

/**
 * Makes every attempt to claim a snapshot id lose while `competing()` says so: another committer claims
 * that id first. Returns the virtual times of the committer's own attempts.
 */
function raceEveryAttempt(
  setup: ReturnType<typeof memoryCatalog>,
  table: FileStoreTable,
  competing: (attempt: number) => boolean,
) {
  const attempts: number[] = [];
  let inCompetitor = false;
  setup.io.setHook((op) => {
    if (inCompetitor || op.kind !== 'createExclusive' || !op.path.includes('/snapshot/snapshot-')) return;
    attempts.push(setup.clock.nowMs());
    if (!competing(attempts.length)) return;
    inCompetitor = true;
    try {
      batchWrite(table, [{ k: -attempts.length, who: 'competitor' }]);
    } finally {
      inCompetitor = false;
    }
  });
  return attempts;
}

describe('commit retries (FileStoreCommitImpl.tryCommit / commitRetryWait)', () => {
  it('waits min-retry-wait * 2^retry plus < 20% jitter between attempts, on the injected clock', () => {
    const setup = memoryCatalog();
    const table = createTable(setup.catalog, SCHEMA);
    const attempts = raceEveryAttempt(setup, table, (n) => n <= 4);
    const [snapshot] = batchWrite(table, [{ k: 1, who: 'me' }]);
    setup.io.setHook(undefined);
    expect(snapshot!.id).toBe(5); // four competitors got 1..4
    const waits = attempts.slice(1).map((t, i) => t - attempts[i]!);
    // default commit.min-retry-wait 10 ms: 10 + [0, 2), 20 + [0, 4), 40 + [0, 8), 80 + [0, 16)
    expect(waits).toHaveLength(4);
    for (const [i, w] of waits.entries()) {
      const base = 10 * 2 ** i;
      expect(w).toBeGreaterThanOrEqual(base);
      expect(w).toBeLessThan(base + Math.max(1, Math.trunc(base * 0.2)));
    }
  });

  it('caps the wait at commit.max-retry-wait and gives up after commit.max-retries', () => {
    const setup = memoryCatalog();
    const table = createTable(setup.catalog, {
      ...SCHEMA,
      options: { 'commit.min-retry-wait': '1 s', 'commit.max-retry-wait': '3 s', 'commit.max-retries': '4' },
    });
    const attempts = raceEveryAttempt(setup, table, () => true);
    expect(() => batchWrite(table, [{ k: 1, who: 'me' }])).toThrow(
      /^Commit failed after \d+ millis with 4 retries, there maybe exist commit conflicts between multiple jobs\.$/,
    );
    setup.io.setHook(undefined);
    const waits = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(waits.map((w) => Math.min(Math.floor(w / 1000), 3))).toEqual([1, 2, 3, 3]);
    expect(waits.every((w) => w < 3000 + 600)).toBe(true);
    // nothing of the failed commit is in the table
    expect(
      table
        .newReadBuilder()
        .readRows()
        .filter((r) => r.who === 'me'),
    ).toEqual([]);
  });

  it('outlasts a burst of competing commits that immediate retries would not (commit.timeout bounds it)', () => {
    const setup = memoryCatalog();
    const table = createTable(setup.catalog, { ...SCHEMA, options: { 'commit.max-retries': '5' } });
    const start = setup.clock.nowMs();
    raceEveryAttempt(setup, table, () => setup.clock.nowMs() - start < 200);
    const [snapshot] = batchWrite(table, [{ k: 1, who: 'me' }]);
    setup.io.setHook(undefined);
    expect(table.snapshotManager.snapshot(snapshot!.id).commitUser).toBe(snapshot!.commitUser);

    const timed = memoryCatalog();
    const limited = createTable(timed.catalog, { ...SCHEMA, options: { 'commit.timeout': '50 ms' } });
    const attempts = raceEveryAttempt(timed, limited, () => true);
    expect(() => batchWrite(limited, [{ k: 1, who: 'me' }])).toThrow(CommitConflictError);
    expect(attempts.length).toBeLessThan(11); // stopped by the timeout, not by commit.max-retries (10)
  });

  it('property: concurrent committers lose no commit and leave contiguous snapshot ids', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 4 }), (seed, n) => {
        const setup = memoryCatalog(seed);
        createTable(setup.catalog, SCHEMA);
        const commitsEach = 4;
        // Each committer is its own process: its own table object and commit user.
        const committers = Array.from({ length: n }, (_, i) => {
          const table = setup.catalog.getTable('db.t');
          const builder = table.newStreamWriteBuilder().withCommitUser(`c${i}`);
          return { builder, write: builder.newWrite(), done: 0, active: false };
        });
        const random = new SeededRandom(seed);
        const commitNext = (c: (typeof committers)[number], index: number) => {
          c.active = true;
          const id = BigInt(++c.done);
          c.write.write([{ k: index * 100 + c.done, who: `c${index}` }]);
          c.builder.newCommit().commit(id, c.write.prepareCommit(id));
          c.active = false;
        };
        // Interleavings: at any IO step of a running commit, another committer may run a whole commit.
        let depth = 0;
        setup.io.setHook(() => {
          if (depth >= 3 || nextFloat(random) > 0.15) return;
          const idle = committers.flatMap((c, i) => (!c.active && c.done < commitsEach ? [i] : []));
          if (idle.length === 0) return;
          const i = idle[nextInt(random, idle.length)]!;
          depth++;
          try {
            commitNext(committers[i]!, i);
          } finally {
            depth--;
          }
        });
        for (;;) {
          const pending = committers.flatMap((c, i) => (c.done < commitsEach ? [i] : []));
          if (pending.length === 0) break;
          const i = pending[nextInt(random, pending.length)]!;
          commitNext(committers[i]!, i);
        }
        setup.io.setHook(undefined);
        const table = setup.catalog.getTable('db.t');
        const snapshots = table.snapshotManager.snapshots();
        expect(snapshots.map((s) => s.id)).toEqual(Array.from({ length: n * commitsEach }, (_, i) => i + 1));
        const commits = snapshots.map((s) => `${s.commitUser}/${s.commitIdentifier}`).sort();
        expect(new Set(commits).size).toBe(n * commitsEach); // each commit exactly once
        const rows = table.newReadBuilder().readRows();
        expect(rows).toHaveLength(n * commitsEach);
      }),
      { seed: 7, numRuns: 10 },
    );
  });
});

describe('SystemClock.sleep', () => {
  it('really blocks (Atomics.wait), so a commit back-off outside the simulator waits', () => {
    const clock = new SystemClock();
    const before = performance.now();
    clock.sleep(30);
    expect(performance.now() - before).toBeGreaterThanOrEqual(25);
  });
});
