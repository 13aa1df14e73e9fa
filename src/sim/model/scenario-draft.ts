import type { FaultPlan } from '../faults/fault-plan.js';
import type { PipelineSpec, Scenario } from '../scenario/scenario.js';
import type { Step } from '../scenario/steps.js';

/**
 * The "real system" of the model-based test: the steps the commands append, in order. Commands never run
 * anything themselves; the property plays the finished draft with `runScenario`, so a shrunk command list is
 * exactly a scenario file (FoundationDB's spec-as-data) and replays from the CLI to the same run.
 */
export class ScenarioDraft {
  readonly steps: Step[] = [];

  append(...steps: Step[]): void {
    this.steps.push(...steps);
  }

  toScenario(parts: {
    name: string;
    description?: string;
    pipeline: PipelineSpec;
    options: Readonly<Record<string, string>>;
    faults?: FaultPlan;
  }): Scenario {
    return {
      name: parts.name,
      ...(parts.description ? { description: parts.description } : {}),
      pipeline: parts.pipeline,
      table: { options: parts.options },
      steps: [...this.steps],
      ...(parts.faults && parts.faults.kind !== 'none' ? { faults: parts.faults } : {}),
    };
  }
}

/** A scenario as a file a user reads: JSON, one step per line. */
export function scenarioText(scenario: Scenario): string {
  const { steps, ...rest } = scenario;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  const lines = steps.map((s) => `    ${JSON.stringify(s)}`).join(',\n');
  return `${head},\n  "steps": [\n${lines}\n  ]\n}`;
}
