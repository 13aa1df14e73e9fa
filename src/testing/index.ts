/**
 * `paimon-sim/testing`: the fast-check kit for testing a recovery procedure (src/sim/model) — the recovery
 * property, the procedures, the arbitraries and operator commands for your own `fc.commands`. The only entry
 * that loads fast-check (a peer dependency); the others do not. Only names the README's "API reference"
 * documents are exported (test/readme/exports.test.ts checks it both ways).
 */
export {
  faultPlanArb,
  type OperatorCommandOptions,
  operatorCommandArbs,
  pipelineArb,
  scriptedFaultArb,
  tableOptionsArb,
  workloadArb,
} from '../sim/model/arbitraries.js';
export { OperatorCommand } from '../sim/model/commands/operator-command.js';
export { RESTORE_AS_IS, type RecoveryProcedure, ROLLBACK_TO_SAVEPOINT_TAG } from '../sim/model/procedures.js';
export {
  buildScenario,
  RECOVERY_INVARIANT,
  RecoveryPropertyFailure,
  type RecoveryPropertyOptions,
  type RecoveryPropertyResult,
  recoveryProperty,
} from '../sim/model/property.js';
export { scenarioText } from '../sim/model/scenario-draft.js';
