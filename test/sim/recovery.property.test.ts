import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/index.js';
import {
  RESTORE_AS_IS,
  RecoveryPropertyFailure,
  recoveryProperty,
  scenarioText,
} from '../../src/testing/index.js';
import { cli } from '../cli/cli-helpers.js';
import { runs } from '../sweep-runs.js';

/**
 * The recovery property of the README ("Testing your recovery procedure"): operator commands drawn by
 * fast-check, Paimon's recipe before every restore, every checker of the recovery invariant must pass.
 * A few runs here (six in `npm run test:sweeps`, which also runs 1,000 seeds: test/sim/recovery.sweep.test.ts).
 */
describe('recoveryProperty', () => {
  it('holds with the recipe: auto-tag, then rollback_to savepoint-<id> before restoring it', () => {
    const numRuns = runs(6, 3);
    const result = recoveryProperty({ pipeline: 'orders-append', numRuns, seed: 42 });
    expect(result.runs).toBe(numRuns);
    expect(result.interrupted).toBe(false);
  });

  it('fails without the recipe, shrinks, and the printed scenario replays from the CLI to the same failure', () => {
    let failure: RecoveryPropertyFailure | undefined;
    try {
      recoveryProperty({ pipeline: 'orders-append', procedure: RESTORE_AS_IS, numRuns: 40, seed: 1 });
    } catch (e) {
      if (!(e instanceof RecoveryPropertyFailure)) throw e;
      failure = e;
    }
    expect(failure, 'restoring as is must break exactly-once in 40 runs').toBeDefined();
    const { scenario, simSeed, failed } = failure!;
    // the message carries the seed, the replay command and the scenario as a file
    expect(failure!.message).toContain(`scenario check counterexample.json --seed ${simSeed}`);
    expect(failure!.message).toContain(scenarioText(scenario));
    expect(failed.map((v) => v.checker)).toContain('no-duplicates');
    // shrunk: a handful of operator steps between the prelude and the healed ending
    expect(scenario.steps.length).toBeLessThanOrEqual(12);

    const dir = mkdtempSync(join(tmpdir(), 'paimon-sim-counterexample-'));
    try {
      const file = join(dir, 'counterexample.json');
      writeFileSync(file, scenarioText(scenario));
      const replay = cli(['scenario', 'check', file, '--seed', String(simSeed), '--json']);
      expect(replay.code).toBe(1);
      const record = JSON.parse(replay.out.join('\n')) as { digest: string; surprises: string[] };
      expect(record.surprises).toEqual(expect.arrayContaining(failed.map((v) => v.checker)));
      expect(record.digest).toBe(runScenario(scenario, simSeed).digest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
