/**
 * The simulation kit (curated public surface): a seeded environment, one registry of named fault points,
 * scenarios as JSON run by one bounded runner, recorded runs, checkers, the bundled catalogue and views.
 */
export {
  adviseOn,
  adviseRestore,
  type Finding,
  formatAdvice,
  type RestoreAdvice,
  type RollbackTarget,
  type Severity,
} from './advisor/restore-advisor.js';
export {
  AdvisorError,
  readSavepointState,
  type SavedCommittable,
  type SavepointState,
} from './advisor/savepoint-state.js';
export { CONFLICT_SCENARIOS, CONFLICTS, type RestoreConflict } from './catalogue/conflicts.js';
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
export {
  runSavepointDemo,
  runSavepointScenario,
  type SavepointDemoOutcome,
  type SavepointDemoVariant,
} from './demos/savepoint-demo.js';
export { SimEnv, type SimEnvOptions, type SimStreams } from './env/sim-env.js';
export { ScenarioError } from './errors.js';
export { type FaultPlan, type ScriptedFault, validateFaultPlan } from './faults/fault-plan.js';
export {
  FAULT_POINT_NAMES,
  FAULT_POINTS,
  type FaultLayer,
  type FaultPoint,
  type FaultPointName,
} from './faults/fault-points.js';
export type { FiredFault } from './faults/injector.js';
export {
  faultPlanArb,
  type OperatorCommandOptions,
  operatorCommandArbs,
  pipelineArb,
  scriptedFaultArb,
  tableOptionsArb,
  workloadArb,
} from './model/arbitraries.js';
export { OperatorCommand } from './model/commands/operator-command.js';
export { RESTORE_AS_IS, type RecoveryProcedure, ROLLBACK_TO_SAVEPOINT_TAG } from './model/procedures.js';
export {
  buildScenario,
  RECOVERY_INVARIANT,
  RecoveryPropertyFailure,
  type RecoveryPropertyOptions,
  type RecoveryPropertyResult,
  recoveryProperty,
} from './model/property.js';
export { expectedTable, type ModelSavepoint, RecoveryModel } from './model/recovery-model.js';
export { ScenarioDraft, scenarioText } from './model/scenario-draft.js';
export type * from './record/run-record.js';
export {
  type CanonicalRow,
  type PublishedEvent,
  WORKLOAD_NAMES,
  WORKLOADS,
  type Workload,
  type WorkloadName,
} from './scenario/pipelines.js';
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
