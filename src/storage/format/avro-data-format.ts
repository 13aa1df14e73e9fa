import { CorruptFileError, InvalidOptionError, UnsupportedTypeError } from '../errors.js';
import type { DataType, RowType } from '../spec/data-types.js';
import { decimalFromUnscaled, decimalToUnscaled, type Row, Timestamp } from '../spec/values.js';
import { readAvroContainer, writeAvroContainer } from './avro/container.js';
import type { FileFormat, WriteFormatOptions } from './file-format.js';

/**
 * `file.format` = avro: data files as Paimon writes them (`paimon-format/.../avro/AvroSchemaConverter.java`,
 * `AvroFileFormat.java`):
 * - the row type as record `org.apache.paimon.avro.generated.record`, wrapped in `["null", record]` when the
 *   row type is nullable (a table's row type is); a nested ROW field `f` of record `r` is record `r_f`;
 * - every nullable type as `["null", T]`, nullable record fields with `default: null`;
 * - TINYINT/SMALLINT/INT int, BIGINT long, CHAR/VARCHAR string, BINARY/VARBINARY bytes, DECIMAL bytes with
 *   logical type decimal, DATE int/date, TIME(p <= 3) int/time-millis, TIMESTAMP(p <= 6)
 *   long/timestamp-millis|micros, TIMESTAMP_LTZ(p <= 6) long/local-timestamp-millis|micros;
 * - MAP with a CHAR/VARCHAR key as an Avro map; other maps (and MULTISETs) as an array, logical type `map`,
 *   of records `{key, value}` named like the field; a MULTISET's count is a nullable int.
 */
export const avroDataFormat: FileFormat = {
  identifier: 'avro',

  write(rowType: RowType, rows: readonly Row[], options: WriteFormatOptions): Uint8Array {
    const records = rows.map((row) => toAvroRecord(rowType, row));
    return writeAvroContainer(avroDataSchema(rowType), records, {
      codec: avroCodec(options.compression),
      random: options.random,
      bigintLongs: true,
    });
  },

  read(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): Row[] {
    const { records } = readAvroContainer(bytes, path, { bigintLongs: true });
    const names = projection ?? rowType.fields.map((f) => f.name);
    const fields = names.flatMap((name) => rowType.fields.filter((f) => f.name === name));
    return records.map((record) => {
      if (record === null || typeof record !== 'object')
        throw new CorruptFileError(path, 'an Avro data file', 'a record is not an object');
      const r = record as Record<string, unknown>;
      const row: Row = {};
      for (const field of fields) row[field.name] = fromAvro(field.type, r[field.name] ?? null);
      return row;
    });
  },
};

/** Record name of the top-level row (`AvroSchemaConverter.convertToSchema`). */
const ROW_NAME = 'org.apache.paimon.avro.generated.record';

/** `file.compression` → Avro codec, as `AvroFileFormat.createCodecFactory` (`CodecFactory.fromString`). */
const CODECS: Readonly<Record<string, string>> = {
  zstd: 'zstd',
  snappy: 'snappy',
  deflate: 'deflate',
  null: 'null',
  none: 'null',
  uncompressed: 'null',
};

function avroCodec(compression: string): string {
  const codec = CODECS[compression.toLowerCase()];
  if (codec === undefined)
    throw new InvalidOptionError(
      'file.compression',
      compression,
      `an Avro codec: one of ${Object.keys(CODECS).join(', ')}`,
    );
  return codec;
}

/** The Avro schema Paimon writes a data file of `rowType` with. */
export function avroDataSchema(rowType: RowType): object {
  return avroSchema(rowType, ROW_NAME) as object;
}

function avroSchema(type: DataType, name: string): unknown {
  const t = avroBaseSchema(type, name);
  return type.nullable ? ['null', t] : t;
}

function avroBaseSchema(type: DataType, name: string): unknown {
  switch (type.root) {
    case 'BOOLEAN':
      return 'boolean';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return 'int';
    case 'BIGINT':
      return 'long';
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    case 'DECIMAL':
      return { type: 'bytes', logicalType: 'decimal', precision: type.precision, scale: type.scale };
    case 'CHAR':
    case 'VARCHAR':
      return 'string';
    case 'BINARY':
    case 'VARBINARY':
      return 'bytes';
    case 'DATE':
      return { type: 'int', logicalType: 'date' };
    case 'TIME':
      if (type.precision > 3) {
        throw new UnsupportedTypeError(
          `Avro does not support TIME type with precision: ${type.precision}, it only supports precision less than 3.`,
        );
      }
      return { type: 'int', logicalType: 'time-millis' };
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      if (type.precision > 6) {
        throw new UnsupportedTypeError(
          `Avro does not support TIMESTAMP type with precision: ${type.precision}, it only supports precision less than 6.`,
        );
      }
      const local = type.root === 'TIMESTAMP_LTZ' ? 'local-' : '';
      return { type: 'long', logicalType: `${local}timestamp-${type.precision > 3 ? 'micros' : 'millis'}` };
    }
    case 'ARRAY':
      return { type: 'array', items: avroSchema(type.element, name) };
    case 'MAP':
    case 'MULTISET': {
      const { key, value } = avroMapParts(type);
      if (!isArrayMap(key)) return { type: 'map', values: avroSchema(value, name) };
      // Avro maps have string keys only; others are an array of key/value records (Iceberg's layout).
      return {
        type: 'array',
        logicalType: 'map',
        items: {
          type: 'record',
          name,
          fields: [
            { name: 'key', type: fieldType(avroSchema(key, `${name}_key`)) },
            {
              name: 'value',
              type: fieldType(avroSchema(value, `${name}_value`)),
              ...(value.nullable ? { default: null } : {}),
            },
          ],
        },
      };
    }
    case 'ROW':
      return {
        type: 'record',
        name,
        fields: type.fields.map((f) => ({
          name: f.name,
          type: fieldType(avroSchema(f.type, `${name}_${f.name}`)),
          ...(f.type.nullable ? { default: null } : {}),
        })),
      };
  }
}

/**
 * A record field's type. A bare `"long"` is spelled `{"type": "long"}` (the same Avro schema): the container's
 * bigint-long mode rewrites every object whose `type` is `"long"` to `"long"`, which would replace the whole
 * field `{"name": …, "type": "long"}` (container.ts `plainLongs`).
 */
function fieldType(schema: unknown): unknown {
  return schema === 'long' ? { type: 'long' } : schema;
}

/** Key and value of a MAP, or of a MULTISET as Avro sees it: element → nullable INT (`new IntType()`). */
function avroMapParts(type: DataType): { key: DataType; value: DataType } {
  if (type.root === 'MAP') return { key: type.key, value: type.value };
  if (type.root === 'MULTISET') return { key: type.element, value: { root: 'INT', nullable: true } };
  throw new UnsupportedTypeError(`${type.root} is not a MAP or MULTISET`);
}

function isArrayMap(key: DataType): boolean {
  return key.root !== 'VARCHAR' && key.root !== 'CHAR';
}

// ---------------------------------------------------------------------------------------------------------
// Values

function toAvroRecord(rowType: RowType, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of rowType.fields) out[f.name] = toAvro(f.type, row[f.name] ?? null);
  return out;
}

function toAvro(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.root) {
    case 'DECIMAL':
      return twosComplement(decimalToUnscaled(v as string, type.scale));
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.from(
        (v as Uint8Array).buffer,
        (v as Uint8Array).byteOffset,
        (v as Uint8Array).byteLength,
      );
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return type.precision > 3 ? (v as Timestamp).toEpochMicros() : BigInt((v as Timestamp).epochMillis);
    case 'ARRAY':
      return (v as unknown[]).map((x) => toAvro(type.element, x));
    case 'MAP':
    case 'MULTISET': {
      const { key, value } = avroMapParts(type);
      const entries = [...(v as Map<unknown, unknown>)];
      if (!isArrayMap(key)) return Object.fromEntries(entries.map(([k, x]) => [k, toAvro(value, x)]));
      return entries.map(([k, x]) => ({ key: toAvro(key, k), value: toAvro(value, x) }));
    }
    case 'ROW':
      return toAvroRecord(type, v as Row);
    default:
      return v;
  }
}

function fromAvro(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'DATE':
    case 'TIME':
      return Number(v);
    case 'BIGINT':
      return BigInt(v as bigint);
    case 'DECIMAL':
      return decimalFromUnscaled(fromTwosComplement(v as Uint8Array), type.scale);
    case 'BINARY':
    case 'VARBINARY':
      return new Uint8Array(v as Uint8Array);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return type.precision > 3 ? Timestamp.fromEpochMicros(BigInt(v as bigint)) : new Timestamp(Number(v));
    case 'ARRAY':
      return (v as unknown[]).map((x) => fromAvro(type.element, x));
    case 'MAP':
    case 'MULTISET': {
      const { key, value } = avroMapParts(type);
      if (Array.isArray(v))
        return new Map(
          v.map((e: { key: unknown; value: unknown }) => [fromAvro(key, e.key), fromAvro(value, e.value)]),
        );
      return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromAvro(value, x)]));
    }
    case 'ROW': {
      const record = v as Record<string, unknown>;
      const row: Row = {};
      for (const f of type.fields) row[f.name] = fromAvro(f.type, record[f.name]);
      return row;
    }
    default:
      return v;
  }
}

/** Big-endian two's complement, minimal length: how Avro's decimal logical type stores the unscaled value. */
function twosComplement(value: bigint): Buffer {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (!((v === 0n && (bytes[0]! & 0x80) === 0) || (v === -1n && (bytes[0]! & 0x80) !== 0)));
  return Buffer.from(bytes);
}

function fromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  if (bytes[0]! & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
}
