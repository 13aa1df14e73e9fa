import { CorruptFileError } from '../errors.js';
import type { DataType, RowType } from '../spec/data-types.js';
import { decimalFromUnscaled, decimalToUnscaled, type Row, Timestamp } from '../spec/values.js';
import { UnsupportedTypeError } from './arrow-schema.js';
import { readAvroContainer, writeAvroContainer } from './avro/container.js';
import type { FileFormat, WriteFormatOptions } from './file-format.js';

/**
 * `file.format` = avro: Paimon's Avro data files (`AvroSchemaConverter`): a top-level record
 * `org.apache.paimon.avro.generated.record`, nullable columns as `["null", T]`, DECIMAL as bytes/decimal,
 * DATE as int/date, TIME as int/time-millis, TIMESTAMP as long/timestamp-millis|micros, MAP with string
 * keys as an Avro map and other maps as arrays of key/value records.
 */
export const avroDataFormat: FileFormat = {
  identifier: 'avro',

  write(rowType: RowType, rows: readonly Row[], options: WriteFormatOptions): Uint8Array {
    const schema = {
      type: 'record',
      name: 'record',
      namespace: 'org.apache.paimon.avro.generated',
      fields: fieldsOf(rowType, 'record'),
    };
    const records = rows.map((row) =>
      Object.fromEntries(rowType.fields.map((f) => [f.name, toAvro(f.type, row[f.name] ?? null)])),
    );
    const codec =
      options.compression === 'zstd'
        ? 'zstd'
        : options.compression === 'snappy'
          ? 'snappy'
          : options.compression === 'none'
            ? 'null'
            : 'deflate';
    return writeAvroContainer(schema, records, { codec, random: options.random, bigintLongs: true });
  },

  read(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): Row[] {
    const { records } = readAvroContainer(bytes, path, { bigintLongs: true });
    const names = projection ?? rowType.fields.map((f) => f.name);
    return records.map((record) => {
      if (record === null || typeof record !== 'object')
        throw new CorruptFileError(path, 'an Avro data file', 'a record is not an object');
      const r = record as Record<string, unknown>;
      const row: Row = {};
      for (const name of names) {
        const field = rowType.fields.find((f) => f.name === name);
        if (field) row[name] = fromAvro(field.type, r[name] ?? null);
      }
      return row;
    });
  },
};

function fieldsOf(rowType: RowType, parent: string): object[] {
  return rowType.fields.map((f) => {
    const type = avroTypeOf(f.type, `${parent}_${f.name}`);
    return f.type.nullable ? { name: f.name, type: ['null', type], default: null } : { name: f.name, type };
  });
}

function nullableOf(type: DataType, name: string): unknown {
  const t = avroTypeOf(type, name);
  return type.nullable ? ['null', t] : t;
}

function avroTypeOf(type: DataType, name: string): unknown {
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
      // As Paimon's AvroSchemaConverter: TIMESTAMP -> timestamp-*, TIMESTAMP_LTZ -> local-timestamp-*.
      if (type.precision > 6) {
        throw new UnsupportedTypeError(
          `Avro does not support TIMESTAMP type with precision: ${type.precision}, it only supports precision less than 6.`,
        );
      }
      const local = type.root === 'TIMESTAMP_LTZ' ? 'local-' : '';
      return { type: 'long', logicalType: `${local}timestamp-${type.precision > 3 ? 'micros' : 'millis'}` };
    }
    case 'ARRAY':
      return { type: 'array', items: nullableOf(type.element, name) };
    case 'MAP':
    case 'MULTISET': {
      const key = type.root === 'MAP' ? type.key : type.element;
      const value: DataType = type.root === 'MAP' ? type.value : { root: 'INT', nullable: false };
      if (key.root === 'VARCHAR' || key.root === 'CHAR')
        return { type: 'map', values: nullableOf(value, name) };
      return {
        type: 'array',
        items: {
          type: 'record',
          name: `${name}_entry`,
          fields: [
            { name: 'key', type: avroTypeOf(key, `${name}_key`) },
            { name: 'value', type: nullableOf(value, `${name}_value`) },
          ],
        },
      };
    }
    case 'ROW':
      return { type: 'record', name, fields: fieldsOf(type, name) };
  }
}

function toAvro(type: DataType, v: unknown): unknown {
  if (v === null) return null;
  switch (type.root) {
    case 'BIGINT':
      return v as bigint;
    case 'DECIMAL':
      return twosComplement(decimalToUnscaled(v as string, type.scale));
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.from(v as Uint8Array);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return type.precision > 3 ? (v as Timestamp).toEpochMicros() : BigInt((v as Timestamp).epochMillis);
    case 'ARRAY':
      return (v as unknown[]).map((x) => toAvro(type.element, x));
    case 'MAP':
    case 'MULTISET': {
      const key = type.root === 'MAP' ? type.key : type.element;
      const value: DataType = type.root === 'MAP' ? type.value : { root: 'INT', nullable: false };
      const entries = [...(v as Map<unknown, unknown>)];
      if (key.root === 'VARCHAR' || key.root === 'CHAR')
        return Object.fromEntries(entries.map(([k, x]) => [k, toAvro(value, x)]));
      return entries.map(([k, x]) => ({ key: toAvro(key, k), value: toAvro(value, x) }));
    }
    case 'ROW':
      return Object.fromEntries(type.fields.map((f) => [f.name, toAvro(f.type, (v as Row)[f.name] ?? null)]));
    default:
      return v;
  }
}

function fromAvro(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.root) {
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
      const key = type.root === 'MAP' ? type.key : type.element;
      const value: DataType = type.root === 'MAP' ? type.value : { root: 'INT', nullable: false };
      if (Array.isArray(v))
        return new Map(
          v.map((e: { key: unknown; value: unknown }) => [fromAvro(key, e.key), fromAvro(value, e.value)]),
        );
      return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromAvro(value, x)]));
    }
    case 'ROW':
      return Object.fromEntries(
        type.fields.map((f) => [f.name, fromAvro(f.type, (v as Record<string, unknown>)[f.name])]),
      );
    default:
      return v;
  }
}

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
