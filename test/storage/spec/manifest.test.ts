import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { readAvroContainer } from '../../../src/storage/format/avro/container.js';
import { decodeBinaryRow, encodeBinaryRow } from '../../../src/storage/spec/binary-row.js';
import type { DataFileMeta } from '../../../src/storage/spec/data-file-meta.js';
import { parseDataType } from '../../../src/storage/spec/data-types.js';
import {
  FileKind,
  type ManifestEntry,
  readManifestEntries,
  writeManifestEntries,
} from '../../../src/storage/spec/manifest-entry.js';
import {
  type ManifestFileMeta,
  readManifestFileMetas,
  writeManifestFileMetas,
} from '../../../src/storage/spec/manifest-file-meta.js';
import { decodeSimpleStats } from '../../../src/storage/spec/simple-stats.js';

const DIR = join(import.meta.dirname, '../../../../shared/fixtures/paimon-rust/manifest');
const LIST = 'manifest-list-5c7399a0-46ae-4a5e-9c13-3ab07212cdb6-0';
const MANIFEST = 'manifest-8ded1f09-fcda-489e-9167-582ac0f9f846-0';

describe('golden manifests written by Paimon (snappy)', () => {
  it('decodes the manifest list', () => {
    const metas = readManifestFileMetas(readFileSync(join(DIR, LIST)), LIST);
    expect(
      metas.map((m) => [m.fileName, m.fileSize, m.numAddedFiles, m.numDeletedFiles, m.schemaId, m.minBucket]),
    ).toEqual([
      ['manifest-19d138df-233f-46f7-beb6-fadaf4741c0e', 10, 10, 10, 1, null],
      ['manifest-a703ee48-c411-413e-b84e-c03bdb179631', 11, 0, 10, 2, null],
    ]);
    const stats = decodeSimpleStats(
      [parseDataType('INT'), parseDataType('STRING')],
      metas[0]!.partitionStats,
    );
    expect(stats).toEqual({ min: [1, '1'], max: [1, '1'], nullCounts: [1, 2] });
  });

  it('decodes the manifest entries and their DataFileMeta', () => {
    const entries = readManifestEntries(readFileSync(join(DIR, MANIFEST)), MANIFEST);
    expect(entries.map((e) => [e.kind, e.bucket, e.totalBuckets, e.file.fileName])).toEqual([
      [FileKind.DELETE, 1, 10, 'f1.parquet'],
      [FileKind.ADD, 2, 10, 'f2.parquet'],
    ]);
    const f = entries[0]!.file;
    expect(decodeBinaryRow([parseDataType('INT')], entries[0]!.partition)).toEqual([1]);
    expect([
      f.fileSize,
      f.rowCount,
      f.minSequenceNumber,
      f.maxSequenceNumber,
      f.schemaId,
      f.level,
      f.creationTimeMs,
      f.deleteRowCount,
    ]).toEqual([10, 100, 1, 100, 0, 1, 1725608755039, 0]);
    expect(decodeSimpleStats([parseDataType('STRING'), parseDataType('INT')], f.keyStats)).toEqual({
      min: ['1', 1],
      max: ['1', 1],
      nullCounts: [1, 2],
    });
    expect(f.fileSource).toBeNull(); // older writer: the field did not exist yet
  });
});

const bytes = fc.uint8Array({ maxLength: 24 });
const stats = fc.record({
  minValues: bytes,
  maxValues: bytes,
  nullCounts: fc.option(fc.array(fc.option(fc.nat(), { nil: null })), { nil: null }),
});
const nullableNat = fc.option(fc.nat(), { nil: null });
const file: fc.Arbitrary<DataFileMeta> = fc.record({
  fileName: fc.string({ minLength: 1 }),
  fileSize: fc.nat(),
  rowCount: fc.nat(),
  minKey: bytes,
  maxKey: bytes,
  keyStats: stats,
  valueStats: stats,
  minSequenceNumber: fc.nat(),
  maxSequenceNumber: fc.nat(),
  schemaId: fc.nat(),
  level: fc.nat({ max: 10 }),
  extraFiles: fc.array(fc.string()),
  creationTimeMs: nullableNat,
  deleteRowCount: nullableNat,
  embeddedIndex: fc.option(bytes, { nil: null }),
  fileSource: fc.constantFrom(0 as const, 1 as const, null),
  valueStatsCols: fc.option(fc.array(fc.string()), { nil: null }),
  externalPath: fc.option(fc.string(), { nil: null }),
  firstRowId: nullableNat,
  writeCols: fc.option(fc.array(fc.string()), { nil: null }),
});
const entry: fc.Arbitrary<ManifestEntry> = fc.record({
  kind: fc.constantFrom(FileKind.ADD, FileKind.DELETE),
  partition: bytes,
  bucket: fc.integer({ min: -2, max: 1000 }),
  totalBuckets: fc.integer({ min: -2, max: 1000 }),
  file,
});
const meta: fc.Arbitrary<ManifestFileMeta> = fc.record({
  fileName: fc.string({ minLength: 1 }),
  fileSize: fc.nat(),
  numAddedFiles: fc.nat(),
  numDeletedFiles: fc.nat(),
  partitionStats: stats,
  schemaId: fc.nat(),
  minBucket: nullableNat,
  maxBucket: nullableNat,
  minLevel: nullableNat,
  maxLevel: nullableNat,
  minRowId: nullableNat,
  maxRowId: nullableNat,
});
const codec = fc.constantFrom('zstd', 'snappy', 'deflate', 'null');

describe('manifest codecs', () => {
  it('round-trip generated manifest entries through every codec', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), codec, fc.integer(), (entries, c, seed) => {
        const encoded = writeManifestEntries(entries, { codec: c, random: new SeededRandom(seed) });
        expect(readManifestEntries(encoded, 'm')).toEqual(entries);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('round-trip generated manifest lists through every codec', () => {
    fc.assert(
      fc.property(fc.array(meta, { maxLength: 20 }), codec, (metas, c) => {
        expect(
          readManifestFileMetas(
            writeManifestFileMetas(metas, { codec: c, random: new SeededRandom(1) }),
            'l',
          ),
        ).toEqual(metas);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('write the schema Paimon writes: union with null at the top, record names, _VERSION 2, zstandard codec', () => {
    const partition = encodeBinaryRow([parseDataType('INT')], [7]);
    const encoded = writeManifestEntries(
      [
        {
          kind: 0,
          partition,
          bucket: 0,
          totalBuckets: 1,
          file: fc.sample(file, { seed: 1, numRuns: 1 })[0]!,
        },
      ],
      {
        codec: 'zstd',
        random: new SeededRandom(1),
      },
    );
    const container = readAvroContainer(encoded, 'm');
    expect(container.codec).toBe('zstandard');
    const top = container.schema as [
      string,
      { name: string; namespace: string; fields: { name: string; type: unknown }[] },
    ];
    expect(top[0]).toBe('null');
    expect(top[1].name).toBe('record');
    expect(top[1].namespace).toBe('org.apache.paimon.avro.generated');
    expect(top[1].fields.map((f) => f.name)).toEqual([
      '_VERSION',
      '_KIND',
      '_PARTITION',
      '_BUCKET',
      '_TOTAL_BUCKETS',
      '_FILE',
    ]);
    expect((top[1].fields[5]!.type as { name: string }).name).toBe('record__FILE');
    expect((container.records[0] as { _VERSION: number })._VERSION).toBe(2);
    // same seed, same bytes (the sync marker comes from the injected random)
    expect(writeManifestEntries([], { codec: 'zstd', random: new SeededRandom(5) })).toEqual(
      writeManifestEntries([], { codec: 'zstd', random: new SeededRandom(5) }),
    );
  });

  it('reject corrupt and truncated files with the path named', () => {
    const good = readFileSync(join(DIR, MANIFEST));
    expect(() => readManifestEntries(good.subarray(0, good.length - 20), '/t/manifest/m-1')).toThrow(
      CorruptFileError,
    );
    expect(() => readManifestEntries(good.subarray(0, good.length - 20), '/t/manifest/m-1')).toThrow(/m-1/);
    expect(() => readManifestEntries(Buffer.from('not avro at all, just text'), 'x')).toThrow(/bad magic/);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 30]! ^= 0xff;
    expect(() => readManifestEntries(flipped, 'x')).toThrow(CorruptFileError);
  });
});
