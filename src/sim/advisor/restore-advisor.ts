import { type FileIO, isTrue } from '../../common/index.js';
import type { FileStoreTable, Snapshot } from '../../storage/index.js';
import type { Finding } from './finding.js';
import { lostSavepointTag } from './lost-savepoint-tag.js';
import { committerUidChanged } from './operator-uids.js';
import { readSavepointState, type SavedCommittable, type SavepointState } from './savepoint-state.js';
import { fileKey, readTableState, type TableState } from './table-state.js';

/** Long.MAX_VALUE: the identifier of end-of-input commits (a drained stop-with-savepoint, a batch job). */
const END_INPUT = 9223372036854775807n;
const SAVEPOINT_TAG_PREFIX = 'savepoint-';

export type { Finding, Severity } from './finding.js';

/** Where to roll the table back to before restoring. */
export type RollbackTarget = { readonly tag: string } | { readonly snapshot: number };

export interface RestoreAdvice {
  readonly safe: boolean;
  readonly savepoint: { readonly path: string; readonly checkpointId: number; readonly commitUser: string };
  readonly table: string;
  readonly findings: readonly Finding[];
  readonly rollbackTo?: RollbackTarget;
  /** Rows the table holds that the restored job would write again (committed after the savepoint). */
  readonly rowsReplayed: number;
}

/**
 * Says, before anyone restores, whether restoring this savepoint onto this table is safe, and if not what
 * would happen and what to do. Reads only the savepoint's `_metadata` (the Paimon committer's committables and
 * commit user) and the table's metadata (snapshots, tags, files), and reasons from the rules the restored
 * committer follows: `filterCommitted` (identifier > the user's latest, scanning down to the first expired
 * snapshot), `checkFilesExistence`, append conflict checks, that the committer's state maps to the restored
 * job only under the same uid, and that sources resume at the savepoint's offsets while writers start from the
 * table's latest snapshot.
 */
export function adviseRestore(
  savepointPath: string,
  table: FileStoreTable,
  options: { readonly io?: FileIO; readonly tableName?: string } = {},
): RestoreAdvice {
  const sp = readSavepointState(options.io ?? table.io, savepointPath);
  return adviseOn(sp, readTableState(table, options.tableName ?? table.name));
}

/** The advice from already-read states (pure: for tests and other front ends). */
export function adviseOn(sp: SavepointState, t: TableState): RestoreAdvice {
  const n = BigInt(sp.checkpointId);
  const user = sp.commitUser;
  const short = user.slice(0, 8);
  const { snapshot: latest, expiredAt } = t.latestOfUser(user);
  const findings: Finding[] = [];
  const replayed = latest
    ? t.snapshots.filter((s) => s.commitUser === user && s.commitIdentifier > n && s.id <= latest.id)
    : [];
  const pending = sp.committables.filter(
    (c) => latest === undefined || c.identifier > latest.commitIdentifier,
  );
  const rowsReplayed = replayed
    .filter((s) => s.commitKind !== 'COMPACT')
    .reduce((sum, s) => sum + s.deltaRecordCount, 0);

  if (sp.committables.some((c) => c.identifier === END_INPUT) || latest?.commitIdentifier === END_INPUT)
    findings.push(drained(sp));
  if (latest === undefined && expiredAt !== undefined && sp.committables.length > 0)
    findings.push({
      severity: 'info',
      what: `No snapshot of commit user ${short}… is left to compare with: the scan stopped at expired snapshot #${expiredAt}.`,
      why: 'Paimon then filters nothing: every committable in the savepoint is committed again (latestSnapshotOfUser, "Snapshot #<id> is expired. The latest snapshot of current user(<user>) is not found.").',
      todo: 'See the findings below for whether that commit can succeed.',
    });
  findings.push(...recommitFindings(pending, t, short));
  const uidChanged = committerUidChanged(sp, t, pending);
  if (uidChanged) findings.push(uidChanged);
  const collision = rolledBackToAnotherJobsTag(sp, t);
  if (collision) findings.push(collision);

  const lostTag = lostSavepointTag(sp, t);
  if (lostTag) findings.push(lostTag.finding);

  let rollbackTo: RollbackTarget | undefined = lostTag ? { snapshot: lostTag.snapshot } : undefined;
  if (replayed.length > 0 && !findings.some((f) => f.severity === 'error')) {
    rollbackTo = rollbackTarget(sp, t);
    findings.push(ahead(sp, t, replayed, rowsReplayed, rollbackTo));
  } else if (latest && latest.commitIdentifier < n && pending.length > 0 && !uidChanged) {
    findings.push(...behind(sp, latest, pending));
  } else if (replayed.length === 0 && findings.length === 0) {
    findings.push({
      severity: 'info',
      what: `The table is where savepoint ${n} left it: the latest commit of ${short}… is identifier ${latest?.commitIdentifier ?? 'none'}${pending.length ? `, and ${pending.length} committable(s) of the savepoint will be committed on restore` : ''}.`,
      why: 'Restored committables at or below that identifier are skipped as already committed; the sources resume exactly where the table ends.',
      todo: pending.length
        ? 'Restore it: expect one intentional failover ("This exception is intentionally thrown after committing the restored checkpoints…") on fixed- and dynamic-bucket tables.'
        : 'Restore it.',
    });
  }
  return {
    safe: findings.every((f) => f.severity === 'info'),
    savepoint: { path: sp.path, checkpointId: sp.checkpointId, commitUser: user },
    table: t.name,
    findings,
    ...(rollbackTo ? { rollbackTo } : {}),
    rowsReplayed,
  };
}

/** `checkFilesExistence`, then the append conflict check of `commitMultiple(…, checkAppendFiles = true)`. */
function recommitFindings(pending: readonly SavedCommittable[], t: TableState, short: string): Finding[] {
  const missing = pending.flatMap((c) => t.missingFiles(c));
  if (missing.length > 0)
    return [
      {
        severity: 'error',
        what: `${missing.length} file(s) of committables the restore must commit again are gone: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}.`,
        why: `Those committables are not in the table (no snapshot of ${short}… has their identifier), so the committer re-commits them and first checks their files exist; they were deleted (orphan-file removal, or expiration after a later compaction). It fails in initializeState on every attempt.`,
        todo: 'Restore a newer savepoint, or start the job without state. The data of those checkpoints is not recoverable from this savepoint.',
        exception: `Cannot recover from this checkpoint because some files in the snapshot that need to be resubmitted have been deleted:\n    ${missing.join(',')}\n    The most likely reason is because you are recovering from a very old savepoint that contains some uncommitted files that have already been deleted.`,
      },
    ];
  const already = pending.flatMap((c) =>
    c.messages.flatMap((m) =>
      m.newFiles
        .filter((f) => t.liveFiles.has(fileKey(m.partition, m.bucket, f.fileName)))
        .map((f) => f.fileName),
    ),
  );
  const vanished = pending.flatMap((c) =>
    c.messages.flatMap((m) =>
      [...m.compactBefore, ...m.deletedFiles]
        .filter((f) => !t.liveFiles.has(fileKey(m.partition, m.bucket, f.fileName)))
        .map((f) => f.fileName),
    ),
  );
  if (already.length === 0 && vanished.length === 0) return [];
  const cause = already.length
    ? `Trying to add file ${already[0]} which is already in the the map`
    : `Trying to delete file ${vanished[0]} which is not previously added`;
  return [
    {
      severity: 'error',
      what: `Committing the savepoint's committables again would conflict: ${already.length ? `${already.length} file(s) it adds are already in the table` : `${vanished.length} file(s) it deletes are no longer in the table`} (${cause}).`,
      why: `The table has no snapshot of ${short}… to tell that those committables were committed (its snapshots expired, or the table was rolled back below them), so the restore commits them again with conflict checks, and Paimon gives up — on every restart while the conflict is in the APPEND part.`,
      todo: "You can either recover from the latest savepoint, or revert the table to the snapshot corresponding to the old savepoint (rollback_to its 'savepoint-<id>' tag).",
      exception: 'File deletion conflicts detected! Give up committing.',
    },
  ];
}

/**
 * Tags are named by checkpoint id only, and the auto-tag operator keeps a name that exists
 * (`AutoTagForSavepointCommitterOperator.createTagForIdentifiers`, ignoreIfExists, Paimon 1.3.1): a job whose
 * ids repeat another job's (started without state, or restored from an older savepoint) gets no tag of its
 * own. A table at or below such a tag holds the other job's state, not this savepoint's.
 */
function rolledBackToAnotherJobsTag(sp: SavepointState, t: TableState): Finding | undefined {
  const name = `${SAVEPOINT_TAG_PREFIX}${sp.checkpointId}`;
  const tag = t.tags.find((x) => x.name === name);
  const latestId = t.snapshots.at(-1)?.id;
  if (!tag || tag.snapshot.commitUser === sp.commitUser || latestId === undefined) return undefined;
  if (latestId > tag.snapshot.id) return undefined;
  return {
    severity: 'error',
    what: `The table is at tag '${name}' (snapshot ${tag.snapshot.id}) or below it, but that tag was made by another job: commit user ${tag.snapshot.commitUser.slice(0, 8)}…, identifier ${tag.snapshot.commitIdentifier}. Savepoint ${sp.checkpointId} of ${sp.commitUser.slice(0, 8)}… has the same id, so Paimon kept the existing tag and made none of its own.`,
    why: "Restoring resumes the sources at this savepoint's offsets on a table that holds the other job's state: what this savepoint's job committed before the savepoint is not in the table and will not be read again (lost, without an error), and what the other job committed after its tag is gone too.",
    todo: `Do not restore onto this state. Roll back to the newest snapshot of ${sp.commitUser.slice(0, 8)}… with an identifier <= ${sp.checkpointId}, if a tag or snapshot still holds it; otherwise start the job without state from offsets that cover the lost commits. Before a rollback, check that the tag's snapshot (\`snapshot_id\` in \`$tags\`) has the savepoint's \`commit_user\` in \`$snapshots\`.`,
  };
}

/** The table holds commits of this user made after the savepoint: the restored job writes them again. */
function ahead(
  sp: SavepointState,
  t: TableState,
  replayed: readonly Snapshot[],
  rows: number,
  target: RollbackTarget | undefined,
): Finding {
  const n = sp.checkpointId;
  const ids = replayed.map((s) => s.commitIdentifier);
  const effect = !t.primaryKey
    ? `${rows} row(s) would be appended a second time (duplicates)`
    : t.options['merge-engine'] === 'aggregation' || t.options['merge-engine'] === 'partial-update'
      ? `${rows} row(s) would be merged again (${t.options['merge-engine']}: aggregates count them twice)`
      : `${rows} row(s) would be upserted again (the latest values win, but changelog readers see them twice)`;
  return {
    severity:
      t.primaryKey && (t.options['merge-engine'] ?? 'deduplicate') === 'deduplicate' ? 'warning' : 'error',
    what: `The table is ahead of savepoint ${n}: commit user ${sp.commitUser.slice(0, 8)}… committed identifiers ${ids[0]}–${ids[ids.length - 1]} (snapshots ${replayed[0]!.id}–${replayed[replayed.length - 1]!.id}) after it; ${effect}. Its new identifiers would start at ${n + 1}, below ${ids[ids.length - 1]}: until its first commit, a failover skips its checkpoints as already committed.`,
    why: `Paimon skips the savepoint's commit as already done (identifier <= the user's latest, FileStoreCommitImpl.filterCommitted) and raises no error; Flink's sources resume at the savepoint's offsets, so every event after it is read and committed again.`,
    todo: target
      ? 'tag' in target
        ? `CALL sys.rollback_to(\`table\` => '${t.name}', tag => '${target.tag}'), then restore the savepoint.`
        : `CALL sys.rollback_to(\`table\` => '${t.name}', snapshot_id => ${target.snapshot}) (${noTagReason(sp, t)}), then restore the savepoint.`
      : `No snapshot of the savepoint's time is left (${noTagReason(sp, t)}): restore the latest savepoint instead, or accept the replay.`,
  };
}

/** The savepoint's own tag, else the newest snapshot of its user with an identifier <= the savepoint id. */
function rollbackTarget(sp: SavepointState, t: TableState): RollbackTarget | undefined {
  const name = `${SAVEPOINT_TAG_PREFIX}${sp.checkpointId}`;
  const tag = t.tags.find((x) => x.name === name);
  if (
    tag &&
    tag.snapshot.commitUser === sp.commitUser &&
    tag.snapshot.commitIdentifier === BigInt(sp.checkpointId)
  )
    return { tag: name };
  const at = [...t.snapshots]
    .reverse()
    .find((s) => s.commitUser === sp.commitUser && s.commitIdentifier <= BigInt(sp.checkpointId));
  return at ? { snapshot: at.id } : undefined;
}

function noTagReason(sp: SavepointState, t: TableState): string {
  const name = `${SAVEPOINT_TAG_PREFIX}${sp.checkpointId}`;
  const tag = t.tags.find((x) => x.name === name);
  if (tag)
    return `tag '${name}' exists but points to snapshot ${tag.snapshot.id} of another run (a tag name collision: restored savepoints reuse checkpoint ids)`;
  if (!isTrue(t.options['sink.savepoint.auto-tag']))
    return `no tag '${name}': 'sink.savepoint.auto-tag' is not enabled`;
  if (t.options['tag.default-time-retained'])
    return `no tag '${name}': it may have expired ('tag.default-time-retained' = ${t.options['tag.default-time-retained']}), or the savepoint's checkpoint committed nothing`;
  return `no tag '${name}': the savepoint's checkpoint committed nothing (idle writers), or a rollback removed it`;
}

/** The table's latest commit of this user is below the savepoint: what the restore commits and what it cannot. */
function behind(sp: SavepointState, latest: Snapshot, pending: readonly SavedCommittable[]): Finding[] {
  const first = pending[0]!.identifier;
  const findings: Finding[] = [];
  if (first > latest.commitIdentifier + 1n)
    findings.push({
      severity: 'warning',
      what: `The table's latest commit of ${sp.commitUser.slice(0, 8)}… is identifier ${latest.commitIdentifier} (snapshot ${latest.id}), but savepoint ${sp.checkpointId} only holds identifiers from ${first}: whatever checkpoints ${latest.commitIdentifier + 1n}–${first - 1n} committed is not in the table and will not be written again.`,
      why: 'The table was rolled back below the savepoint. The restore commits only what the savepoint still holds, and the sources resume at its offsets: the events in between are lost, silently.',
      todo: `Roll back to the savepoint's own tag ('${SAVEPOINT_TAG_PREFIX}${sp.checkpointId}') if it still exists, or restore the savepoint that matches the table${latest.commitIdentifier > 0n ? ` ('${SAVEPOINT_TAG_PREFIX}${latest.commitIdentifier}')` : ''}.`,
    });
  else
    findings.push({
      severity: 'info',
      what: `Savepoint ${sp.checkpointId} holds ${pending.length} committable(s) the table does not have yet (identifiers ${pending.map((c) => c.identifier).join(', ')}); their files exist and do not conflict.`,
      why: 'The job stopped before those checkpoints were committed; the restore commits them (filterAndCommit).',
      todo: 'Restore it: expect one intentional failover ("This exception is intentionally thrown after committing the restored checkpoints…") on fixed- and dynamic-bucket tables.',
    });
  return findings;
}

function drained(sp: SavepointState): Finding {
  return {
    severity: 'warning',
    what: `Savepoint ${sp.checkpointId} ends a drained job (its commit carries identifier ${END_INPUT}, Long.MAX_VALUE, and Paimon made no '${SAVEPOINT_TAG_PREFIX}${sp.checkpointId}' tag).`,
    why: "Flink's stop --drain ends the sources before the savepoint; Flink says not to resume such a savepoint, and every restored checkpoint of this user looks already committed until the job commits once.",
    todo: 'Restore a savepoint taken without --drain, or start the job without state.',
  };
}

/** The advice as text: a verdict line, then each finding as what / why / what to do. */
export function formatAdvice(a: RestoreAdvice): string[] {
  const lines = [
    `${a.safe ? 'SAFE' : 'NOT SAFE'}: restoring savepoint ${a.savepoint.checkpointId} (${a.savepoint.path}, commit user ${a.savepoint.commitUser}) onto ${a.table}`,
  ];
  for (const f of a.findings) {
    lines.push('', `${f.severity.toUpperCase()}: ${f.what}`, `  Why: ${f.why}`, `  What to do: ${f.todo}`);
    if (f.exception) lines.push(`  The job would fail with: ${f.exception.split('\n')[0]}`);
  }
  return lines;
}
