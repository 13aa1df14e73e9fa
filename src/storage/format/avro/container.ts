import avro from 'avsc';
import { nextBytes, type Random } from '../../../common/random.js';
import { CorruptFileError } from '../../errors.js';
import { type CompressionCodec, getCompressionCodec, zstdCodec } from '../compression/compression-codec.js';
import { checkValueBounds } from './record-bounds.js';

/**
 * Avro object container files (Avro 1.x spec, "Object Container Files"), read and written synchronously.
 * avsc encodes the records; the framing is done here because avsc's own encoder is a stream with a random
 * sync marker, and paimon-sim needs synchronous IO and markers drawn from the injected Random.
 *
 * Layout written, as Java's `DataFileWriter` (Avro 1.11) writes it: magic `Obj\x01`; the metadata map with
 * `avro.schema` (the schema's compact JSON) then `avro.codec` (the order of Java's HashMap for these two
 * keys); a 16-byte sync marker; blocks of `count, size, data, sync`, a block ending once its uncompressed
 * records reach 64,000 bytes (`DataFileConstants.DEFAULT_SYNC_INTERVAL`).
 */
const MAGIC = Uint8Array.from([0x4f, 0x62, 0x6a, 0x01]); // "Obj" 1
const SYNC_SIZE = 16;
/** `DataFileConstants.DEFAULT_SYNC_INTERVAL`: Java flushes a block once its records reach this many bytes. */
export const DEFAULT_BLOCK_SIZE = 64_000;

/**
 * Avro `long` as bigint, exact over the whole Java long range (avsc's default long is a JS number and
 * refuses values beyond 2^53).
 */
export const BigIntLongType = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/**
 * Avro `long` as a JS number, exact over the safe-integer range. avsc's own long type zig-zags with float
 * arithmetic and silently corrupts magnitudes above 2^52 (e.g. -2^52 - 1 reads back as 2^52). Values that do
 * not fit a safe integer decode as bigint, so callers can name the field instead of using a rounded value.
 */
export const SafeLongType = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => {
    const n = buf.readBigInt64LE();
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  },
  toBuffer: (n: number | bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: Number,
  toJSON: Number,
  isValid: (n: unknown) =>
    (typeof n === 'number' && Number.isSafeInteger(n)) ||
    (typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n),
  compare: (a: number | bigint, b: number | bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

export interface AvroTypeOptions {
  /** Decode and encode every Avro `long` as bigint (data files with BIGINT columns). Default: numbers. */
  readonly bigintLongs?: boolean;
}

/**
 * Compiled types by schema JSON text and long mode. `Type.forSchema` generates and compiles reader and writer
 * functions: doing that for every manifest read and write was a fifth of a checkpoint cycle's time. avsc
 * types are immutable once built (each build gets its own registry), so one per schema serves the process.
 */
const compiledTypes = new Map<string, avro.Type>();
/** Distinct schemas are few (manifest, manifest list, index manifest, one per data row type); a bound anyway. */
const MAX_COMPILED_TYPES = 256;

let cacheCompiledTypes = true;

/** Turns the compiled-type cache on or off for the whole process (benchmarks compare both; default on). */
export function setCompiledTypeCache(on: boolean): void {
  cacheCompiledTypes = on;
  compiledTypes.clear();
}

export function avroType(schema: object, options: AvroTypeOptions = {}): avro.Type {
  return compiledType(JSON.stringify(schema), schema, options);
}

function compiledType(schemaText: string, schema: object, options: AvroTypeOptions): avro.Type {
  const key = `${options.bigintLongs ? 'bigint' : 'number'}:${schemaText}`;
  let type = compiledTypes.get(key);
  if (type === undefined) {
    // avsc builds its own long type for `{"type": "long", "logicalType": …}`, bypassing the registry, so such
    // longs are reduced to plain `long` for decoding (the file header keeps the original schema).
    type = avro.Type.forSchema(plainLongs(schema) as avro.Schema, {
      wrapUnions: false,
      registry: { long: options.bigintLongs ? BigIntLongType : SafeLongType },
    });
    if (!cacheCompiledTypes) return type;
    if (compiledTypes.size >= MAX_COMPILED_TYPES) compiledTypes.clear();
    compiledTypes.set(key, type);
  }
  return type;
}

function plainLongs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(plainLongs);
  if (schema === null || typeof schema !== 'object') return schema;
  const o = schema as Record<string, unknown>;
  // A long *type* object ({"type": "long", "logicalType": …}); a record *field* {"name": …, "type": "long"} is kept.
  if (o['type'] === 'long' && !('name' in o)) return 'long';
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plainLongs(v)]));
}

export interface WriteOptions extends AvroTypeOptions {
  /** Avro codec: null, deflate, snappy or zstd (written as `zstandard`). */
  readonly codec: string;
  /** Source of the 16-byte sync marker (same seed, same file). */
  readonly random: Random;
  /** Uncompressed record bytes after which a block ends (default 64,000, as Java's Avro). */
  readonly blockSize?: number;
  /** @deprecated Use `blockSize`. */
  readonly blockBytes?: number;
  /** zstd level when `codec` is zstd (default 1: Paimon's `file.compression.zstd-level`). */
  readonly zstdLevel?: number;
}

/**
 * Records made from immutable values, with their encodings kept per value: a manifest list is rewritten at
 * every commit with mostly the same manifests (`ManifestFileMeta`s shared through the decoded-file cache), so
 * each is encoded once. `memo` belongs to one schema and one set of type options.
 */
export interface MemoizedRecords<T extends object> {
  readonly values: readonly T[];
  readonly toRecord: (value: T) => unknown;
  readonly memo: WeakMap<T, Uint8Array>;
}

export function writeAvroContainer<T extends object>(
  schema: object,
  records: readonly unknown[] | MemoizedRecords<T>,
  options: WriteOptions,
): Uint8Array {
  const { text: schemaJson, bytes: schemaBytes } = schemaText(schema);
  const type = compiledType(schemaJson, schema, options);
  const codec: CompressionCodec =
    options.zstdLevel !== undefined && getCompressionCodec(options.codec).name === 'zstandard'
      ? zstdCodec(options.zstdLevel)
      : getCompressionCodec(options.codec);
  const sync = nextBytes(options.random, SYNC_SIZE);
  const parts: Uint8Array[] = [MAGIC];
  const meta = new Map<string, Uint8Array>([
    ['avro.schema', schemaBytes],
    ['avro.codec', Buffer.from(codec.name)],
  ]);
  parts.push(encodeLong(BigInt(meta.size)));
  for (const [key, value] of meta) {
    const k = Buffer.from(key);
    parts.push(encodeLong(BigInt(k.length)), k, encodeLong(BigInt(value.length)), value);
  }
  parts.push(encodeLong(0n), sync);

  const limit = options.blockSize ?? options.blockBytes ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isSafeInteger(limit) || limit <= 0) throw new RangeError(`blockSize ${limit} must be positive`);
  // Records are encoded one after the other into one scratch buffer (avsc's `toBuffer` allocates a buffer per
  // record, then the block was concatenated): same bytes, no garbage per record.
  let count = 0;
  let pos = 0;
  const flush = () => {
    if (count === 0) return;
    const block = scratch.subarray(0, pos);
    let data = codec.compress(block);
    if (data.buffer === scratch.buffer) data = Uint8Array.from(data); // `null` codec: the scratch is reused
    parts.push(encodeLong(BigInt(count)), encodeLong(BigInt(data.length)), data, sync);
    count = 0;
    pos = 0;
  };
  const encode = (record: unknown) => {
    let end = type.encode(record, scratch, pos);
    if (end < 0) {
      // avsc returns minus the bytes missing; grow and encode the record again.
      growScratch(scratch.length - end);
      end = type.encode(record, scratch, pos);
    }
    return end;
  };
  const memoized = Array.isArray(records) ? undefined : (records as MemoizedRecords<T>);
  const total = memoized ? memoized.values.length : (records as readonly unknown[]).length;
  for (let i = 0; i < total; i++) {
    if (memoized) {
      const value = memoized.values[i]!;
      const known = memoized.memo.get(value);
      if (known) {
        if (pos + known.length > scratch.length) growScratch(pos + known.length);
        scratch.set(known, pos);
        pos += known.length;
      } else {
        const end = encode(memoized.toRecord(value));
        // a copy: Buffer#slice would be a view of the scratch, overwritten by the next records
        memoized.memo.set(value, new Uint8Array(scratch.subarray(pos, end)));
        pos = end;
      }
    } else pos = encode((records as readonly unknown[])[i]);
    count++;
    if (pos >= limit) flush();
  }
  flush();
  return new Uint8Array(Buffer.concat(parts));
}

/** The scratch buffer records are encoded into; grows to the largest block written. */
let scratch = Buffer.alloc(64 * 1024);

function growScratch(needed: number): void {
  const grown = Buffer.alloc(Math.max(needed, scratch.length * 2));
  scratch.copy(grown);
  scratch = grown;
}

/** `JSON.stringify` of a schema object and its UTF-8, once per object (the manifest schemas are constants). */
const schemaTexts = new WeakMap<object, { text: string; bytes: Uint8Array }>();

function schemaText(schema: object): { text: string; bytes: Uint8Array } {
  let known = schemaTexts.get(schema);
  if (known === undefined) {
    const text = JSON.stringify(schema);
    known = { text, bytes: Buffer.from(text) };
    schemaTexts.set(schema, known);
  }
  return known;
}

export interface AvroContainer {
  /** The writer schema from the file header. */
  readonly schema: object;
  readonly codec: string;
  readonly records: unknown[];
}

/** Reads a container with its own (writer) schema; bad bytes give a CorruptFileError naming `path`. */
export function readAvroContainer(
  bytes: Uint8Array,
  path: string,
  options: AvroTypeOptions = {},
): AvroContainer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (detail: string, cause?: unknown): never => {
    throw new CorruptFileError(
      path,
      'an Avro object container file',
      detail,
      cause === undefined ? undefined : { cause },
    );
  };
  if (buf.length < MAGIC.length + SYNC_SIZE || !buf.subarray(0, 4).equals(MAGIC))
    fail('bad magic bytes (not an Avro file)');
  const reader = { pos: 4 };
  const meta = new Map<string, Buffer>();
  try {
    for (let count = readLong(buf, reader); count !== 0n; count = readLong(buf, reader)) {
      for (let i = 0n; i < (count < 0n ? -count : count); i++) {
        if (count < 0n) readLong(buf, reader); // block byte size, unused
        const key = readBytes(buf, reader).toString('utf8');
        meta.set(key, readBytes(buf, reader));
      }
    }
  } catch (e) {
    fail('truncated header', e);
  }
  const schemaText = meta.get('avro.schema');
  if (!schemaText) return fail("header has no 'avro.schema'");
  let schema: object;
  let type: avro.Type;
  try {
    const text = schemaText.toString('utf8');
    schema = JSON.parse(text) as object;
    type = compiledType(text, schema, options);
  } catch (e) {
    return fail(`invalid writer schema: ${(e as Error).message}`, e);
  }
  const codecName = meta.get('avro.codec')?.toString('utf8') ?? 'null';
  let codec: ReturnType<typeof getCompressionCodec>;
  try {
    codec = getCompressionCodec(codecName);
  } catch (e) {
    return fail((e as Error).message, e);
  }
  if (reader.pos + SYNC_SIZE > buf.length) fail('truncated header: no sync marker');
  const sync = buf.subarray(reader.pos, reader.pos + SYNC_SIZE);
  reader.pos += SYNC_SIZE;
  const records: unknown[] = [];
  while (reader.pos < buf.length) {
    const blockStart = reader.pos;
    let count: bigint;
    let data: Buffer;
    try {
      count = readLong(buf, reader);
      data = readBytes(buf, reader);
    } catch (e) {
      return fail(`truncated block at byte ${blockStart}`, e);
    }
    if (count < 0n || count > BigInt(buf.length)) fail(`block at byte ${blockStart} claims ${count} records`);
    if (
      reader.pos + SYNC_SIZE > buf.length ||
      !buf.subarray(reader.pos, reader.pos + SYNC_SIZE).equals(sync)
    ) {
      fail(`block at byte ${blockStart} does not end with the file's sync marker`);
    }
    reader.pos += SYNC_SIZE;
    let block: Buffer;
    try {
      const raw = codec.decompress(data);
      block = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    } catch (e) {
      return fail(`cannot ${codecName}-decompress block at byte ${blockStart}: ${(e as Error).message}`, e);
    }
    let offset = 0;
    for (let i = 0n; i < count; i++) {
      let decoded: { value: unknown; offset: number };
      try {
        // Bounds first: avsc would build a corrupt count's worth of items before noticing (record-bounds.ts).
        checkValueBounds(type, block, offset);
        decoded = type.decode(block, offset);
      } catch (e) {
        return fail(`record ${records.length} does not match the writer schema: ${(e as Error).message}`, e);
      }
      if (decoded.offset < 0) fail(`block at byte ${blockStart} ends inside record ${records.length}`);
      records.push(decoded.value);
      offset = decoded.offset;
    }
    if (offset !== block.length) {
      fail(`block at byte ${blockStart} has ${block.length - offset} bytes after its ${count} records`);
    }
  }
  return { schema, codec: codecName, records };
}

function encodeLong(n: bigint): Uint8Array {
  let z = (n << 1n) ^ (n >> 63n); // zig-zag
  const out: number[] = [];
  do {
    let byte = Number(z & 0x7fn);
    z >>= 7n;
    if (z !== 0n) byte |= 0x80;
    out.push(byte);
  } while (z !== 0n);
  return Uint8Array.from(out);
}

function readLong(buf: Buffer, reader: { pos: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (reader.pos >= buf.length) throw new RangeError('unexpected end of data');
    const byte = buf[reader.pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7n;
    if (shift > 63n) throw new RangeError('varint too long');
  }
  return (result >> 1n) ^ -(result & 1n);
}

function readBytes(buf: Buffer, reader: { pos: number }): Buffer {
  const length = Number(readLong(buf, reader));
  if (length < 0 || reader.pos + length > buf.length) throw new RangeError('byte string runs past the end');
  const out = buf.subarray(reader.pos, reader.pos + length);
  reader.pos += length;
  return out;
}
