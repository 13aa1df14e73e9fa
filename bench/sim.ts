/**
 * Simulation kit benchmark (in memory): checkpoint cycles per second with a Paimon commit each (2 writers,
 * 3 rows per checkpoint), recovery scenarios per second (the bundled savepoint-restore-rollback-first:
 * write, savepoint, cancel, rollback_to, restore), and seeds per minute for a sweep of the swarm scenario
 * (run + all checkers), and seeds per minute of the kit's standard recovery property (`recoveryProperty`, the
 * README's "Testing your recovery procedure": drawn operator commands, Paimon's recipe, every checker).
 * Usage: npx tsx bench/sim.ts [cycles] [recoveries] [seeds] [propertySeeds]. Writes bench/results/sim.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { bundledScenario, checkRun, runScenario, type Scenario, type Step } from '../src/sim/index.js';
import { recoveryProperty } from '../src/testing/index.js';

const cycles = Number(process.argv[2] ?? 200);
const recoveries = Number(process.argv[3] ?? 10);
const seeds = Number(process.argv[4] ?? 20);
const propertySeeds = Number(process.argv[5] ?? 100);

function timed<T>(work: () => T): { result: T; seconds: number } {
  const t0 = performance.now();
  const result = work();
  return { result, seconds: (performance.now() - t0) / 1000 };
}

// 1. Checkpoint cycles with a commit: publish 3 rows, run until the next checkpoint completes; repeat.
const loop: Step[] = [{ op: 'start', job: 'a' }];
for (let i = 0; i < cycles; i++)
  loop.push({ op: 'publish', count: 3 }, { op: 'run', until: { checkpoints: 1 } });
const cycleScenario: Scenario = {
  name: 'bench-checkpoint-cycles',
  pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 20 },
  steps: loop,
};
runScenario({ ...cycleScenario, steps: loop.slice(0, 21) }, 1); // warm-up
const c = timed(() => runScenario(cycleScenario, 1));
const completed = c.result.trace.filter((e) => e.type === 'checkpoint.complete').length;
const commits = c.result.trace.filter((e) => e.type === 'storage.commit').length;
if (c.result.rows.length !== cycles * 3) throw new Error(`cycle run lost rows: ${c.result.rows.length}`);

// 2. Recovery scenarios.
const recovery = bundledScenario('savepoint-restore-rollback-first')!;
const r = timed(() => {
  for (let seed = 1; seed <= recoveries; seed++) runScenario(recovery, seed);
});

// 3. A seed sweep of the swarm scenario, with the checkers.
const swarm = bundledScenario('swarm')!;
const s = timed(() => {
  let failing = 0;
  for (let seed = 1; seed <= seeds; seed++)
    if (checkRun(runScenario(swarm, seed)).some((v) => v.status === 'fail')) failing++;
  return failing;
});

// 4. The kit's standard recovery property: one seed = one drawn procedure run and checked.
const p = timed(() => recoveryProperty({ pipeline: 'orders-append', numRuns: propertySeeds, seed: 7 }));
if (p.result.runs !== propertySeeds)
  throw new Error(`recovery property ran ${p.result.runs} of ${propertySeeds}`);

const result = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  checkpointCycles: {
    checkpoints: completed,
    commits,
    rowsPerCheckpoint: 3,
    writers: 2,
    perSecond: Math.round(completed / c.seconds),
  },
  recoveryScenarios: {
    scenario: recovery.name,
    runs: recoveries,
    perSecond: Number((recoveries / r.seconds).toFixed(2)),
  },
  seedSweep: {
    scenario: swarm.name,
    seeds,
    failingSeeds: s.result,
    perMinute: Math.round((seeds / s.seconds) * 60),
  },
  recoveryProperty: {
    pipeline: 'orders-append',
    seeds: propertySeeds,
    perMinute: Math.round((propertySeeds / p.seconds) * 60),
  },
};
console.log(`simulation kit, in memory, ${result.node}, ${result.cpu}`);
console.log(
  `checkpoint cycles/s with a Paimon commit: ${result.checkpointCycles.perSecond} (${completed} checkpoints, ${commits} commits)`,
);
console.log(`recovery scenarios/s (${recovery.name}): ${result.recoveryScenarios.perSecond}`);
console.log(
  `seeds/min (${swarm.name}, run + checkers): ${result.seedSweep.perMinute} (${s.result} of ${seeds} seeds failing)`,
);
console.log(`seeds/min (recoveryProperty, orders-append): ${result.recoveryProperty.perMinute}`);
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results/sim.json'), `${JSON.stringify(result, null, 2)}\n`);
