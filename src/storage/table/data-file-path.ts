import type { ManifestEntry } from '../spec/manifest-entry.js';
import { partitionPath } from './partition-path.js';
import type { TableContext } from './table-context.js';

/**
 * Where a manifest entry's data file lives: its external path, else
 * `<table>/<partition path>/bucket-<n>/<file name>` (`FileStorePathFactory`). Readers, expiration and orphan
 * cleaning all locate data files here.
 */
export function dataFilePath(
  table: TableContext,
  entry: Pick<ManifestEntry, 'partition' | 'bucket' | 'file'>,
): string {
  if (entry.file.externalPath) return entry.file.externalPath;
  const values = table.newScan().partitionValues(entry.partition);
  const partition = partitionPath(
    table.schema.partitionKeys,
    table.partitionTypes,
    values,
    table.options.string('partition.default-name')!,
  );
  return table.paths.dataFile(partition, entry.bucket, entry.file.fileName);
}
