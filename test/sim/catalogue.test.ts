import { describe, expect, it } from 'vitest';
import { CATALOGUE, checkRun, replayInstructions, runScenario, surprises } from '../../src/sim/index.js';
import { cli } from '../cli/cli-helpers.js';

/**
 * Every bundled scenario: run from the API and again from the CLI (`scenario check --json`) with the same
 * seed; the two traces must be identical (replay), and the verdicts those the scenario expects.
 */
describe('bundled scenarios', () => {
  it.each(CATALOGUE.map((s) => [s.name, s] as const))(
    '%s: verdicts as expected, and the CLI replays the same trace',
    (_name, scenario) => {
      const run = runScenario(scenario, 1);
      const verdicts = checkRun(run);
      const unexpected = surprises(run, verdicts);
      expect(
        unexpected.map((s) => s),
        replayInstructions(run).join('\n'),
      ).toEqual([]);
      // each scenario meets every wait it states and leaves readable tags and files
      // every scripted fault fires (a fault that never fires tests nothing)
      if (scenario.faults?.kind === 'script') {
        const planned = scenario.faults.faults.map((f) => f.point);
        expect([...new Set(run.faults.map((f) => f.point))].sort()).toEqual([...new Set(planned)].sort());
      }
      // (unless the scenario declares the failure: a restore conflict that never catches up hits the healed
      // phase's bound on purpose)
      const declared = scenario.expect?.verdicts ?? {};
      const housekeeping = ['bounded-waits', 'referenced-files', 'tags-resolve'].filter(
        (c) => declared[c] !== 'fail',
      );
      expect(verdicts.filter((v) => housekeeping.includes(v.checker)).map((v) => v.status)).toEqual(
        housekeeping.map(() => 'pass'),
      );

      const checked = cli(['scenario', 'check', scenario.name, '--seed', '1', '--json']);
      expect(checked.code).toBe(0);
      const lines = checked.out;
      const replayed = JSON.parse(lines.join('\n')) as {
        digest: string;
        trace: unknown[];
        verdicts: unknown[];
      };
      expect(replayed.digest).toBe(run.digest);
      expect(replayed.trace).toEqual(JSON.parse(JSON.stringify(run.trace)));
      expect(replayed.verdicts).toEqual(JSON.parse(JSON.stringify(verdicts)));
    },
  );
});
