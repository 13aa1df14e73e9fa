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
import { bundledScenario, CATALOGUE } from '../../src/sim/catalogue/index.js';
import type { Scenario } from '../../src/sim/scenario/scenario.js';
import { FlinkHarness, type Observation, observeSim, refuseFaults, runSim } from './flink-harness.js';

/**
 * The catalogue's scenarios (src/sim/catalogue, CATALOGUE) that the harness runs, conflicts and fixed twins:
 * every one without a fault plan, and the pair whose fault (`coordinator.decline` of a checkpoint) the real
 * stack reproduces. README.md section "Flink" lists the rest with the reason each is refused.
 */
const ALL_SCENARIOS = [
  'savepoint-restore-as-is',
  'savepoint-restore-rollback-first',
  'customer-totals-as-is',
  'customer-totals-rollback-first',
  'cannot-recover-deleted-files',
  'cannot-recover-deleted-files-fixed',
  'recommit-conflict-after-expiry',
  'recommit-conflict-after-expiry-fixed',
  'idle-savepoint-no-tag',
  'idle-savepoint-no-tag-fixed',
  'savepoint-tag-expired',
  'savepoint-tag-expired-fixed',
  'two-jobs-same-commit-user',
  'two-jobs-same-commit-user-fixed',
  'rolled-back-too-far',
  'rolled-back-too-far-fixed',
  'compaction-conflict-on-restore',
  'compaction-conflict-on-restore-fixed',
  'savepoint-tag-name-collision',
  'savepoint-tag-name-collision-fixed',
  'committer-state-dropped-fixed',
  'savepoint-tag-deleted-by-abort-fixed',
  'maintenance',
];
/**
 * Scenarios the harness runs but that differ, each for a reason README.md section "Flink" ("Known
 * differences") gives: not run by default, only by name through FLINK_DIFF_ONLY.
 */
const DIFFERING = ['committer-state-dropped', 'savepoint-tag-deleted-by-abort'];
/** FLINK_DIFF_ONLY=a,b runs only those (to look into one difference). */
const only = process.env['FLINK_DIFF_ONLY']?.split(',');
const SCENARIOS = only ? [...ALL_SCENARIOS, ...DIFFERING].filter((n) => only.includes(n)) : ALL_SCENARIOS;

/**
 * Catalogue scenarios the harness refuses: their fault plans inject into paimon-sim's own runtime or storage
 * (README.md section "Flink" says why each has no real-stack equivalent).
 */
const REFUSED = [
  'identifiers-backwards',
  'identifiers-backwards-fixed',
  'resume-drained-savepoint',
  'resume-drained-savepoint-fixed',
  'storage-faults',
  'task-faults',
  'coordinator-faults',
  'job-faults',
  'swarm',
];

/**
 * Differences that follow from wall time against virtual time, not from a rule either side gets wrong: the
 * simulator's observation is adjusted as the real stack's timing decides (README.md, "Known differences").
 */
const TIMING: Readonly<Record<string, (o: Observation) => Observation>> = {
  // tag.default-time-retained = 200 ms: the restored job re-creates `savepoint-2` from its state and its next
  // commits run TagTimeExpire; two checkpoints take ~50 virtual ms but seconds of wall time, so on the real
  // stack the re-created tag has expired by the end
  'savepoint-tag-expired': (o) => ({ ...o, tags: o.tags.filter((t) => !t.startsWith('savepoint-2@')) }),
};

describe('catalogue scenarios the Flink harness refuses', () => {
  it('every catalogue scenario is compared, listed as differing, or refused', () => {
    expect([...ALL_SCENARIOS, ...DIFFERING, ...REFUSED].sort()).toEqual(CATALOGUE.map((s) => s.name).sort());
  });

  for (const name of REFUSED) {
    it(`${name}: refused with the fault it cannot reproduce`, () => {
      const scenario = bundledScenario(name) as Scenario;
      expect(() => refuseFaults(scenario)).toThrow(/has no real-stack equivalent in the Flink harness/);
    });
  }
});

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
      const observed = observeSim(sim);
      const expected = TIMING[name]?.(observed) ?? observed;
      expect(flink.observation).toEqual(expected);
      // the scenario's own expectation holds on the real stack too
      if (scenario.expect?.failure)
        expect(flink.observation.failures.some((f) => f.includes(scenario.expect!.failure!))).toBe(true);
    }, 240_000);
  }
});
