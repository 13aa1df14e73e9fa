/**
 * Plain models the Java interop tests compare against (not taken from either implementation): predicate
 * evaluation over paimon-sim's JS values with Paimon's semantics, and small helpers on paimon-sim tables.
 */
import { FileSystemCatalog } from '../../src/storage/catalog.js';
import { type DataType, parseDataType } from '../../src/storage/spec/data-types.js';
import { decimalToUnscaled, type Row, Timestamp } from '../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../src/storage/table/table.js';
import { type InteropCase, type InteropField, simWriteCase, toJsonValue } from './harness.js';

export { simWriteCase };

import type { JavaPredicate } from './java-harness.js';

/**
 * Paimon's order of two non-null values of an atomic type (`InternalRowUtils.compare`): strings and binaries
 * by unsigned bytes (BinaryString.compareTo compares UTF-8), decimals by value, timestamps by instant.
 */
export function compareValues(type: DataType, a: unknown, b: unknown): number {
  switch (type.root) {
    case 'BIGINT':
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case 'DECIMAL': {
      const x = decimalToUnscaled(a as string, type.scale);
      const y = decimalToUnscaled(b as string, type.scale);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'CHAR':
    case 'VARCHAR':
      return Buffer.compare(Buffer.from(a as string, 'utf8'), Buffer.from(b as string, 'utf8'));
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array));
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const x = (a as Timestamp).toEpochNanos();
      const y = (b as Timestamp).toEpochNanos();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'BOOLEAN':
      return Number(a) - Number(b);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    default:
      throw new Error(`no order for ${type.root}`);
  }
}

/** A predicate on one field with a literal in paimon-sim's model: the model and the oracle's JSON form. */
export interface ModelPredicate {
  readonly describe: string;
  readonly test: (row: Row) => boolean;
  readonly java: JavaPredicate;
}

/** `field op literal` (null never matches, as SQL and Paimon's leaf predicates: NullFalseLeafBinaryFunction). */
export function leaf(
  field: InteropField,
  op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'isNull' | 'isNotNull',
  literal?: unknown,
): ModelPredicate {
  const type = parseDataType(field.type);
  const describe = `${field.name} ${op}${literal === undefined ? '' : ` ${String(toJsonValue(field.type, literal))}`}`;
  if (op === 'isNull' || op === 'isNotNull') {
    const wantNull = op === 'isNull';
    return {
      describe,
      test: (r) => (r[field.name] === null || r[field.name] === undefined) === wantNull,
      java: { op, field: field.name },
    };
  }
  const check: Record<typeof op, (c: number) => boolean> = {
    eq: (c) => c === 0,
    ne: (c) => c !== 0,
    lt: (c) => c < 0,
    le: (c) => c <= 0,
    gt: (c) => c > 0,
    ge: (c) => c >= 0,
  };
  return {
    describe,
    test: (r) => {
      const v = r[field.name];
      return v !== null && v !== undefined && check[op](compareValues(type, v, literal));
    },
    java: { op, field: field.name, value: toJsonValue(field.type, literal) },
  };
}

const ORDERED = new Set([
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INT',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
  'CHAR',
  'VARCHAR',
  'BINARY',
  'VARBINARY',
  'DATE',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
]);

/**
 * Predicates that exercise statistics-based pruning on every orderable column of a case: for the smallest and
 * the largest non-null value v of the column, `= v`, `< v`, `> v`, `<= v`, `>= v`, and `IS NULL`.
 */
export function pruningPredicates(c: InteropCase, rows: readonly Row[]): ModelPredicate[] {
  const out: ModelPredicate[] = [];
  for (const f of c.fields) {
    const type = parseDataType(f.type);
    if (!ORDERED.has(type.root)) continue;
    const values = rows.map((r) => r[f.name]).filter((v) => v !== null && v !== undefined);
    if (values.length === 0) continue;
    const sorted = [...values].sort((a, b) => compareValues(type, a, b));
    for (const v of new Set([sorted[0], sorted.at(-1)])) {
      for (const op of ['eq', 'lt', 'gt', 'le', 'ge'] as const) out.push(leaf(f, op, v));
    }
    out.push(leaf(f, 'isNull'));
  }
  return out;
}

/**
 * A `$files` statistics text (`{a=1, b=x, c=null}`, as Java's FilesTable prints a map) → [[name, value], ...]
 * sorted by name. Values may contain ', ', so the text is split only before `<field name>=`.
 */
export function statsEntries(text: unknown, names: readonly string[]): [string, string][] {
  const body = String(text).replace(/^\{|\}$/g, '');
  const parts = body.split(new RegExp(`, (?=(?:${names.join('|')})=)`));
  return parts
    .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as [string, string])
    .sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

/** paimon-sim's snapshots in the oracle's shape (the fields both sides record). */
export function simSnapshots(table: FileStoreTable) {
  return table.snapshotManager.snapshots().map((s) => ({
    id: s.id,
    schemaId: s.schemaId,
    commitUser: s.commitUser,
    commitIdentifier: s.commitIdentifier.toString(),
    commitKind: s.commitKind,
    timeMillis: s.timeMillis,
    totalRecordCount: s.totalRecordCount,
    deltaRecordCount: s.deltaRecordCount,
    changelogRecordCount: s.changelogRecordCount ?? null,
    baseManifestList: s.baseManifestList,
    deltaManifestList: s.deltaManifestList,
    changelogManifestList: s.changelogManifestList ?? null,
    indexManifest: s.indexManifest ?? null,
    watermark: s.watermark === undefined || s.watermark === null ? null : String(s.watermark),
    version: s.version,
  }));
}

export { Timestamp };
