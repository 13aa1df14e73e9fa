import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../../src/sim/index.js';
import {
  buildScenario,
  operatorCommandArbs,
  RESTORE_AS_IS,
  ROLLBACK_TO_SAVEPOINT_TAG,
  scenarioText,
} from '../../../src/testing/index.js';

const commandsArb = fc.commands(operatorCommandArbs({ procedure: ROLLBACK_TO_SAVEPOINT_TAG }), {
  maxCommands: 16,
  size: 'max',
});

function build(cmds: Iterable<fc.Command<never, never>>, procedure = ROLLBACK_TO_SAVEPOINT_TAG): Scenario {
  return buildScenario(
    procedure,
    { workload: 'orders-append' },
    4,
    procedure.options,
    { kind: 'none' },
    cmds as never,
  );
}

describe('model-based operator commands', () => {
  it('every generated command list builds a valid scenario, printed by toString as its own steps', () => {
    fc.assert(
      fc.property(commandsArb, (cmds) => {
        const scenario = build(cmds);
        expect(parseScenario(JSON.parse(scenarioText(scenario)))).toEqual(scenario);
        // each command that ran printed exactly the steps it appended, in order
        const printed = [...cmds]
          .map((c) => c.toString())
          .filter((t) => t.startsWith('{'))
          .flatMap((t) => JSON.parse(`[${t}]`));
        const body = scenario.steps.slice(
          3,
          scenario.steps.findIndex((s) => s.op === 'heal'),
        );
        expect(printed).toEqual(body);
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it("with the recipe, every restore is preceded by a rollback to that savepoint's tag; as is, by none", () => {
    fc.assert(
      fc.property(commandsArb, (cmds) => {
        const steps = build(cmds).steps;
        steps.forEach((s, i) => {
          if (s.op === 'start' && s.restore && 'savepoint' in s.restore)
            expect(steps[i - 1]).toEqual({ op: 'rollback-to', savepointTag: s.restore.savepoint });
        });
      }),
      { seed: 6, numRuns: 200 },
    );
    const asIs = fc.sample(
      fc.commands(operatorCommandArbs({ procedure: RESTORE_AS_IS }), { maxCommands: 16, size: 'max' }),
      {
        seed: 7,
        numRuns: 50,
      },
    );
    for (const cmds of asIs) {
      const steps = build(cmds, RESTORE_AS_IS).steps;
      steps.forEach((s, i) => {
        if (s.op === 'start' && s.restore) expect(steps[i - 1]?.op).not.toBe('rollback-to');
      });
    }
  });

  it('never restores a drained savepoint, nor one whose tag a rollback removed', () => {
    fc.assert(
      fc.property(commandsArb, (cmds) => {
        const steps = build(cmds).steps;
        const drained = new Set(
          steps.flatMap((s) => (s.op === 'stop-with-savepoint' && s.drain ? [s.name] : [])),
        );
        // savepoints taken so far, in order: a rollback removes the tags of those after its target
        const taken: string[] = [];
        const gone = new Set<string>();
        for (const s of steps) {
          if (s.op === 'savepoint' || s.op === 'stop-with-savepoint') taken.push(s.name);
          if (s.op === 'rollback-to' && s.savepointTag) {
            expect(gone.has(s.savepointTag) || drained.has(s.savepointTag)).toBe(false);
            for (const later of taken.slice(taken.indexOf(s.savepointTag) + 1)) gone.add(later);
          }
        }
      }),
      { seed: 8, numRuns: 200 },
    );
  });
});
