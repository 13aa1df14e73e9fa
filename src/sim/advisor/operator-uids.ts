import type { Finding } from './finding.js';
import type { SavedCommittable, SavepointState } from './savepoint-state.js';
import type { TableState } from './table-state.js';

/** `FlinkSink.GLOBAL_COMMITTER_NAME`: the committer's uid is `Global Committer_<table>_<suffix>`. */
const COMMITTER = 'Global Committer';
const UID_SUFFIX = 'sink.operator-uid.suffix';

/**
 * The sink's uids come from the table option `sink.operator-uid.suffix` (`FlinkSink`, Paimon 1.3.1:
 * `FlinkConnectorOptions.generateCustomUid`, `<role>_<table>_<suffix>`); Flink maps a savepoint's state by uid
 * (`Checkpoints.loadAndValidateCheckpoint`, Flink 1.20). When the savepoint's committer has another suffix than
 * the table now gives, the restored committer gets none of its state: Flink refuses the savepoint, and with
 * `--allowNonRestoredState` drops it — the commit user (a new one is generated, `StateUtils.getSingleValueFromState`)
 * and the committables not yet committed. Without a suffix on either side Flink hashes the topology: not
 * readable from metadata, so nothing is said.
 */
export function committerUidChanged(
  sp: SavepointState,
  t: TableState,
  pending: readonly SavedCommittable[],
): Finding | undefined {
  const table = t.name.split('.').pop()!;
  const prefix = `${COMMITTER}_${table}_`;
  const saved = sp.committerUid.startsWith(prefix) ? sp.committerUid.slice(prefix.length) : undefined;
  const now = t.options[UID_SUFFIX];
  if (saved === now || (saved === undefined && now === undefined)) return undefined;
  const next = now === undefined ? 'a uid Flink generates from the topology' : `'${prefix}${now}'`;
  const rows = pending
    .flatMap((c) => c.messages.flatMap((m) => m.newFiles))
    .reduce((n, f) => n + f.rowCount, 0);
  const lost = pending.length > 0 && rows > 0;
  return {
    severity: lost ? 'error' : 'warning',
    what: `The savepoint's Paimon committer has uid '${sp.committerUid}', but with the table's '${UID_SUFFIX}' = ${now === undefined ? '(unset)' : `'${now}'`} the restored job's committer gets ${next}: its state (commit user ${sp.commitUser.slice(0, 8)}…${pending.length ? `, ${pending.length} checkpoint(s) not yet committed: identifiers ${pending.map((c) => c.identifier).join(', ')}, ${rows} row(s)` : ''}) maps to no operator.`,
    why: `Flink refuses the savepoint; with --allowNonRestoredState it drops the state of the writer and committer. The committer then starts with a new commit user and nothing to re-commit, while the sources resume at the savepoint's offsets${lost ? `: the ${rows} row(s) of the un-committed checkpoint(s) are never written (lost, silently)` : ': Paimon can no longer tell what this job committed (filtering is per commit user)'}.`,
    todo: `Restore with the uids the savepoint was taken with: ${saved === undefined ? `ALTER TABLE … RESET ('${UID_SUFFIX}')` : `'${UID_SUFFIX}' = '${saved}' (ALTER TABLE … SET, or the dynamic option /*+ OPTIONS('${UID_SUFFIX}'='${saved}') */)`}, and never pass --allowNonRestoredState for a job whose sink state did not map.`,
    exception: `Failed to rollback to checkpoint/savepoint ${sp.path}. Cannot map checkpoint/savepoint state for operator ${sp.committerUid} to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.`,
  };
}
