import { SchemaMismatchError } from '../errors.js';
import type { TableOptions } from '../options.js';
import { encodeBinaryRow } from '../spec/binary-row.js';
import type { DataType } from '../spec/data-types.js';
import type { TableSchema } from '../spec/table-schema.js';
import type { Row } from '../spec/values.js';
import { bucketOf, hashBytesByWords } from './murmur-hash.js';

/** How rows find their bucket (`BucketMode`). */
export type BucketMode = 'unaware' | 'fixed' | 'dynamic' | 'postpone';

export function bucketModeOf(schema: TableSchema, options: TableOptions): BucketMode {
  const bucket = options.int('bucket');
  if (bucket > 0) return 'fixed';
  if (bucket === -2) return 'postpone';
  return schema.primaryKeys.length > 0 ? 'dynamic' : 'unaware';
}

/** The bucket key columns: `bucket-key`, else primary key minus partition keys (`TableSchema.bucketKeys`). */
export function bucketKeysOf(schema: TableSchema, options: TableOptions): string[] {
  const explicit = options.list('bucket-key');
  if (explicit.length > 0) return explicit;
  return schema.primaryKeys.filter((k) => !schema.partitionKeys.includes(k));
}

/** Assigns a bucket to each row of a fixed-bucket or bucket-unaware table. */
export class BucketRouter {
  readonly mode: BucketMode;
  readonly numBuckets: number;
  private readonly keyNames: string[];
  private readonly keyTypes: DataType[];

  constructor(schema: TableSchema, options: TableOptions) {
    this.mode = bucketModeOf(schema, options);
    this.numBuckets = options.int('bucket');
    this.keyNames = bucketKeysOf(schema, options);
    for (const key of this.keyNames) {
      if (!schema.fields.some((f) => f.name === key)) {
        throw new SchemaMismatchError(
          `Field names ${JSON.stringify(schema.fields.map((f) => f.name))} should contains all bucket keys ${JSON.stringify(this.keyNames)}.`,
        );
      }
    }
    if (this.mode === 'fixed' && this.keyNames.length === 0) {
      throw new SchemaMismatchError("You should define a 'bucket-key' for bucketed append mode.");
    }
    if (this.mode === 'dynamic' && options.list('bucket-key').length > 0) {
      throw new SchemaMismatchError(
        "Cannot define 'bucket-key' with bucket = -1, please remove the 'bucket-key' setting or specify a bucket number.",
      );
    }
    if (this.mode === 'postpone') {
      throw new SchemaMismatchError(
        `Bucket mode '${this.mode}' (bucket = ${this.numBuckets} with a primary key) is not supported yet`,
      );
    }
    this.keyTypes = this.keyNames.map((k) => schema.fields.find((f) => f.name === k)!.type);
    this.singleFixedKey = this.keyTypes.length === 1 ? singleFixedKeyHash(this.keyTypes[0]!) : undefined;
  }

  /** Hash of a one-column integer key without building a BinaryRow (the write path's hot spot). */
  private readonly singleFixedKey: ((value: unknown) => number) | undefined;

  bucket(row: Row): number {
    if (this.mode === 'unaware') return 0;
    return bucketOf(this.keyHash(row), this.numBuckets);
  }

  /** `BinaryRow.hashCode` of the bucket key (dynamic mode: the trimmed primary key). */
  keyHash(row: Row): number {
    if (this.singleFixedKey) {
      const value = row[this.keyNames[0]!];
      if (value !== null && value !== undefined) return this.singleFixedKey(value);
    }
    const key = encodeBinaryRow(
      this.keyTypes,
      this.keyNames.map((k) => row[k]),
    );
    // The hash covers the row bytes after the 4-byte arity prefix, as BinaryRow.hashCode does.
    return hashBytesByWords(key.subarray(4));
  }
}

/**
 * A BinaryRow of one non-null integral field is an 8-byte header (all zero) and one 8-byte little-endian slot:
 * written into a reused buffer, it hashes exactly as `encodeBinaryRow` + `hashBytesByWords` would.
 */
function singleFixedKeyHash(type: DataType): ((value: unknown) => number) | undefined {
  const buffer = new Uint8Array(16);
  const view = new DataView(buffer.buffer);
  const hash = () => hashBytesByWords(buffer);
  switch (type.root) {
    case 'BIGINT':
      return (v) => {
        view.setBigInt64(8, BigInt(v as bigint), true);
        return hash();
      };
    case 'INT':
    case 'DATE':
      return (v) => {
        view.setInt32(8, v as number, true);
        return hash();
      };
    default:
      return undefined;
  }
}
