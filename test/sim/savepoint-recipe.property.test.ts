import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  checkRun,
  FAULT_POINTS,
  type FaultPointName,
  replayInstructions,
  runScenario,
  type Scenario,
  ScenarioError,
  type ScriptedFault,
} from '../../src/sim/index.js';
import { runs } from '../sweep-runs.js';

/** Points a fault plan may draw here: every swarm point (file, task and coordinator faults). */
const POINTS = (Object.keys(FAULT_POINTS) as FaultPointName[]).filter((p) => FAULT_POINTS[p].swarm);

const faultArb: fc.Arbitrary<ScriptedFault> = fc.record({
  point: fc.constantFrom(...POINTS),
  hit: fc.integer({ min: 1, max: 6 }),
});

/**
 * The recipe: with sink.savepoint.auto-tag, "rollback_to savepoint-<id>, then restore that savepoint". Faults
 * are armed while the first job writes and takes the savepoint; the operator's steps after it run healed.
 */
function recipe(
  before: number,
  between: number,
  after: number,
  faults: ScriptedFault[],
  stop: boolean,
): Scenario {
  return {
    name: 'savepoint-recipe-under-faults',
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 40, restarts: 20 },
    table: { options: { 'sink.savepoint.auto-tag': 'true' } },
    steps: [
      { op: 'publish', count: before },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: before } },
      { op: 'publish', count: between },
      stop ? { op: 'stop-with-savepoint', job: 'a', name: 'sp' } : { op: 'savepoint', job: 'a', name: 'sp' },
      { op: 'heal' },
      { op: 'run', until: { forMs: 200 } },
      ...(stop ? [] : [{ op: 'cancel', job: 'a' } as const]),
      { op: 'rollback-to', savepointTag: 'sp' },
      { op: 'publish', count: after },
      { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
      { op: 'run', until: { allCommitted: true } },
    ],
    faults: { kind: 'script', faults },
  };
}

it('with the savepoint recipe, exactly-once holds over random fault plans (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 6 }),
      fc.array(faultArb, { maxLength: 3 }),
      fc.boolean(),
      (seed, before, between, after, faults, stop) => {
        let run: ReturnType<typeof runScenario>;
        try {
          run = runScenario(recipe(before, between, after, faults, stop), seed);
        } catch (e) {
          // The recipe needs a completed savepoint and its tag: a savepoint that faults aborted, or one whose
          // checkpoint committed nothing (Paimon creates no tag then), leaves nothing to apply it to.
          if (e instanceof ScenarioError && /did not complete|doesn't exist/.test(e.message))
            return fc.pre(false);
          throw e;
        }
        const verdicts = checkRun(run).filter((v) =>
          ['exactly-once', 'no-loss', 'no-duplicates', 'liveness'].includes(v.checker),
        );
        const failed = verdicts.filter((v) => v.status === 'fail');
        expect(
          failed,
          [...failed.map((v) => `${v.checker}: ${v.explanation}`), ...replayInstructions(run)].join('\n'),
        ).toEqual([]);
      },
    ),
    { seed: 12, numRuns: runs(8, 3) },
  );
});
