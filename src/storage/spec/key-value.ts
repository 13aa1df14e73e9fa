import { SchemaMismatchError } from '../errors.js';
import { type DataField, type RowType, rowType, withNullable } from './data-types.js';

/**
 * The physical row layout of primary-key data files (`KeyValue.schema`, `SpecialFields`):
 * `_KEY_<pk>` columns (ids shifted by `KEY_FIELD_ID_START`), `_SEQUENCE_NUMBER`, `_VALUE_KIND`, then every
 * table column. Written without thin mode (`data-file.thin-mode` is false by default).
 */
export const KEY_FIELD_PREFIX = '_KEY_';
/** `SpecialFields.KEY_FIELD_ID_START` = Integer.MAX_VALUE / 2. */
export const KEY_FIELD_ID_START = 1073741823;
export const SEQUENCE_NUMBER_FIELD: DataField = {
  id: 2147483646,
  name: '_SEQUENCE_NUMBER',
  type: { root: 'BIGINT', nullable: false },
};
export const VALUE_KIND_FIELD: DataField = {
  id: 2147483645,
  name: '_VALUE_KIND',
  type: { root: 'TINYINT', nullable: false },
};

/** `RowKind` short strings and their byte values as stored in `_VALUE_KIND`. */
export const RowKind = { INSERT: 0, UPDATE_BEFORE: 1, UPDATE_AFTER: 2, DELETE: 3 } as const;
export type RowKind = (typeof RowKind)[keyof typeof RowKind];
export type RowKindText = '+I' | '-U' | '+U' | '-D';

const KIND_BY_TEXT: Record<string, RowKind> = { '+I': 0, '-U': 1, '+U': 2, '-D': 3 };
const TEXT_BY_KIND: readonly RowKindText[] = ['+I', '-U', '+U', '-D'];

export function rowKindFromText(text: string, where: string): RowKind {
  const kind = KIND_BY_TEXT[text];
  if (kind === undefined)
    throw new SchemaMismatchError(`${where}: unknown row kind '${text}' (expected one of +I, -U, +U, -D)`);
  return kind;
}

export function rowKindText(kind: RowKind): RowKindText {
  return TEXT_BY_KIND[kind]!;
}

/** -U and -D retract (`RowKind.isRetract`). */
export function isRetract(kind: RowKind): boolean {
  return kind === RowKind.UPDATE_BEFORE || kind === RowKind.DELETE;
}

/**
 * The key of a primary-key table's records: the primary key minus the partition keys
 * (`TableSchema.trimmedPrimaryKeys`), since a bucket never spans partitions.
 */
export function trimmedPrimaryKeys(
  primaryKeys: readonly string[],
  partitionKeys: readonly string[],
): string[] {
  const trimmed = primaryKeys.filter((k) => !partitionKeys.includes(k));
  if (trimmed.length === 0)
    throw new SchemaMismatchError(
      `Primary key constraint ${JSON.stringify(primaryKeys)} should not be same with partition fields ${JSON.stringify(partitionKeys)}, this will result in only one record in a partition`,
    );
  return trimmed;
}

/** Key fields (trimmed primary key), as the table's fields with the `_KEY_` prefix and shifted ids. */
export function keyFields(fields: readonly DataField[], primaryKeys: readonly string[]): DataField[] {
  return primaryKeys.map((name) => {
    const f = fields.find((x) => x.name === name);
    if (!f) throw new SchemaMismatchError(`Primary key '${name}' is not a column`);
    return {
      id: KEY_FIELD_ID_START + f.id,
      name: KEY_FIELD_PREFIX + name,
      type: withNullable(f.type, false),
    };
  });
}

/** The full row type of a primary-key data file for the given table fields and trimmed primary key. */
export function keyValueRowType(fields: readonly DataField[], primaryKeys: readonly string[]): RowType {
  return rowType([...keyFields(fields, primaryKeys), SEQUENCE_NUMBER_FIELD, VALUE_KIND_FIELD, ...fields]);
}
