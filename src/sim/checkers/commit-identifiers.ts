import { type Checker, verdict } from './checker.js';

/** `BatchWriteBuilder.COMMIT_IDENTIFIER` (Long.MAX_VALUE): batch commits carry no checkpoint id. */
const BATCH = '9223372036854775807';

/**
 * Paimon deduplicates a restored commit by (commit user, identifier): a user's identifiers must increase.
 * An APPEND (or OVERWRITE) never repeats or goes below an earlier one of the same user; a COMPACT may share
 * the identifier of the checkpoint it was committed with.
 */
export const commitIdentifiers: Checker = {
  name: 'commit-identifiers',
  invariant:
    "each commit user's identifiers increase with the snapshots (no checkpoint committed twice, none going back)",
  check(run) {
    const last = new Map<string, { id: number; identifier: bigint }>();
    const witness: string[] = [];
    for (const s of run.snapshots) {
      if (s.commitIdentifier === BATCH) continue;
      const identifier = BigInt(s.commitIdentifier);
      const before = last.get(s.commitUser);
      const data = s.commitKind !== 'COMPACT';
      if (before && (identifier < before.identifier || (data && identifier === before.identifier)))
        witness.push(
          `user ${s.commitUser.slice(0, 8)}: snapshot ${s.id} (${s.commitKind}) has identifier ${identifier} after snapshot ${before.id} with ${before.identifier}`,
        );
      if (!before || identifier >= before.identifier) last.set(s.commitUser, { id: s.id, identifier });
    }
    if (witness.length === 0)
      return verdict(
        this,
        'pass',
        `${run.snapshots.length} snapshots by ${last.size} commit users, identifiers increasing`,
      );
    return verdict(
      this,
      'fail',
      'a commit user went back in identifiers: a job restored an older savepoint or checkpoint onto a table that was ahead of it (roll the table back to the savepoint first)',
      witness,
    );
  },
};
