import { NO_WATERMARK, type Snapshot } from '../spec/snapshot.js';
import type { TableContext } from '../table/table-context.js';
import { tagPeriodOf } from './tag-period.js';

/**
 * Automatic period tags (`TagAutoCreation.run`, `tag.automatic-creation` = process-time | watermark): walks the
 * snapshots committed since the last auto tag; once a snapshot's time (commit time, or watermark) minus
 * `tag.creation-delay` reaches the end of the next period, tags it with the period that just completed.
 * Existing tags are kept (`ignoreIfExists`); beyond `tag.num-retained-max` the oldest period tags are deleted
 * (tags with other names, e.g. `savepoint-5`, are neither counted nor deleted).
 */
export function createPeriodTags(table: TableContext): string[] {
  const mode = table.options.string('tag.automatic-creation');
  if (mode !== 'process-time' && mode !== 'watermark') return [];
  const period = tagPeriodOf(table.options);
  const delay = table.options.amount('tag.creation-delay');
  const retained = table.options.optionalAmount('tag.default-time-retained');
  const tags = table.tagManager();
  const sm = table.snapshotManager;

  const autoTags = () => tags.tags().filter((t) => period.parse(t.name) !== undefined);
  const latestAuto = autoTags().sort((a, b) => period.parse(b.name)! - period.parse(a.name)!)[0];
  let nextSnapshot = latestAuto ? latestAuto.snapshot.id + 1 : (sm.earliestSnapshotId() ?? 1);
  let nextTag = latestAuto ? period.parse(latestAuto.name)! + period.periodMs : undefined;
  const created: string[] = [];
  const latest = sm.latestSnapshotId() ?? 0;
  for (; nextSnapshot <= latest; nextSnapshot++) {
    if (!sm.snapshotExists(nextSnapshot)) continue; // expired meanwhile
    const snapshot = sm.snapshot(nextSnapshot);
    const time = timeOf(snapshot, mode);
    if (time === undefined) continue;
    if (nextTag === undefined || time - delay >= nextTag + period.periodMs) {
      const thisTag = period.previousTag(time);
      const name = period.name(thisTag);
      if (!tags.tagExists(name)) created.push(name);
      tags.createTag(snapshot, name, retained, true);
      nextTag = thisTag + period.periodMs;
      const numRetainedMax = table.options.get('tag.num-retained-max');
      if (numRetainedMax !== null) {
        const auto = autoTags();
        for (const old of auto.slice(0, Math.max(0, auto.length - Number(numRetainedMax))))
          tags.deleteTag(old.name);
      }
    }
  }
  return created;
}

function timeOf(snapshot: Snapshot, mode: 'process-time' | 'watermark'): number | undefined {
  if (mode === 'process-time') return snapshot.timeMillis;
  if (snapshot.watermark === undefined || snapshot.watermark === NO_WATERMARK) return undefined;
  return Number(snapshot.watermark);
}

/**
 * `TagBatchCreation` (`tag.automatic-creation` = batch): after a batch write, tag the latest snapshot as
 * `batch-write-<yyyy-MM-dd>` (or `tag.batch.customized-name`), replacing a tag of that name.
 */
export function createBatchTag(table: TableContext): string | undefined {
  if (table.options.string('tag.automatic-creation') !== 'batch') return undefined;
  const snapshot = table.snapshotManager.latestSnapshot();
  if (!snapshot) return undefined;
  const name =
    table.options.string('tag.batch.customized-name') ??
    `batch-write-${new Date(snapshot.timeMillis).toISOString().slice(0, 10)}`;
  const tags = table.tagManager();
  tags.deleteTag(name);
  tags.createTag(snapshot, name, table.options.optionalAmount('tag.default-time-retained'), false);
  return name;
}

/**
 * `TagTimeExpire.expire`: deletes tags created with a retention once `createTime + timeRetained` has passed.
 * Tags without retention never expire by time.
 */
export function expireTags(table: TableContext): string[] {
  if (!table.options.bool('tag.time-expire-enabled')) return [];
  const now = table.env.clock.nowMs();
  const tags = table.tagManager();
  const expired: string[] = [];
  for (const t of tags.tags()) {
    const { tagCreateTimeMs, tagTimeRetainedMs } = t.tag;
    if (tagCreateTimeMs !== null && tagTimeRetainedMs !== null && now > tagCreateTimeMs + tagTimeRetainedMs) {
      tags.deleteTag(t.name);
      expired.push(t.name);
    }
  }
  return expired;
}
