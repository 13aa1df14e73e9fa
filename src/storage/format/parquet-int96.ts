import * as arrow from 'apache-arrow';
import { CorruptFileError } from '../errors.js';
import { MAP_REPEATED_NAME } from './arrow-schema.js';
import { decodeThriftStruct, encodeThriftStruct, type ThriftStruct, TType } from './parquet-thrift.js';

/**
 * TIMESTAMP(7..9) / TIMESTAMP_LTZ(7..9) in Parquet as Paimon Java writes them: physical INT96 without a
 * logical type (`ParquetSchemaConverter.createTimestampWithLogicalType`: precision > 6), 12 bytes of
 * little-endian nanos-of-day (long) then Julian day (int) (`ParquetRowDataWriter.timestampToInt96`). Paimon
 * 1.3 reads an INT64 column of such a type as epoch millis whatever its unit (`ParquetVectorUpdaterFactory`
 * → `LongTimestampUpdater`), so INT64 NANOS would be misread silently.
 *
 * The Arrow → Parquet writer has no INT96 output, so such columns are written as FIXED_LEN_BYTE_ARRAY(12)
 * holding the INT96 bytes (the same plain and dictionary encodings), and the footer is then edited: the
 * physical type becomes INT96, byte-order statistics and column-index references of those columns go (they
 * would order the bytes, not the instants), and the `ARROW:schema` hint (which names the placeholder type)
 * goes too; readers map INT96 to nanosecond timestamps.
 */

const JULIAN_EPOCH_OFFSET_DAYS = 2_440_588n;
const MILLIS_IN_DAY = 86_400_000n;
const NANOS_PER_MILLISECOND = 1_000_000n;
const INT96_BYTES = 12;

/** Parquet `Type` enum values, `Encoding` values that INT96 may use, footer field ids (parquet.thrift). */
const PHYSICAL_INT96 = 3;
const PHYSICAL_FIXED_LEN_BYTE_ARRAY = 7;
const INT96_ENCODINGS = new Set([
  0 /* PLAIN */, 2 /* PLAIN_DICTIONARY */, 3 /* RLE */, 4, 8 /* RLE_DICTIONARY */,
]);
const FileMetaData = { SCHEMA: 2, ROW_GROUPS: 4, KEY_VALUE_METADATA: 5 } as const;
const SchemaElement = { TYPE: 1, TYPE_LENGTH: 2, NUM_CHILDREN: 5 } as const;
const RowGroup = { COLUMNS: 1 } as const;
const ColumnChunk = { META_DATA: 3, COLUMN_INDEX_OFFSET: 6, COLUMN_INDEX_LENGTH: 7 } as const;
const ColumnMetaData = { TYPE: 1, ENCODINGS: 2, STATISTICS: 12 } as const;
const KeyValue = { KEY: 1 } as const;

/** Java's INT96 bytes of an instant given in epoch nanoseconds (Java's truncating `/` and `%`). */
export function int96FromEpochNanos(epochNanos: bigint): Uint8Array {
  const millis = floorDiv(epochNanos, NANOS_PER_MILLISECOND);
  const nanoOfMillisecond = epochNanos - millis * NANOS_PER_MILLISECOND;
  const julianDay = millis / MILLIS_IN_DAY + JULIAN_EPOCH_OFFSET_DAYS;
  const nanosOfDay = (millis % MILLIS_IN_DAY) * NANOS_PER_MILLISECOND + nanoOfMillisecond;
  const bytes = new Uint8Array(INT96_BYTES);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, nanosOfDay, true);
  view.setInt32(8, Number(julianDay), true);
  return bytes;
}

/** Epoch nanoseconds of INT96 bytes (`ParquetVectorUpdaterFactory.int96ToTimestamp`, linear in both parts). */
export function int96ToEpochNanos(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, INT96_BYTES);
  const nanosOfDay = view.getBigInt64(0, true);
  const julianDay = BigInt(view.getInt32(8, true));
  return (julianDay - JULIAN_EPOCH_OFFSET_DAYS) * MILLIS_IN_DAY * NANOS_PER_MILLISECOND + nanosOfDay;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && a < 0n) !== b < 0n ? q - 1n : q;
}

function isNanoTimestamp(type: arrow.DataType): boolean {
  return arrow.DataType.isTimestamp(type) && type.unit === arrow.TimeUnit.NANOSECOND;
}

/** Ordinals (depth-first, as Parquet numbers its leaf columns) of the nanosecond-timestamp leaves. */
export function int96LeafOrdinals(schema: arrow.Schema): number[] {
  const out: number[] = [];
  let next = 0;
  const visit = (type: arrow.DataType): void => {
    const children = type.children ?? [];
    if (children.length === 0 || arrow.DataType.isFixedSizeBinary(type)) {
      if (isNanoTimestamp(type)) out.push(next);
      next++;
      return;
    }
    for (const child of children) visit(child.type);
  };
  for (const f of schema.fields) visit(f.type);
  return out;
}

/** `table` with every nanosecond-timestamp column (at any depth) as FixedSizeBinary(12) of INT96 bytes. */
export function withInt96Placeholders(table: arrow.Table): arrow.Table {
  // Through IPC first: slices are compacted, so every Data starts at offset 0.
  const plain = arrow.tableFromIPC(arrow.tableToIPC(table, 'stream'));
  const schema = new arrow.Schema(plain.schema.fields.map(placeholderField), plain.schema.metadata);
  const batches = plain.batches.map((batch) => {
    const struct = batch.data;
    const children = struct.children.map(placeholderData);
    const data = arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: struct.length,
      nullCount: 0,
      children,
    });
    return new arrow.RecordBatch(schema, data);
  });
  return new arrow.Table(schema, batches);
}

function placeholderField(field: arrow.Field): arrow.Field {
  return new arrow.Field(field.name, placeholderType(field.type), field.nullable, field.metadata);
}

function placeholderType(type: arrow.DataType): arrow.DataType {
  if (isNanoTimestamp(type)) return new arrow.FixedSizeBinary(INT96_BYTES);
  if (arrow.DataType.isList(type)) return new arrow.List(placeholderField(type.children[0]!));
  if (arrow.DataType.isStruct(type)) return new arrow.Struct(type.children.map(placeholderField));
  if (arrow.DataType.isMap(type)) {
    const entries = placeholderField(type.children[0]!);
    const map = new arrow.Map_(entries, type.keysSorted);
    // Arrow JS renames the entries field; keep Paimon's `key_value` (see arrow-schema.ts).
    (map.children as arrow.Field[])[0] = new arrow.Field(MAP_REPEATED_NAME, entries.type, false);
    return map;
  }
  return type;
}

function placeholderData(data: arrow.Data): arrow.Data {
  const type = placeholderType(data.type);
  if (type === data.type) return data;
  if (isNanoTimestamp(data.type)) {
    const values = data.values as unknown as BigInt64Array;
    const bytes = new Uint8Array(data.length * INT96_BYTES);
    for (let i = 0; i < data.length; i++) {
      if (data.getValid(i)) bytes.set(int96FromEpochNanos(values[i]!), i * INT96_BYTES);
    }
    return arrow.makeData({
      type: type as arrow.FixedSizeBinary,
      length: data.length,
      nullCount: data.nullCount,
      nullBitmap: data.nullBitmap,
      data: bytes,
    });
  }
  return data.clone(
    type,
    data.offset,
    data.length,
    data.nullCount,
    data.buffers,
    data.children.map(placeholderData),
  );
}

/**
 * The Parquet file `bytes` (written from `withInt96Placeholders`) with the leaf columns at `ordinals` turned
 * from FIXED_LEN_BYTE_ARRAY(12) into INT96 in its footer. Only the footer changes; data pages stay.
 */
export function patchInt96Footer(bytes: Uint8Array, ordinals: readonly number[], path: string): Uint8Array {
  const fail = (why: string): never => {
    throw new CorruptFileError(path, 'a Parquet file with INT96 placeholders', why);
  };
  const n = bytes.length;
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
  const footerStart = n - 8 - footerLength;
  if (footerStart < 4) fail(`footer length ${footerLength} does not fit the file`);
  const { struct: meta } = decodeThriftStruct(bytes.subarray(footerStart, n - 8), `${path} footer`);
  const wanted = new Set(ordinals);

  let leaf = 0;
  for (const item of meta.list(FileMetaData.SCHEMA)?.items ?? []) {
    const element = item as ThriftStruct;
    if (element.get(SchemaElement.NUM_CHILDREN) !== undefined) continue;
    if (wanted.has(leaf)) {
      if (
        element.get(SchemaElement.TYPE) !== PHYSICAL_FIXED_LEN_BYTE_ARRAY ||
        element.get(SchemaElement.TYPE_LENGTH) !== INT96_BYTES
      )
        fail(`leaf column ${leaf} is not FIXED_LEN_BYTE_ARRAY(12)`);
      element.set(SchemaElement.TYPE, TType.I32, PHYSICAL_INT96);
      element.delete(SchemaElement.TYPE_LENGTH);
    }
    leaf++;
  }

  for (const group of meta.list(FileMetaData.ROW_GROUPS)?.items ?? []) {
    const columns = (group as ThriftStruct).list(RowGroup.COLUMNS)?.items ?? [];
    for (const ordinal of ordinals) {
      const chunk = columns[ordinal] as ThriftStruct | undefined;
      const column = chunk?.struct(ColumnChunk.META_DATA) ?? fail(`no column chunk ${ordinal}`);
      for (const e of (column.list(ColumnMetaData.ENCODINGS)?.items ?? []) as number[]) {
        if (!INT96_ENCODINGS.has(e)) fail(`column ${ordinal} uses encoding ${e}, which INT96 cannot`);
      }
      column.set(ColumnMetaData.TYPE, TType.I32, PHYSICAL_INT96);
      column.delete(ColumnMetaData.STATISTICS);
      chunk!.delete(ColumnChunk.COLUMN_INDEX_OFFSET);
      chunk!.delete(ColumnChunk.COLUMN_INDEX_LENGTH);
    }
  }

  const keyValues = meta.list(FileMetaData.KEY_VALUE_METADATA);
  if (keyValues) {
    keyValues.items = keyValues.items.filter((kv) => {
      const key = (kv as ThriftStruct).get(KeyValue.KEY);
      return !(key instanceof Uint8Array && Buffer.from(key).toString('utf8') === 'ARROW:schema');
    });
    if (keyValues.items.length === 0) meta.delete(FileMetaData.KEY_VALUE_METADATA);
  }

  const footer = encodeThriftStruct(meta);
  const out = new Uint8Array(footerStart + footer.length + 8);
  out.set(bytes.subarray(0, footerStart));
  out.set(footer, footerStart);
  new DataView(out.buffer).setUint32(footerStart + footer.length, footer.length, true);
  out.set(bytes.subarray(n - 4), footerStart + footer.length + 4);
  return out;
}
