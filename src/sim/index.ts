/**
 * `paimon-sim/sim`: the simulation kit — a seeded environment, the registry of named fault points and fault
 * plans, scenarios as JSON run by one bounded runner, recorded runs, checkers, the bundled catalogue of restore
 * conflicts, the restore advisor and the views of a run (narration, trace text, HTML timeline). The fast-check
 * kit built on it is `paimon-sim/testing` (src/testing). Only names the README's "API reference" documents are
 * exported (test/readme/exports.test.ts checks it both ways).
 */
export {
  adviseRestore,
  type Finding,
  formatAdvice,
  type RestoreAdvice,
  type RollbackTarget,
  type Severity,
} from './advisor/restore-advisor.js';
export { AdvisorError } from './advisor/savepoint-state.js';
export { CONFLICTS, type RestoreConflict } from './catalogue/conflicts.js';
export { bundledScenario, CATALOGUE } from './catalogue/index.js';
export { narrate, replayInstructions, verdictLines } from './catalogue/narrate.js';
export {
  CHECKER_NAMES,
  CHECKERS,
  type Checker,
  checkRun,
  type Surprise,
  surprises,
  type Verdict,
  type VerdictStatus,
} from './checkers/index.js';
export { SimEnv, type SimEnvOptions, type SimStreams } from './env/sim-env.js';
export { ScenarioError } from './errors.js';
export { type FaultPlan, type ScriptedFault, validateFaultPlan } from './faults/fault-plan.js';
export { FAULT_POINTS, type FaultPoint, type FaultPointName } from './faults/fault-points.js';
export type { RunRecord } from './record/run-record.js';
export { WORKLOAD_NAMES, WORKLOADS, type Workload, type WorkloadName } from './scenario/pipelines.js';
export { type RunOptions, runScenario } from './scenario/runner.js';
export {
  type Expectation,
  type PipelineSpec,
  parseScenario,
  type Scenario,
  type TableSpec,
} from './scenario/scenario.js';
export { type Condition, type Restore, STEP_OPS, type Step } from './scenario/steps.js';
export { type TimelineRun, timelineHtml } from './view/timeline-html.js';
export { type TimelineModel, timelineModel } from './view/timeline-model.js';
export { traceLines } from './view/trace-text.js';
