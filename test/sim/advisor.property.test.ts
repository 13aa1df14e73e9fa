import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  checkRun,
  formatAdvice,
  replayInstructions,
  runScenario,
  type Scenario,
  ScenarioError,
} from '../../src/sim/index.js';
import { buildScenario, operatorCommandArbs, pipelineArb, RESTORE_AS_IS } from '../../src/testing/index.js';
import { runs } from '../sweep-runs.js';
import { adviceBefore, restoreSteps } from './advisor-helpers.js';

/** The scenario up to its first restore (as is, no rollback), then new events, all committed. */
function firstRestore(s: Scenario): { scenario: Scenario; restoreAt: number } | undefined {
  const at = restoreSteps(s)[0];
  if (at === undefined) return undefined;
  const scenario: Scenario = {
    ...s,
    steps: [
      ...s.steps.slice(0, at + 1).filter((step) => step.op !== 'heal'),
      { op: 'publish', count: 2 },
      { op: 'run', until: { allCommitted: true }, maxMs: 5_000 },
    ],
  };
  return { scenario, restoreAt: restoreSteps(scenario)[0]! };
}

it('whenever the advisor says a restore is safe, the restored run is exactly once (property)', () => {
  const seen = { safe: 0, unsafe: 0 };
  fc.assert(
    fc.property(
      pipelineArb(),
      fc.integer({ min: 0, max: 0xffff_ffff }),
      fc.commands(operatorCommandArbs({ procedure: RESTORE_AS_IS, failures: false }), {
        maxCommands: 10,
        size: 'max',
      }),
      (pipeline, seed, commands) => {
        const built = buildScenario(
          RESTORE_AS_IS,
          pipeline,
          6,
          RESTORE_AS_IS.options,
          { kind: 'none' },
          commands,
        );
        const cut = firstRestore(built);
        if (!cut) return fc.pre(false);
        let advice: ReturnType<typeof adviceBefore>;
        try {
          advice = adviceBefore(cut.scenario, cut.restoreAt, seed);
        } catch (e) {
          if (e instanceof ScenarioError || /did not complete/.test((e as Error).message))
            return fc.pre(false);
          throw e;
        }
        seen[advice.safe ? 'safe' : 'unsafe']++;
        if (!advice.safe) return;
        const run = runScenario(cut.scenario, seed);
        const failed = checkRun(run).filter(
          (v) => ['exactly-once', 'no-loss', 'no-duplicates'].includes(v.checker) && v.status === 'fail',
        );
        expect(
          failed.map((v) => `${v.checker}: ${v.explanation}`),
          [...formatAdvice(advice), ...replayInstructions(run)].join('\n'),
        ).toEqual([]);
      },
    ),
    { seed: 21, numRuns: runs(25, 10), maxSkipsPerRun: 20 },
  );
  // not vacuous: the draws include restores the advisor approves and restores it refuses (an advisor that
  // always said "safe" fails this property: checked by hand, it fails after 16 runs)
  expect(seen.safe).toBeGreaterThan(0);
  expect(seen.unsafe).toBeGreaterThan(0);
});
