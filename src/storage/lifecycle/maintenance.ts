import type { FileStoreTable } from '../table/table.js';
import { expireSnapshots } from './expire-snapshots.js';
import { createPeriodTags, expireTags } from './tag-maintenance.js';

/**
 * What runs after every commit (`TableCommitImpl.maintain`), in Paimon's order: automatic tag creation,
 * tag expiration, snapshot expiration. `write-only` turns all of it off.
 */
export function maintainAfterCommit(table: FileStoreTable): void {
  if (table.options.bool('write-only')) return;
  createPeriodTags(table);
  expireTags(table);
  expireSnapshots(table);
}
