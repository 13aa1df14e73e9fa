import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryFileIO, nextUuid } from '../../src/common/index.js';
import { bundledScenario, runScenario, SimEnv } from '../../src/sim/index.js';
import { FileSystemCatalog } from '../../src/storage/index.js';

describe('SimEnv', () => {
  it('forks one stream per component: same seed, same streams; a draw in one leaves the others alone', () => {
    const a = SimEnv.create(5);
    const b = SimEnv.create(5);
    nextUuid(a.streams.table); // an extra file name in storage…
    expect(a.streams.scheduler.nextUint32()).toBe(b.streams.scheduler.nextUint32()); // …does not move the schedule
    expect(a.streams.ids.nextUint32()).toBe(b.streams.ids.nextUint32());
    expect(SimEnv.create(6).streams.scheduler.nextUint32()).not.toBe(
      SimEnv.create(5).streams.scheduler.nextUint32(),
    );
    expect(() => SimEnv.create(-1)).toThrow(RangeError);
  });

  it('storage and runtime write to one trace: commits, tags and job events interleave in order', () => {
    const run = runScenario(bundledScenario('savepoint-restore-rollback-first')!, 2);
    const types = run.trace.map((e) => e.type);
    const firstCommit = types.indexOf('storage.commit');
    expect(firstCommit).toBeGreaterThan(types.indexOf('checkpoint.complete'));
    const commit = run.trace[firstCommit]!;
    expect(commit.details).toMatchObject({
      table: 'shop.orders',
      snapshot: 1,
      identifier: '1',
      kind: 'APPEND',
    });
    expect(types).toContain('storage.tag-create');
    // the rollback removed the snapshots after the tag: their files' deletion is in the trace too
    expect(
      run.trace.filter((e) => e.type === 'storage.snapshot-delete').map((e) => e.details.snapshot),
    ).toEqual([3]);
    expect(run.steps.find((s) => s.op === 'rollback-to')!.outcome).toMatch(
      /^rollback_to tag savepoint-2: snapshot 3 -> 2/,
    );
  });

  it('with storage on disk, the warehouse stays where the table commands can open it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paimon-sim-env-'));
    try {
      const run = runScenario(bundledScenario('savepoint-restore-rollback-first')!, 1, { storage: { dir } });
      expect(existsSync(join(dir, 'flink/savepoints'))).toBe(true);
      const table = new FileSystemCatalog({ warehouse: join(dir, 'warehouse') }).getTable('shop.orders');
      expect(table.newReadBuilder().readRows()).toHaveLength(run.rows.length);
      expect(table.snapshotManager.snapshots().map((s) => s.id)).toEqual(run.snapshots.map((s) => s.id));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs on a FileIO of your own, under the same names (test helpers lab()/pkLab() use this)', () => {
    const io = new MemoryFileIO();
    const env = SimEnv.create(3, { storage: { fileIO: io } });
    env.catalog.createDatabase('db');
    expect(io.exists('/warehouse/db.db')).toBe(true);
    expect(env.banner()).toBe('seed=3 faults=none scheduler=random storage=custom');
  });
});
