import { decodeThriftStruct, type ThriftShape, ThriftStruct } from './parquet-thrift.js';

/**
 * The parts of a Parquet footer (`FileMetaData`, parquet.thrift) and of page headers that the pure-TypeScript
 * reader of flat files (parquet-flat-reader.ts) needs, decoded with the generic Thrift compact codec. Anything
 * the reader does not handle (nested leaves, encryption, column chunks in other files, annotations it has no
 * exact mapping for) is marked so the caller can hand the file to parquet-wasm instead.
 */

/** The reader cannot read this file exactly; parquet-wasm must (internal: never leaves the format module). */
export class ParquetFallback extends Error {
  override readonly name = 'ParquetFallback';
}

/** Bytes that are not a valid Parquet file (the caller turns this into a CorruptFileError naming the path). */
export class ParquetCorruption extends Error {
  override readonly name = 'ParquetCorruption';
}

/** Parquet `Type` (parquet.thrift), the physical types of columns. */
export const Physical = {
  BOOLEAN: 0,
  INT32: 1,
  INT64: 2,
  INT96: 3,
  FLOAT: 4,
  DOUBLE: 5,
  BYTE_ARRAY: 6,
  FIXED_LEN_BYTE_ARRAY: 7,
} as const;

export const Codec = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, ZSTD: 6 } as const;

export const PageType = { DATA_PAGE: 0, INDEX_PAGE: 1, DICTIONARY_PAGE: 2, DATA_PAGE_V2: 3 } as const;

export const Encoding = { PLAIN: 0, PLAIN_DICTIONARY: 2, RLE: 3, BIT_PACKED: 4, RLE_DICTIONARY: 8 } as const;

export type TimeUnitName = 'ms' | 'us' | 'ns';

/** A leaf's logical type, normalized from `logicalType` or else the legacy `converted_type`. */
export type Annotation =
  | { readonly kind: 'none' }
  | { readonly kind: 'string' }
  | { readonly kind: 'int'; readonly bits: number; readonly signed: boolean }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'time'; readonly unit: TimeUnitName }
  | { readonly kind: 'timestamp'; readonly unit: TimeUnitName }
  /** JSON, ENUM, UUID, FLOAT16, INTERVAL, NULL, ...: read by parquet-wasm only. */
  | { readonly kind: 'other' };

/** A top-level field of the file: a primitive leaf, or a group / repeated field (nested: not read here). */
export interface TopField {
  readonly name: string;
  readonly fieldId: number | undefined;
  /** The leaf's column index in every row group, or -1 for a nested field. */
  readonly column: number;
  readonly physical: number;
  readonly typeLength: number;
  readonly optional: boolean;
  readonly annotation: Annotation;
}

export interface ColumnChunkMeta {
  readonly codec: number;
  readonly numValues: number;
  /** Where the chunk's first page (dictionary or data) starts, and its compressed length. */
  readonly start: number;
  readonly length: number;
}

export interface RowGroupMeta {
  readonly numRows: number;
  readonly columns: readonly ColumnChunkMeta[];
}

export interface FileMeta {
  readonly numRows: number;
  readonly fields: readonly TopField[];
  readonly rowGroups: readonly RowGroupMeta[];
  /** Where the footer begins: no column chunk may reach into it. */
  readonly footerStart: number;
  /** The file carries an `ARROW:schema` hint, which parquet-wasm applies to INT96 columns. */
  readonly arrowSchemaHint: boolean;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

// Field ids of parquet.thrift structs.
const F = { SCHEMA: 2, NUM_ROWS: 3, ROW_GROUPS: 4, KEY_VALUE: 5 } as const;
const SE = {
  TYPE: 1,
  TYPE_LENGTH: 2,
  REPETITION: 3,
  NAME: 4,
  NUM_CHILDREN: 5,
  CONVERTED: 6,
  SCALE: 7,
  PRECISION: 8,
  FIELD_ID: 9,
  LOGICAL: 10,
} as const;
const RG = { COLUMNS: 1, NUM_ROWS: 3 } as const;
const CC = { FILE_PATH: 1, META_DATA: 3, CRYPTO: 8, ENCRYPTED_META: 9 } as const;
const CMD = {
  TYPE: 1,
  CODEC: 4,
  NUM_VALUES: 5,
  COMPRESSED_SIZE: 7,
  DATA_PAGE_OFFSET: 9,
  DICTIONARY_PAGE_OFFSET: 11,
} as const;

/** The footer fields read here; statistics, indexes and metadata values are skipped unbuilt. */
const FOOTER_SHAPE: ThriftShape = {
  [F.SCHEMA]: {
    [SE.TYPE]: true,
    [SE.TYPE_LENGTH]: true,
    [SE.REPETITION]: true,
    [SE.NAME]: true,
    [SE.NUM_CHILDREN]: true,
    [SE.CONVERTED]: true,
    [SE.SCALE]: true,
    [SE.PRECISION]: true,
    [SE.FIELD_ID]: true,
    [SE.LOGICAL]: true,
  },
  [F.NUM_ROWS]: true,
  [F.ROW_GROUPS]: {
    [RG.COLUMNS]: {
      [CC.FILE_PATH]: true,
      [CC.META_DATA]: {
        [CMD.CODEC]: true,
        [CMD.NUM_VALUES]: true,
        [CMD.COMPRESSED_SIZE]: true,
        [CMD.DATA_PAGE_OFFSET]: true,
        [CMD.DICTIONARY_PAGE_OFFSET]: true,
      },
      [CC.CRYPTO]: true,
      [CC.ENCRYPTED_META]: true,
    },
    [RG.NUM_ROWS]: true,
  },
  [F.KEY_VALUE]: { 1: true },
};

const utf8 = new TextDecoder();

/** Column names and metadata keys: mostly short ASCII, where a TextDecoder call costs more than the rest. */
export function decodeName(bytes: Uint8Array): string {
  if (bytes.length <= 64 && bytes.every((b) => b < 0x80))
    return String.fromCharCode.apply(null, bytes as unknown as number[]);
  return utf8.decode(bytes);
}

/** Decodes the footer of `bytes`; throws ParquetCorruption when the bytes are not a Parquet file. */
export function readFileMeta(bytes: Uint8Array): FileMeta {
  const n = bytes.length;
  if (n < 12 || !MAGIC.every((b, i) => bytes[i] === b && bytes[n - 4 + i] === b))
    throw new ParquetCorruption(`not a Parquet file: no PAR1 magic at both ends (${n} bytes)`);
  const footerLength = readUint32(bytes, n - 8);
  const footerStart = n - 8 - footerLength;
  if (footerStart < 4) throw new ParquetCorruption(`footer length ${footerLength} does not fit ${n} bytes`);
  const meta = decodeThriftStruct(bytes.subarray(footerStart, n - 8), 'Parquet footer', FOOTER_SHAPE).struct;

  const schema = (meta.list(F.SCHEMA)?.items ?? []) as ThriftStruct[];
  const fields = topFields(schema);
  const leaves = countLeaves(schema);
  const rowGroups = ((meta.list(F.ROW_GROUPS)?.items ?? []) as ThriftStruct[]).map((group, g) => {
    const columns = (group.list(RG.COLUMNS)?.items ?? []) as ThriftStruct[];
    if (columns.length !== leaves)
      throw new ParquetCorruption(`row group ${g} has ${columns.length} column chunks for ${leaves} leaves`);
    return { numRows: int(group.get(RG.NUM_ROWS), 'row group num_rows'), columns: columns.map(chunkMeta) };
  });
  const hint = (meta.list(F.KEY_VALUE)?.items ?? []).some((kv) => {
    const key = (kv as ThriftStruct).get(1);
    return key instanceof Uint8Array && key.length === 12 && decodeName(key) === 'ARROW:schema';
  });
  return {
    numRows: int(meta.get(F.NUM_ROWS), 'num_rows'),
    fields,
    rowGroups,
    footerStart,
    arrowSchemaHint: hint,
  };
}

function chunkMeta(chunk: ThriftStruct): ColumnChunkMeta {
  if (chunk.get(CC.FILE_PATH) !== undefined)
    throw new ParquetFallback('a column chunk lives in another file');
  if (chunk.get(CC.CRYPTO) !== undefined || chunk.get(CC.ENCRYPTED_META) !== undefined)
    throw new ParquetFallback('encrypted column chunk');
  const meta = chunk.struct(CC.META_DATA);
  if (!meta) throw new ParquetCorruption('column chunk without meta_data');
  const data = int(meta.get(CMD.DATA_PAGE_OFFSET), 'data_page_offset');
  const dictionary = meta.get(CMD.DICTIONARY_PAGE_OFFSET);
  // A dictionary page, when there is one, comes first; some writers put 0 here for "none".
  const dict = dictionary === undefined ? 0 : int(dictionary, 'dictionary_page_offset');
  const start = dict > 0 && dict < data ? dict : data;
  const compressed = int(meta.get(CMD.COMPRESSED_SIZE), 'total_compressed_size');
  return {
    codec: int(meta.get(CMD.CODEC), 'codec'),
    numValues: int(meta.get(CMD.NUM_VALUES), 'num_values'),
    start,
    length: compressed,
  };
}

/** The root's children: primitive leaves with their column index; groups and repeated fields as nested. */
function topFields(schema: readonly ThriftStruct[]): TopField[] {
  const root = schema[0];
  if (!root) throw new ParquetCorruption('empty schema');
  const count = int(root.get(SE.NUM_CHILDREN) ?? 0, 'root num_children');
  const fields: TopField[] = [];
  let at = 1;
  let column = 0;
  for (let i = 0; i < count; i++) {
    const element = schema[at];
    if (!element) throw new ParquetCorruption(`schema ends before field ${i} of the root`);
    const name = element.get(SE.NAME);
    const fieldId = element.get(SE.FIELD_ID);
    const fieldName = name instanceof Uint8Array ? decodeName(name) : '';
    const id = typeof fieldId === 'number' ? fieldId : undefined;
    const children = element.get(SE.NUM_CHILDREN);
    const repetition = element.get(SE.REPETITION);
    if (children !== undefined || repetition === 2) {
      const end = subtreeEnd(schema, at);
      column += countLeavesIn(schema, at, end);
      at = end;
      fields.push({
        name: fieldName,
        fieldId: id,
        column: -1,
        physical: -1,
        typeLength: 0,
        optional: true,
        annotation: OTHER,
      });
      continue;
    }
    fields.push({
      name: fieldName,
      fieldId: id,
      column: column++,
      physical: int(element.get(SE.TYPE), 'schema element type'),
      typeLength:
        typeof element.get(SE.TYPE_LENGTH) === 'number' ? (element.get(SE.TYPE_LENGTH) as number) : 0,
      optional: repetition === 1,
      annotation: annotationOf(element),
    });
    at++;
  }
  return fields;
}

/** Index just past the subtree rooted at `at` (elements are stored depth-first). */
function subtreeEnd(schema: readonly ThriftStruct[], at: number): number {
  let pending = 1;
  let i = at;
  while (pending > 0) {
    const element = schema[i++];
    if (!element) throw new ParquetCorruption('schema ends inside a group');
    pending += int(element.get(SE.NUM_CHILDREN) ?? 0, 'num_children') - 1;
  }
  return i;
}

function countLeavesIn(schema: readonly ThriftStruct[], from: number, to: number): number {
  let leaves = 0;
  for (let i = from; i < to; i++) if (schema[i]!.get(SE.NUM_CHILDREN) === undefined) leaves++;
  return leaves;
}

function countLeaves(schema: readonly ThriftStruct[]): number {
  return countLeavesIn(schema, 1, schema.length);
}

const NONE: Annotation = { kind: 'none' };
const OTHER: Annotation = { kind: 'other' };
const STRING: Annotation = { kind: 'string' };
const DATE: Annotation = { kind: 'date' };
const UNITS: Record<number, TimeUnitName> = { 1: 'ms', 2: 'us', 3: 'ns' };

function annotationOf(element: ThriftStruct): Annotation {
  const logical = element.struct(SE.LOGICAL);
  if (logical) {
    const [[id, field] = [0, undefined]] = logical.fields;
    const inner = field?.value;
    const s = inner instanceof ThriftStruct ? inner : undefined;
    switch (id) {
      case 1: // STRING
        return STRING;
      case 5: // DECIMAL {scale, precision}
        return {
          kind: 'decimal',
          scale: int(s?.get(1), 'decimal scale'),
          precision: int(s?.get(2), 'decimal precision'),
        };
      case 6:
        return DATE;
      case 7: // TIME {isAdjustedToUTC, unit}
      case 8: {
        // TIMESTAMP
        const unit = s?.struct(2)?.fields.keys().next().value;
        const name = unit === undefined ? undefined : UNITS[unit];
        if (!name) return OTHER;
        return { kind: id === 7 ? 'time' : 'timestamp', unit: name };
      }
      case 10: // INTEGER {bitWidth, isSigned}
        return { kind: 'int', bits: int(s?.get(1), 'int bitWidth'), signed: s?.get(2) === true };
      default:
        return OTHER;
    }
  }
  const converted = element.get(SE.CONVERTED);
  if (converted === undefined) return NONE;
  switch (converted) {
    case 0: // UTF8
      return STRING;
    case 5: // DECIMAL: scale and precision on the element
      return {
        kind: 'decimal',
        scale: int(element.get(SE.SCALE) ?? 0, 'decimal scale'),
        precision: int(element.get(SE.PRECISION), 'decimal precision'),
      };
    case 6:
      return DATE;
    case 7:
      return { kind: 'time', unit: 'ms' };
    case 8:
      return { kind: 'time', unit: 'us' };
    case 9:
      return { kind: 'timestamp', unit: 'ms' };
    case 10:
      return { kind: 'timestamp', unit: 'us' };
    case 11:
    case 12:
    case 13:
    case 14: // UINT_8..UINT_64
      return { kind: 'int', bits: 8 << ((converted as number) - 11), signed: false };
    case 15:
    case 16:
    case 17:
    case 18: // INT_8..INT_64
      return { kind: 'int', bits: 8 << ((converted as number) - 15), signed: true };
    default:
      return OTHER;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Page headers

export interface PageHeader {
  readonly type: number;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  /** Values in the page including nulls (data pages), or dictionary entries. */
  readonly numValues: number;
  readonly encoding: number;
  /** Data page v1: encoding of the definition levels. */
  readonly definitionEncoding: number;
  /** Data page v2: byte lengths of the (uncompressed) levels, and whether the values are compressed. */
  readonly definitionLength: number;
  readonly repetitionLength: number;
  readonly compressed: boolean;
  /** Where the page's data starts in the file. */
  readonly dataStart: number;
}

const PH = { TYPE: 1, UNCOMPRESSED: 2, COMPRESSED: 3, DATA: 5, DICTIONARY: 7, DATA_V2: 8 } as const;
/** Page header fields read here (page statistics are skipped). */
const PAGE_SHAPE: ThriftShape = {
  [PH.TYPE]: true,
  [PH.UNCOMPRESSED]: true,
  [PH.COMPRESSED]: true,
  [PH.DATA]: { 1: true, 2: true, 3: true },
  [PH.DICTIONARY]: { 1: true, 2: true },
  [PH.DATA_V2]: { 1: true, 4: true, 5: true, 6: true, 7: true },
};

/** The page header starting at `at` (inside a column chunk ending at `end`). */
export function readPageHeader(bytes: Uint8Array, at: number, end: number): PageHeader {
  const { struct: header, end: length } = decodeThriftStruct(
    bytes.subarray(at, end),
    'Parquet page header',
    PAGE_SHAPE,
  );
  const type = int(header.get(PH.TYPE), 'page type');
  const page = {
    type,
    uncompressedSize: int(header.get(PH.UNCOMPRESSED), 'uncompressed_page_size'),
    compressedSize: int(header.get(PH.COMPRESSED), 'compressed_page_size'),
    numValues: 0,
    encoding: 0,
    definitionEncoding: Encoding.RLE as number,
    definitionLength: 0,
    repetitionLength: 0,
    compressed: true,
    dataStart: at + length,
  };
  switch (type) {
    case PageType.DATA_PAGE: {
      const h = header.struct(PH.DATA) ?? corrupt('DATA_PAGE without data_page_header');
      page.numValues = int(h.get(1), 'num_values');
      page.encoding = int(h.get(2), 'encoding');
      page.definitionEncoding = int(h.get(3), 'definition_level_encoding');
      break;
    }
    case PageType.DICTIONARY_PAGE: {
      const h = header.struct(PH.DICTIONARY) ?? corrupt('DICTIONARY_PAGE without dictionary_page_header');
      page.numValues = int(h.get(1), 'num_values');
      page.encoding = int(h.get(2), 'encoding');
      break;
    }
    case PageType.DATA_PAGE_V2: {
      const h = header.struct(PH.DATA_V2) ?? corrupt('DATA_PAGE_V2 without data_page_header_v2');
      page.numValues = int(h.get(1), 'num_values');
      page.encoding = int(h.get(4), 'encoding');
      page.definitionLength = int(h.get(5), 'definition_levels_byte_length');
      page.repetitionLength = int(h.get(6), 'repetition_levels_byte_length');
      page.compressed = h.get(7) !== false;
      break;
    }
  }
  return page;
}

function corrupt(message: string): never {
  throw new ParquetCorruption(message);
}

/** A non-negative Thrift integer (i32, or i64 below 2^53) as a number. */
function int(value: unknown, what: string): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new ParquetCorruption(`${what} is ${String(value)}, expected a non-negative integer`);
  return n;
}

export function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}
