import { isTrue } from '../../common/index.js';
import type { Finding } from './finding.js';
import type { SavepointState } from './savepoint-state.js';
import type { TableState } from './table-state.js';

/**
 * With `sink.savepoint.auto-tag` a savepoint whose checkpoint committed has a `savepoint-<id>` tag on that
 * commit (`AutoTagForSavepointCommitterOperator.createTagForIdentifiers`). When the tag is gone and other commit
 * users committed after it, the operator has lost the name of the table's state at the savepoint: besides
 * `delete_tag` and `tag.default-time-retained`, any job's aborted checkpoint <id> deletes the tag
 * (`notifyCheckpointAborted` deletes `savepoint-<id>` if it exists, whoever made it, Paimon 1.3.1), and a job
 * started without state counts checkpoint ids from 1 again. Restoring keeps the other users' commits.
 */
export function lostSavepointTag(
  sp: SavepointState,
  t: TableState,
): { finding: Finding; snapshot: number } | undefined {
  if (!isTrue(t.options['sink.savepoint.auto-tag'])) return undefined;
  const name = `savepoint-${sp.checkpointId}`;
  if (t.tags.some((x) => x.name === name)) return undefined;
  const at = t.snapshots.find(
    (s) => s.commitUser === sp.commitUser && s.commitIdentifier === BigInt(sp.checkpointId),
  );
  if (!at) return undefined;
  const later = t.snapshots.filter((s) => s.id > at.id && s.commitUser !== sp.commitUser);
  if (later.length === 0) return undefined;
  const users = [...new Set(later.map((s) => s.commitUser.slice(0, 8)))];
  const rows = later.filter((s) => s.commitKind !== 'COMPACT').reduce((n, s) => n + s.deltaRecordCount, 0);
  return {
    snapshot: at.id,
    finding: {
      severity: 'warning',
      what: `Tag '${name}' is gone, though savepoint ${sp.checkpointId}'s checkpoint was committed (snapshot ${at.id}), and ${later.length} snapshot(s) of other commit users (${users.map((u) => `${u}…`).join(', ')}; ${rows} row(s)) follow it: restoring keeps them.`,
      why: `Another job wrote the table after the savepoint. If it is a job you are abandoning (a new version started without state, which counts checkpoint ids from 1), its rows stay, and what they repeat is written again by the restored job. The tag that marks the savepoint's state was deleted: by delete_tag, by 'tag.default-time-retained', or by that job's own aborted checkpoint ${sp.checkpointId} (AutoTagForSavepointCommitterOperator.notifyCheckpointAborted deletes '${name}' whatever job made it).`,
      todo: `To undo the other job's commits: CALL sys.rollback_to(\`table\` => '${t.name}', snapshot_id => ${at.id}), then restore the savepoint. Before starting a job without state on a table with 'savepoint-*' tags, tag the state you may return to under a name of your own (CALL sys.create_tag).`,
    },
  };
}
