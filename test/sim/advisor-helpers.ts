import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileIO } from '../../src/common/index.js';
import {
  adviseRestore,
  type RestoreAdvice,
  type RunRecord,
  runScenario,
  type Scenario,
} from '../../src/sim/index.js';
import { FileSystemCatalog } from '../../src/storage/index.js';

/** Steps that restore a savepoint: `start` with `restore.savepoint`. */
export function restoreSteps(s: Scenario): number[] {
  return s.steps.flatMap((step, i) =>
    step.op === 'start' && step.restore && 'savepoint' in step.restore ? [i] : [],
  );
}

/** Where a savepoint step said its savepoint went (`… at /flink/savepoints/…`). */
export function savepointPath(run: RunRecord, name: string): string {
  const taken = run.steps.find(
    (x) => (x.op === 'savepoint' || x.op === 'stop-with-savepoint') && x.text.includes(`name=${name}`),
  );
  const path = taken && /at (\/flink\/savepoints\/[^\s;]+)/.exec(taken.outcome)?.[1];
  if (!path) throw new Error(`savepoint ${name} did not complete: ${taken?.outcome}`);
  return path;
}

/**
 * The advice just before step `index` (a restore): the scenario's steps before it run with the warehouse and
 * savepoints kept on disk (as `scenario run --out DIR` does), then the advisor reads them from there. Same
 * seed, same steps: the state is the one the full scenario restores onto.
 */
export function adviceBefore(scenario: Scenario, index: number, seed: number): RestoreAdvice {
  const step = scenario.steps[index]!;
  if (step.op !== 'start' || !step.restore || !('savepoint' in step.restore))
    throw new Error(`step ${index} restores no savepoint`);
  const { expect: _e, ...rest } = scenario;
  const dir = mkdtempSync(join(tmpdir(), 'paimon-sim-advise-'));
  try {
    const run = runScenario({ ...rest, steps: scenario.steps.slice(0, index) }, seed, { storage: { dir } });
    const io = new LocalFileIO();
    const catalog = new FileSystemCatalog({ warehouse: join(dir, 'warehouse'), fileIO: io });
    return adviseRestore(join(dir, savepointPath(run, step.restore.savepoint)), catalog.getTable(run.table), {
      io,
      tableName: run.table,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
