import { CorruptFileError } from '../errors.js';
import { MANIFEST_FORMAT_IDENTIFIER } from './manifest-avro.js';
import type { SimpleStats } from './simple-stats.js';

/** Typed access to one decoded Avro record of a manifest, failing with the file and field named. */
export interface RecordReader {
  get(field: string): unknown;
  string(field: string): string;
  number(field: string): number;
  optionalNumber(field: string): number | null;
  bytes(field: string): Uint8Array;
  optionalBytes(field: string): Uint8Array | null;
  optionalStrings(field: string): string[] | null;
  optionalNumbers(field: string): number[] | null;
  /** `_VERSION` must be 2 when present, as Paimon's serializers require ("Unsupported version"). */
  checkVersion(): void;
}

export function manifestRecord(value: unknown, path: string, index: number): RecordReader {
  const fail = (field: string, expected: string): never => {
    throw new CorruptFileError(
      path,
      'a Paimon manifest',
      `record ${index}: field ${field} is not ${expected}`,
    );
  };
  if (value === null || typeof value !== 'object') return fail('(record)', 'a record');
  const record = value as Record<string, unknown>;
  const reader: RecordReader = {
    checkVersion: () => {
      const version = record['_VERSION'];
      if (version !== undefined && version !== MANIFEST_FORMAT_IDENTIFIER) {
        throw new CorruptFileError(
          path,
          'a Paimon manifest',
          `record ${index}: unsupported _VERSION ${String(version)} (Paimon reads ${MANIFEST_FORMAT_IDENTIFIER})`,
        );
      }
    },
    optionalNumbers: (field) => {
      const v = record[field];
      if (v == null) return null;
      if (!Array.isArray(v)) return fail(field, 'an array of numbers');
      return v.map((x) => toNumber(x) ?? fail(field, 'an array of numbers'));
    },
    get: (field) => record[field],
    string: (field) =>
      typeof record[field] === 'string' ? (record[field] as string) : fail(field, 'a string'),
    number: (field) => toNumber(record[field]) ?? fail(field, 'a number'),
    optionalNumber: (field) =>
      record[field] == null ? null : (toNumber(record[field]) ?? fail(field, 'a number')),
    bytes: (field) =>
      record[field] instanceof Uint8Array
        ? new Uint8Array(record[field] as Uint8Array)
        : fail(field, 'bytes'),
    optionalBytes: (field) => (record[field] == null ? null : reader.bytes(field)),
    optionalStrings: (field) => {
      const v = record[field];
      if (v == null) return null;
      return Array.isArray(v) && v.every((s) => typeof s === 'string')
        ? [...v]
        : fail(field, 'an array of strings');
    },
  };
  return reader;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(v);
  return undefined;
}

export function statsToAvro(stats: SimpleStats): object {
  return {
    _MIN_VALUES: Buffer.from(stats.minValues),
    _MAX_VALUES: Buffer.from(stats.maxValues),
    _NULL_COUNTS: stats.nullCounts === null ? null : [...stats.nullCounts],
  };
}

export function statsFromAvro(value: unknown, path: string): SimpleStats {
  const r = manifestRecord(value, path, -1);
  const counts = r.get('_NULL_COUNTS');
  if (counts != null && !Array.isArray(counts))
    throw new CorruptFileError(path, 'a Paimon manifest', '_NULL_COUNTS is not an array');
  return {
    minValues: r.bytes('_MIN_VALUES'),
    maxValues: r.bytes('_MAX_VALUES'),
    nullCounts: counts == null ? null : (counts as unknown[]).map((c) => (c == null ? null : Number(c))),
  };
}
