import * as arrow from 'apache-arrow';
import { SchemaMismatchError } from '../errors.js';
import { mapParts, toArrowSchema } from '../format/arrow-schema.js';
import { type DataType, type RowType, typeToString } from '../spec/data-types.js';

/**
 * Checks an Arrow table handed to `TableWrite.writeArrow` against the table's row type and returns it laid
 * out as `toArrowSchema(rowType)` (the layout the row path builds, field ids included), sharing the input's
 * buffers wherever no value has to change. It applies what `normalizeRow` applies to row values:
 *
 * - each column is found by name and must have the Arrow type of its Paimon type (arrow-schema.ts); a
 *   timezone on TIMESTAMP_LTZ may be any, TIMESTAMP must have none; a missing nullable column reads as null;
 * - a null in a NOT NULL column is refused (top level with `TableWriteImpl.checkNullability`'s text);
 * - DECIMAL(p, s) values must have at most p digits; TIME values must be milliseconds of a day;
 * - TIMESTAMP(p) values are truncated to p fraction digits (`truncateTimestamp`), copying only that column.
 */
export function conformArrowTable(
  input: arrow.Table,
  rowType: RowType,
  tableName: string,
  /** false for data read back from this table's own files: their values were checked when written. */
  checkValues = true,
): arrow.Table {
  const schema = toArrowSchema(rowType);
  const known = new Set(rowType.fields.map((f) => f.name));
  for (const f of input.schema.fields) {
    if (!known.has(f.name))
      throw new SchemaMismatchError(
        `Arrow column '${f.name}' is not a column of table '${tableName}' (columns: ${[...known].join(', ')})`,
      );
  }
  const sources = rowType.fields.map((f) => input.schema.fields.findIndex((x) => x.name === f.name));
  rowType.fields.forEach((f, i) => {
    const source = sources[i]!;
    const where = `Column '${f.name}' of table '${tableName}'`;
    if (source < 0) {
      if (!f.type.nullable) throw new SchemaMismatchError(`Cannot write null to non-null column(${f.name})`);
      return;
    }
    checkType(f.type, input.schema.fields[source]!.type, schema.fields[i]!.type, where);
  });
  const batches = input.batches.map((batch) => {
    const children = rowType.fields.map((f, i) => {
      const target = schema.fields[i]!.type;
      const source = sources[i]!;
      if (source < 0) return nullData(target, batch.numRows);
      if (!f.type.nullable && batch.data.children[source]!.nullCount > 0)
        throw new SchemaMismatchError(`Cannot write null to non-null column(${f.name})`);
      return conformData(f.type, target, batch.data.children[source]!, f.name, checkValues);
    });
    const struct = arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: batch.numRows,
      nullCount: 0,
      children,
    });
    return new arrow.RecordBatch(schema, struct);
  });
  return new arrow.Table(schema, batches);
}

/** Refuses an Arrow type that is not the one `type` is written as (children compared by position). */
function checkType(type: DataType, given: arrow.DataType, expected: arrow.DataType, where: string): void {
  if (!sameArrowType(type, given, expected))
    throw new SchemaMismatchError(
      `${where} is Arrow ${String(given)}, expected ${typeToString(type)} as Arrow ${String(expected)}`,
    );
}

function sameArrowType(type: DataType, given: arrow.DataType, expected: arrow.DataType): boolean {
  // Dictionary-encoded strings and bytes (what `tableFromArrays` makes of JS strings) are decoded.
  if (arrow.DataType.isDictionary(given) && isVariableWidth(type))
    return given.dictionary.typeId === expected.typeId;
  if (given.typeId !== expected.typeId) return false;
  switch (type.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT': {
      const [g, e] = [given as arrow.Int, expected as arrow.Int];
      return g.bitWidth === e.bitWidth && g.isSigned === e.isSigned;
    }
    case 'FLOAT':
    case 'DOUBLE':
      return (given as arrow.Float).precision === (expected as arrow.Float).precision;
    case 'DECIMAL': {
      const [g, e] = [given as arrow.Decimal, expected as arrow.Decimal];
      return g.scale === e.scale && g.precision === e.precision && g.bitWidth === e.bitWidth;
    }
    case 'DATE':
      return (given as arrow.Date_).unit === (expected as arrow.Date_).unit;
    case 'TIME':
      return (
        (given as arrow.Time).unit === (expected as arrow.Time).unit && (given as arrow.Time).bitWidth === 32
      );
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const g = given as arrow.Timestamp;
      const hasZone = g.timezone !== null && g.timezone !== undefined && g.timezone !== '';
      return g.unit === (expected as arrow.Timestamp).unit && hasZone === (type.root === 'TIMESTAMP_LTZ');
    }
    case 'ARRAY':
      return sameArrowType(type.element, childType(given, 0), childType(expected, 0));
    case 'MAP':
    case 'MULTISET': {
      const [g, e] = [childType(given, 0), childType(expected, 0)];
      const { key, value } = mapParts(type);
      return (
        g.children?.length === 2 &&
        sameArrowType(key, childType(g, 0), childType(e, 0)) &&
        sameArrowType(value, childType(g, 1), childType(e, 1))
      );
    }
    case 'ROW': {
      const g = (given as arrow.Struct).children;
      if (g.length !== type.fields.length) return false;
      return type.fields.every(
        (f, i) => g[i]!.name === f.name && sameArrowType(f.type, g[i]!.type, childType(expected, i)),
      );
    }
    default:
      return true; // BOOLEAN, strings, binaries: the type id says it all
  }
}

function childType(type: arrow.DataType, i: number): arrow.DataType {
  return (type.children as arrow.Field[])[i]!.type;
}

function isVariableWidth(type: DataType): boolean {
  return (
    type.root === 'CHAR' || type.root === 'VARCHAR' || type.root === 'BINARY' || type.root === 'VARBINARY'
  );
}

/** `data` with the target type (ids, names) and values normalized; buffers shared where nothing changes. */
function conformData(
  type: DataType,
  target: arrow.DataType,
  data: arrow.Data,
  path: string,
  check: boolean,
): arrow.Data {
  if (arrow.DataType.isDictionary(data.type)) return decodeDictionary(target, data);
  switch (type.root) {
    case 'DECIMAL':
      if (check) checkDecimalDigits(data, type.precision, path);
      break;
    case 'TIME':
      if (check) checkTimeOfDay(data, path);
      break;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return check ? truncateTimestamps(data.clone(target), type.precision) : data.clone(target);
    case 'ARRAY':
    case 'MAP':
    case 'MULTISET':
    case 'ROW':
      return data.clone(
        target,
        data.offset,
        data.length,
        data.nullCount,
        data.buffers,
        nestedChildren(type, target, data, path, check),
      );
  }
  return data.clone(target);
}

function nestedChildren(
  type: DataType,
  target: arrow.DataType,
  data: arrow.Data,
  path: string,
  check: boolean,
): arrow.Data[] {
  const targets = (target.children as arrow.Field[]).map((f) => f.type);
  const conform = (t: DataType, i: number, at: string) => {
    const child = data.children[i]!;
    // A struct's children hold a slot for every row, null rows included: only rows that are there count.
    const rowsOf = type.root === 'ROW' ? data : undefined;
    if (!t.nullable && hasNull(child, rowsOf))
      throw new SchemaMismatchError(`Field '${at}' is NOT NULL but the value is null`);
    return conformData(t, targets[i]!, child, at, check);
  };
  switch (type.root) {
    case 'ARRAY':
      return [conform(type.element, 0, `${path}[]`)];
    case 'ROW':
      return type.fields.map((f, i) => conform(f.type, i, `${path}.${f.name}`));
    default: {
      // MAP / MULTISET: one struct child of key and value (map keys are NOT NULL in Parquet).
      const entries = data.children[0]!;
      const parts = mapParts(type);
      const key: DataType = { ...parts.key, nullable: false };
      const value = parts.value;
      const entryTargets = (targets[0]!.children as arrow.Field[]).map((f) => f.type);
      const at = (t: DataType, i: number, name: string) => {
        const child = entries.children[i]!;
        if (!t.nullable && child.nullCount > 0)
          throw new SchemaMismatchError(`Field '${path}.${name}' is NOT NULL but the value is null`);
        return conformData(t, entryTargets[i]!, child, `${path}.${name}`, check);
      };
      const children = [at(key, 0, 'key'), at(value, 1, 'value')];
      return [
        entries.clone(
          targets[0]!,
          entries.offset,
          entries.length,
          entries.nullCount,
          entries.buffers,
          children,
        ),
      ];
    }
  }
}

/** Whether `child` has a null where `parent` (same length, a struct) has a value; any null without a parent. */
function hasNull(child: arrow.Data, parent: arrow.Data | undefined): boolean {
  if (child.nullCount === 0) return false;
  if (!parent || parent.nullCount === 0) return true;
  for (let i = 0; i < child.length; i++) if (!validAt(child, i) && validAt(parent, i)) return true;
  return false;
}

/** A dictionary-encoded string/bytes column as the plain column `target` (offsets and bytes copied). */
function decodeDictionary(target: arrow.DataType, data: arrow.Data): arrow.Data {
  const dictionary = (data.dictionary as arrow.Vector).data[0]!;
  const dictOffsets = dictionary.valueOffsets as Int32Array;
  const dictBytes = dictionary.values as Uint8Array;
  const keys = data.values as ArrayLike<number>;
  const offsets = new Int32Array(data.length + 1);
  let size = 0;
  for (let i = 0; i < data.length; i++) {
    if (validAt(data, i)) size += dictOffsets[keys[i]! + 1]! - dictOffsets[keys[i]!]!;
    offsets[i + 1] = size;
  }
  const bytes = new Uint8Array(size);
  for (let i = 0; i < data.length; i++) {
    if (offsets[i + 1] === offsets[i]) continue;
    const k = keys[i]!;
    bytes.set(dictBytes.subarray(dictOffsets[k]!, dictOffsets[k + 1]!), offsets[i]!);
  }
  return arrow.makeData({
    type: target as arrow.Utf8,
    length: data.length,
    nullCount: data.nullCount,
    nullBitmap: data.nullCount === 0 ? undefined : copyBits(data),
    valueOffsets: offsets,
    data: bytes,
  });
}

/** The validity bits of `data` starting at bit 0 (its own may start at `offset`). */
function copyBits(data: arrow.Data): Uint8Array {
  const bits = new Uint8Array(Math.ceil(data.length / 8));
  for (let i = 0; i < data.length; i++) if (validAt(data, i)) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

/** Whether row `i` of `data` holds a value (not null). */
function validAt(data: arrow.Data, i: number): boolean {
  if (data.nullCount === 0) return true;
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0) return data.nullCount !== data.length;
  const bit = data.offset + i;
  return ((bitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}

/** `normalizeValue`'s "at most p digits" for DECIMAL(p, s), on the unscaled 128-bit values. */
function checkDecimalDigits(data: arrow.Data, precision: number, path: string): void {
  const words = data.values as Uint32Array;
  const limit = 10 ** precision;
  const bigLimit = 10n ** BigInt(precision);
  for (let i = 0; i < data.length; i++) {
    if (!validAt(data, i)) continue;
    const at = i * 4;
    const high = words[at + 1]! | 0;
    const sign = high < 0 ? 0xffffffff : 0;
    let fits: boolean;
    if (high >= -0x200000 && high < 0x200000 && words[at + 2] === sign && words[at + 3] === sign) {
      fits = Math.abs(high * 0x1_0000_0000 + words[at]!) < limit;
    } else {
      let v = 0n;
      for (let w = 3; w >= 0; w--) v = (v << 32n) | BigInt(words[at + w]!);
      v = BigInt.asIntN(128, v);
      fits = (v < 0n ? -v : v) < bigLimit;
    }
    if (!fits)
      throw new SchemaMismatchError(
        `Field '${path}' has a value with more than ${precision} digits (row ${i} of its batch): expected DECIMAL(${precision}, ${(data.type as arrow.Decimal).scale})`,
      );
  }
}

const MS_PER_DAY = 86_400_000;

function checkTimeOfDay(data: arrow.Data, path: string): void {
  const values = data.values as Int32Array;
  for (let i = 0; i < data.length; i++) {
    const v = values[i]!;
    if ((v < 0 || v >= MS_PER_DAY) && validAt(data, i))
      throw new SchemaMismatchError(
        `Field '${path}' has ${v} (row ${i} of its batch), expected milliseconds of the day`,
      );
  }
}

/** Digits of a timestamp unit's fraction of a second. */
const UNIT_DIGITS: Record<number, number> = {
  [arrow.TimeUnit.SECOND]: 0,
  [arrow.TimeUnit.MILLISECOND]: 3,
  [arrow.TimeUnit.MICROSECOND]: 6,
  [arrow.TimeUnit.NANOSECOND]: 9,
};

/** Values floored to `precision` fraction digits, as `truncateTimestamp` does; a copy only if one changes. */
function truncateTimestamps(data: arrow.Data, precision: number): arrow.Data {
  const digits = UNIT_DIGITS[(data.type as arrow.Timestamp).unit]!;
  if (precision >= digits) return data;
  const factor = 10n ** BigInt(digits - precision);
  const values = data.values as BigInt64Array;
  let copy: BigInt64Array | undefined;
  for (let i = 0; i < data.length; i++) {
    const v = values[i]!;
    const rest = ((v % factor) + factor) % factor;
    if (rest === 0n) continue;
    copy ??= values.slice(0, data.length);
    copy[i] = v - rest;
  }
  if (!copy) return data;
  return data.clone(data.type, data.offset, data.length, data.nullCount, {
    [arrow.BufferType.OFFSET]: data.valueOffsets,
    [arrow.BufferType.DATA]: copy,
    [arrow.BufferType.VALIDITY]: data.nullBitmap,
    [arrow.BufferType.TYPE]: data.typeIds,
  });
}

/** An all-null column of `type` (a nullable column the input lacks). */
function nullData(type: arrow.DataType, length: number): arrow.Data {
  const builder = arrow.makeBuilder({ type, nullValues: [null] });
  for (let i = 0; i < length; i++) builder.append(null);
  return builder.finish().flush();
}
