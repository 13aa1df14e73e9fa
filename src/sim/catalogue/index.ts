import type { Scenario } from '../scenario/scenario.js';
import { COMPACTION_TAG_DRAIN_CONFLICTS } from './scenarios/compaction-tag-drain-conflicts.js';
import {
  coordinatorFaults,
  jobFaults,
  storageFaults,
  swarmFaults,
  taskFaults,
} from './scenarios/fault-families.js';
import { maintenance } from './scenarios/maintenance.js';
import { RESTORE_CONFLICTS } from './scenarios/restore-conflicts.js';
import {
  customerTotalsAsIs,
  customerTotalsRollbackFirst,
  savepointRestoreAsIs,
  savepointRestoreRollbackFirst,
} from './scenarios/savepoint-restore.js';
import { STATE_MAPPING_CONFLICTS } from './scenarios/state-mapping-conflicts.js';

/**
 * The bundled scenarios: the restore conflicts, each with its fixed twin (`conflicts.ts` says why), one per
 * fault family, and table maintenance. TypeScript modules holding plain JSON, so the build output carries them;
 * `paimon-sim scenario show <name>` prints one as a file to edit.
 */
export const CATALOGUE: readonly Scenario[] = [
  savepointRestoreAsIs,
  savepointRestoreRollbackFirst,
  customerTotalsAsIs,
  customerTotalsRollbackFirst,
  ...RESTORE_CONFLICTS.flat(),
  ...COMPACTION_TAG_DRAIN_CONFLICTS.flat(),
  ...STATE_MAPPING_CONFLICTS.flat(),
  storageFaults,
  taskFaults,
  coordinatorFaults,
  jobFaults,
  swarmFaults,
  maintenance,
];

export function bundledScenario(name: string): Scenario | undefined {
  return CATALOGUE.find((s) => s.name === name);
}
