import { SchemaValidationError } from '../errors.js';
import { TableOptions } from '../options.js';
import type { TableSchema } from '../spec/table-schema.js';
import { mergeSettingsOf } from './pk/primary-key-store.js';

/**
 * What Paimon checks when a schema is created or changed (`SchemaValidation.validateTableSchema` and the
 * `TableSchema` constructor, Paimon 1.3), with its messages: a table that passes here can be written, and
 * option combinations that would only fail later (at the first write, or after every commit during
 * expiration) are refused before anything is stored. Called by `SchemaManager` for CREATE and ALTER TABLE.
 */
export function validateTableSchema(schema: TableSchema): void {
  const options = new TableOptions(schema.options);
  validateBucketKeys(schema, options);
  validateBucket(schema, options);
  validateFieldsPrefix(schema);
  validateSequenceField(schema, options);
  const retainMin = options.int('snapshot.num-retained.min');
  const retainMax = options.int('snapshot.num-retained.max');
  if (retainMin > retainMax) {
    throw new SchemaValidationError(
      'snapshot.num-retained.min',
      'snapshot.num-retained.min should not be larger than snapshot.num-retained.max',
    );
  }
  const rowKindField = options.string('rowkind.field');
  if (rowKindField !== null && !columnNames(schema).includes(rowKindField)) {
    throw new SchemaValidationError(
      'rowkind.field',
      `Rowkind field: '${rowKindField}' can not be found in table schema.`,
    );
  }
  // `validateMergeFunctionFactory`: engines, aggregate functions, sequence fields of primary-key tables.
  if (schema.primaryKeys.length > 0) mergeSettingsOf(schema);
}

/** `TableSchema.originalBucketKeys`: `bucket-key` columns exist, are not partition keys, lie in the primary key. */
function validateBucketKeys(schema: TableSchema, options: TableOptions): void {
  const raw = options.string('bucket-key');
  if (raw === null || raw.trim() === '') return;
  const bucketKeys = raw.split(',');
  const names = columnNames(schema);
  if (bucketKeys.some((k) => !names.includes(k))) {
    throw new SchemaValidationError(
      'bucket-key',
      `Field names ${javaList(names)} should contains all bucket keys ${javaList(bucketKeys)}.`,
    );
  }
  if (bucketKeys.some((k) => schema.partitionKeys.includes(k))) {
    throw new SchemaValidationError(
      'bucket-key',
      `Bucket keys ${javaList(bucketKeys)} should not in partition keys ${javaList(schema.partitionKeys)}.`,
    );
  }
  if (schema.primaryKeys.length > 0 && bucketKeys.some((k) => !schema.primaryKeys.includes(k))) {
    throw new SchemaValidationError(
      'bucket-key',
      `Primary keys ${javaList(schema.primaryKeys)} should contains all bucket keys ${javaList(bucketKeys)}.`,
    );
  }
  // Paimon accepts this here but fails at the first write, building the bucket key's RowType.
  const duplicates = [...new Set(bucketKeys.filter((k, i) => bucketKeys.indexOf(k) !== i))];
  if (duplicates.length > 0) {
    throw new SchemaValidationError(
      'bucket-key',
      `Field names must be unique. Found duplicates: ${javaList(duplicates)}`,
    );
  }
}

/** `SchemaValidation.validateBucket`. paimon-sim has no postpone buckets (`bucket` = -2): refused here. */
function validateBucket(schema: TableSchema, options: TableOptions): void {
  const bucket = options.int('bucket');
  const hasPrimaryKey = schema.primaryKeys.length > 0;
  if (bucket === -1) {
    if (schema.options['bucket-key'] !== undefined) {
      throw new SchemaValidationError(
        'bucket-key',
        "Cannot define 'bucket-key' with bucket = -1, please remove the 'bucket-key' setting or specify a bucket number.",
      );
    }
    if (!hasPrimaryKey && schema.options['full-compaction.delta-commits'] !== undefined) {
      throw new SchemaValidationError(
        'full-compaction.delta-commits',
        "AppendOnlyTable of unaware or dynamic bucket does not support 'full-compaction.delta-commits'",
      );
    }
    return;
  }
  if (bucket === -2 && hasPrimaryKey) {
    throw new SchemaValidationError(
      'bucket',
      'bucket = -2 (postpone bucket mode) is not supported by paimon-sim: use -1 (dynamic bucket) or a fixed number of buckets',
    );
  }
  if (bucket < 1)
    throw new SchemaValidationError('bucket', 'The number of buckets needs to be greater than 0.');
  const bucketKeys = bucketKeysOf(schema, options);
  if (!hasPrimaryKey && bucketKeys.length === 0) {
    throw new SchemaValidationError(
      'bucket-key',
      "You should define a 'bucket-key' for bucketed append mode.",
    );
  }
  const nested = schema.fields
    .filter((f) => bucketKeys.includes(f.name) && ['ARRAY', 'MULTISET', 'MAP', 'ROW'].includes(f.type.root))
    .map((f) => f.name);
  if (nested.length > 0) {
    throw new SchemaValidationError(
      'bucket-key',
      `nested type can not in bucket-key, in your table these key are ${javaList(nested)}`,
    );
  }
}

/**
 * `validateFieldsPrefix`: every `fields.<a>[,<b>…].<suffix>` key names columns of the table (or is
 * `fields.default-aggregate-function`).
 */
function validateFieldsPrefix(schema: TableSchema): void {
  const names = columnNames(schema);
  for (const key of Object.keys(schema.options)) {
    if (!key.startsWith('fields.')) continue;
    for (const field of (key.split('.')[1] ?? '').split(',')) {
      if (field !== 'default-aggregate-function' && !names.includes(field))
        throw new SchemaValidationError(key, `Field ${field} can not be found in table schema.`);
    }
  }
}

/** `validateSequenceField`: columns that exist, are not aggregated and are not listed twice. */
function validateSequenceField(schema: TableSchema, options: TableOptions): void {
  const sequenceFields = options.list('sequence.field');
  const names = columnNames(schema);
  for (const field of sequenceFields) {
    if (!names.includes(field)) {
      throw new SchemaValidationError(
        'sequence.field',
        `Sequence field: '${field}' can not be found in table schema.`,
      );
    }
    if (schema.options[`fields.${field}.aggregate-function`] !== undefined) {
      throw new SchemaValidationError(
        'sequence.field',
        `Should not define aggregation on sequence field: '${field}'.`,
      );
    }
    if (sequenceFields.filter((f) => f === field).length > 1) {
      throw new SchemaValidationError('sequence.field', `Sequence field '${field}' is defined repeatedly.`);
    }
  }
}

/** `TableSchema.bucketKeys`: `bucket-key`, else the primary key minus the partition keys. */
function bucketKeysOf(schema: TableSchema, options: TableOptions): string[] {
  const raw = options.string('bucket-key');
  if (raw !== null && raw.trim() !== '') return raw.split(',');
  return schema.primaryKeys.filter((k) => !schema.partitionKeys.includes(k));
}

function columnNames(schema: TableSchema): string[] {
  return schema.fields.map((f) => f.name);
}

/** A list as Java's `List.toString` prints it, as Paimon's messages show lists: `[a, b]`. */
function javaList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}
