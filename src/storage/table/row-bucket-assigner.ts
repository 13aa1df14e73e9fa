import { encodeBinaryRow } from '../spec/binary-row.js';
import type { Row } from '../spec/values.js';
import { BucketRouter } from './bucket-router.js';
import { type AssignerSlot, DynamicBucketAssigner } from './dynamic-bucket-assigner.js';
import { hex } from './file-entry.js';
import type { TableContext } from './table-context.js';

/** Where a row goes: its bucket, its partition (BinaryRow bytes and their hex) and its key hash. */
export interface RowPlacement {
  readonly bucket: number;
  readonly partition: Uint8Array;
  readonly partitionKey: string;
  readonly hash: number;
}

/**
 * Places normalized rows of a dynamic-bucket table (the assigner half of `HashBucketAssignerOperator`):
 * partition bytes are cached per partition text, the key hash is the trimmed primary key's BinaryRow hash.
 */
export class RowBucketAssigner {
  private readonly router: BucketRouter;
  private readonly assigner: DynamicBucketAssigner;
  private readonly partitions = new Map<string, { bytes: Uint8Array; key: string }>();

  constructor(
    private readonly table: TableContext,
    slot?: AssignerSlot,
  ) {
    this.router = new BucketRouter(table.schema, table.options);
    this.assigner = new DynamicBucketAssigner(
      table.newIndexFileStore(),
      () => table.snapshotManager.latestSnapshot()?.indexManifest,
      table.options.int('dynamic-bucket.target-row-num'),
      table.options.int('dynamic-bucket.max-buckets'),
      slot,
    );
  }

  place(row: Row): RowPlacement {
    const { bytes, key } = this.partitionOf(row);
    const hash = this.router.keyHash(row);
    return { bucket: this.assigner.assign(bytes, key, hash), partition: bytes, partitionKey: key, hash };
  }

  /** The partition of a normalized row, as BinaryRow bytes and their hex text. */
  partitionOf(row: Row): { bytes: Uint8Array; key: string } {
    const keys = this.table.schema.partitionKeys;
    const values = keys.map((k) => row[k]);
    const text = JSON.stringify(values, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    let p = this.partitions.get(text);
    if (!p) {
      const bytes = encodeBinaryRow(this.table.partitionTypes, values);
      p = { bytes, key: hex(bytes) };
      this.partitions.set(text, p);
    }
    return p;
  }
}
