/**
 * Differential scenarios: catalogue scenarios run in paimon-sim and on real Flink 1.20 + paimon-flink 1.3.1
 * (flink-harness.ts, README.md section "Flink"), compared on final rows (a multiset), the `$snapshots`
 * sequence (kind, identifier, commit user renamed u1, u2, …), `$tags`, each job's outcome and failure texts,
 * and the checkpoint ids. One JVM and one MiniCluster serve every scenario.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledScenario } from '../../src/sim/catalogue/index.js';
import type { Scenario } from '../../src/sim/scenario/scenario.js';
import { FlinkHarness, observeSim, runSim } from './flink-harness.js';

/**
 * The recovery scenarios that matter most, from the catalogue (src/sim/catalogue), by name: the savepoint
 * conflict and its fix (rollback to the savepoint tag), a restore after the savepoint's files were removed as
 * orphans, and a re-commit after the commit user's snapshots expired (with a stop-with-savepoint).
 */
const SCENARIOS = [
  'savepoint-restore-as-is',
  'savepoint-restore-rollback-first',
  'cannot-recover-deleted-files',
  'recommit-conflict-after-expiry',
];

const javaHome = process.env['JAVA_HOME'];
const java = javaHome ? join(javaHome, 'bin', 'java') : 'java';
const hasJava = spawnSync(java, ['-version']).status === 0;
if (!hasJava)
  console.warn(
    'flink-diff: skipped: no Java found (JAVA_HOME or `java` on PATH); the Flink harness needs a JDK >= 17 and Maven (bash test/interop/flink-setup.sh)',
  );

describe.skipIf(!hasJava)('real Flink 1.20 + paimon-flink 1.3.1 against paimon-sim', () => {
  let harness: FlinkHarness;
  const dirs: string[] = [];
  const timings: string[] = [];

  beforeAll(async () => {
    const t0 = performance.now();
    const started = await FlinkHarness.start();
    harness = started.harness;
    timings.push(
      `JVM + MiniCluster start-up: ${(performance.now() - t0).toFixed(0)} ms (cluster ${started.clusterStartMs} ms)`,
    );
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    console.info(`flink-diff timings:\n  ${timings.join('\n  ')}`);
  });

  for (const name of SCENARIOS) {
    it(`${name}: same rows, snapshots, tags, job outcomes and failures`, async () => {
      const scenario = bundledScenario(name) as Scenario;
      const sim = runSim(scenario);
      const dir = mkdtempSync(join(tmpdir(), `flink-diff-${name}-`));
      dirs.push(dir);
      const flink = await harness.run(sim, dir);
      timings.push(`${name}: paimon-sim ${sim.ms.toFixed(0)} ms, Flink ${flink.ms.toFixed(0)} ms`);
      const expected = observeSim(sim);
      expect(flink.observation).toEqual(expected);
      // the scenario's own expectation holds on the real stack too
      if (scenario.expect?.failure)
        expect(flink.observation.failures.some((f) => f.includes(scenario.expect!.failure!))).toBe(true);
    }, 240_000);
  }
});
