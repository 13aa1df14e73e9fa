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

/**
 * A class rather than an object of closures: a commit reads every record of the manifests it merges, and
 * ten closures per record (each named at run time under tsx's keepNames) cost more than the decoding
 * (issue 14).
 */
class ManifestRecordReader implements RecordReader {
  constructor(
    private readonly record: Record<string, unknown>,
    private readonly path: string,
    private readonly index: number,
  ) {}

  private fail(field: string, expected: string): never {
    throw new CorruptFileError(
      this.path,
      'a Paimon manifest',
      `record ${this.index}: field ${field} is not ${expected}`,
    );
  }

  checkVersion(): void {
    const version = this.record['_VERSION'];
    if (version !== undefined && version !== MANIFEST_FORMAT_IDENTIFIER) {
      throw new CorruptFileError(
        this.path,
        'a Paimon manifest',
        `record ${this.index}: unsupported _VERSION ${String(version)} (Paimon reads ${MANIFEST_FORMAT_IDENTIFIER})`,
      );
    }
  }

  optionalNumbers(field: string): number[] | null {
    const v = this.record[field];
    if (v == null) return null;
    if (!Array.isArray(v)) return this.fail(field, 'an array of numbers');
    const out: number[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toNumber(v[i]) ?? this.fail(field, 'an array of numbers');
    return out;
  }

  get(field: string): unknown {
    return this.record[field];
  }

  string(field: string): string {
    const v = this.record[field];
    return typeof v === 'string' ? v : this.fail(field, 'a string');
  }

  number(field: string): number {
    return toNumber(this.record[field]) ?? this.fail(field, 'a number');
  }

  optionalNumber(field: string): number | null {
    const v = this.record[field];
    return v == null ? null : (toNumber(v) ?? this.fail(field, 'a number'));
  }

  bytes(field: string): Uint8Array {
    const v = this.record[field];
    return v instanceof Uint8Array ? new Uint8Array(v) : this.fail(field, 'bytes');
  }

  optionalBytes(field: string): Uint8Array | null {
    return this.record[field] == null ? null : this.bytes(field);
  }

  optionalStrings(field: string): string[] | null {
    const v = this.record[field];
    if (v == null) return null;
    return Array.isArray(v) && v.every((s) => typeof s === 'string')
      ? [...v]
      : this.fail(field, 'an array of strings');
  }
}

export function manifestRecord(value: unknown, path: string, index: number): RecordReader {
  if (value === null || typeof value !== 'object')
    throw new CorruptFileError(path, 'a Paimon manifest', `record ${index}: field (record) is not a record`);
  return new ManifestRecordReader(value as Record<string, unknown>, path, index);
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
