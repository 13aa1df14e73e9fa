import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Random, SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { readAvroContainer } from '../../../src/storage/format/avro/container.js';
import { decodeBinaryRow, EMPTY_BINARY_ROW, encodeBinaryRow } from '../../../src/storage/spec/binary-row.js';
import type { DataFileMeta } from '../../../src/storage/spec/data-file-meta.js';
import { parseDataType } from '../../../src/storage/spec/data-types.js';
import { MANIFEST_ENTRY_SCHEMA } from '../../../src/storage/spec/manifest-avro.js';
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

const DIR = join(import.meta.dirname, '../../fixtures/paimon-rust/manifest');
const LIST = 'manifest-list-5c7399a0-46ae-4a5e-9c13-3ab07212cdb6-0';
const MANIFEST = 'manifest-8ded1f09-fcda-489e-9167-582ac0f9f846-0';
const PYPAIMON = join(import.meta.dirname, '../../fixtures/pypaimon/warehouse/db.db');
const EMPTY_ROW = new Uint8Array(12);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

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
    expect(f.valueStatsCols).toBeNull();
    expect(f.extraFiles).toEqual([]);
    expect(f.embeddedIndex).toBeNull();
    expect(hex(entries[0]!.partition)).toBe('00000001' + '0000000000000000' + '0100000000000000');
    expect(hex(f.minKey)).toBe(hex(entries[0]!.partition));
    expect(hex(f.valueStats.minValues)).toBe(
      '00000002' + '0000000000000000' + '3100000000000081' + '0100000000000000',
    );
    expect(f.valueStats.nullCounts).toEqual([1, 2]);
    const g = entries[1]!.file;
    expect([g.fileSize, g.rowCount, g.minSequenceNumber, g.maxSequenceNumber, g.schemaId, g.level]).toEqual([
      ...[10, 100, 1, 100, 0, 1],
    ]);
  });

  it('decode the manifests and lists pypaimon 2.1.0 wrote (zstandard, plain records, _WRITE_COLS_SEQUENCES)', () => {
    const dir = join(PYPAIMON, 'append_t/manifest');
    const lists = readdirSync(dir).filter((f) => f.startsWith('manifest-list-'));
    const metas = lists.flatMap((f) => readManifestFileMetas(readFileSync(join(dir, f)), f));
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) {
      expect(m.fileName).toMatch(/^manifest-[0-9a-f-]+-0$/);
      expect(m.fileSize).toBe(readFileSync(join(dir, m.fileName)).length);
    }
    const names = readdirSync(dir).filter(
      (f) => f.startsWith('manifest-') && !f.startsWith('manifest-list-'),
    );
    const entries = names.flatMap((f) => readManifestEntries(readFileSync(join(dir, f)), f));
    const partitions = new Set(
      entries.map((e) => decodeBinaryRow([parseDataType('STRING')], e.partition)[0]),
    );
    expect(partitions).toEqual(new Set(['x', 'y', 'a b/c=d%e']));
    for (const e of entries) {
      expect([e.bucket, e.totalBuckets, e.file.level, e.file.fileSource, e.file.valueStatsCols]).toEqual([
        0,
        -1,
        0,
        0,
        [],
      ]);
      expect(e.file.fileName).toMatch(/^data-.*\.parquet$/);
      expect(e.file.writeColsSequences).toBeUndefined(); // written as null
    }
  });
});

/** Java Avro's DataFileWriter output (fixtures/java-avro/README.md); the records it holds. */
const JAVA_DIR = join(import.meta.dirname, 'fixtures/java-avro');
const JAVA_RECORDS: ManifestEntry[] = [0, 1, 2].map((i) => {
  const st = {
    minValues: new Uint8Array(Buffer.from('0000000100000000000000000100000000000000', 'hex')),
    maxValues: new Uint8Array(Buffer.from(`0000000100000000000000000${i}00000000000000`, 'hex')),
    nullCounts: i === 2 ? null : [0, null],
  };
  const file: DataFileMeta = {
    fileName: `data-${i}.parquet`,
    fileSize: 1000 + i,
    rowCount: i,
    minKey: EMPTY_ROW,
    maxKey: EMPTY_ROW,
    keyStats: st,
    valueStats: st,
    minSequenceNumber: 0,
    maxSequenceNumber: 100 + i,
    schemaId: 0,
    level: i,
    extraFiles: ['x', 'y'].slice(0, i),
    creationTimeMs: i === 1 ? null : 1_700_000_000_000 + i,
    deleteRowCount: 0,
    embeddedIndex: i === 0 ? Uint8Array.of(0xab, 0xcd) : null,
    fileSource: i === 2 ? null : (i as 0 | 1),
    valueStatsCols: i === 0 ? ['a'] : null,
    externalPath: i === 1 ? 's3://b/k' : null,
    firstRowId: i === 1 ? 42 : null,
    writeCols: null,
    ...(i === 2 ? { writeColsSequences: [5, 6] } : {}),
  };
  return {
    kind: i === 1 ? FileKind.DELETE : FileKind.ADD,
    partition: EMPTY_ROW,
    bucket: i,
    totalBuckets: -1,
    file,
  };
});

describe('manifests written by Java Avro', () => {
  it.each(['null', 'deflate', 'zstd'])(
    'read the %s container Java wrote (zstd: streaming frames)',
    (codec) => {
      const name = `java-manifest-${codec}.avro`;
      expect(readManifestEntries(readFileSync(join(JAVA_DIR, name)), name)).toEqual(JAVA_RECORDS);
    },
  );

  it('write byte for byte what Java DataFileWriter wrote (codec null, its sync marker replayed)', () => {
    const java = readFileSync(join(JAVA_DIR, 'java-manifest-null.avro'));
    const ours = writeManifestEntries(JAVA_RECORDS, { codec: 'null', random: replay(java.subarray(-16)) });
    expect(Buffer.from(ours).toString('hex')).toBe(java.toString('hex'));
  });
});

/** A Random whose first 16 bytes (as `nextBytes` draws them) are `bytes`. */
function replay(bytes: Uint8Array): Random {
  let i = 0;
  return {
    nextUint32: () => {
      const word = new DataView(bytes.buffer, bytes.byteOffset + i, 4).getUint32(0, true);
      i += 4;
      return word;
    },
  };
}

const bytes = fc.uint8Array({ maxLength: 24 });
const stats = fc.record({
  minValues: bytes,
  maxValues: bytes,
  nullCounts: fc.option(fc.array(fc.option(fc.nat(), { nil: null })), { nil: null }),
});
const nullableNat = fc.option(fc.nat(), { nil: null });
// File names in manifests are plain names: the decoder rejects separators and '.'/'..' (spec/file-name.ts).
const plainName = fc.string({ minLength: 1 }).filter((s) => !/[/\\]/.test(s) && s !== '.' && s !== '..');
const externalPath = fc
  .array(plainName, { minLength: 1, maxLength: 4 })
  .map((segments) => `/${segments.join('/')}`);
const file: fc.Arbitrary<DataFileMeta> = fc.record(
  {
    fileName: plainName,
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
    extraFiles: fc.array(plainName),
    creationTimeMs: nullableNat,
    deleteRowCount: nullableNat,
    embeddedIndex: fc.option(bytes, { nil: null }),
    fileSource: fc.constantFrom(0 as const, 1 as const, null),
    valueStatsCols: fc.option(fc.array(fc.string()), { nil: null }),
    externalPath: fc.option(externalPath, { nil: null }),
    firstRowId: nullableNat,
    writeCols: fc.option(fc.array(fc.string()), { nil: null }),
    writeColsSequences: fc.array(fc.nat()),
  },
  {
    requiredKeys: [
      'fileName',
      'fileSize',
      'rowCount',
      'minKey',
      'maxKey',
      'keyStats',
      'valueStats',
      'minSequenceNumber',
      'maxSequenceNumber',
      'schemaId',
      'level',
      'extraFiles',
      'creationTimeMs',
      'deleteRowCount',
      'embeddedIndex',
      'fileSource',
      'valueStatsCols',
      'externalPath',
      'firstRowId',
      'writeCols',
    ],
  },
);
const entry: fc.Arbitrary<ManifestEntry> = fc.record({
  kind: fc.constantFrom(FileKind.ADD, FileKind.DELETE),
  partition: bytes,
  bucket: fc.integer({ min: -2, max: 1000 }),
  totalBuckets: fc.integer({ min: -2, max: 1000 }),
  file,
});
const meta: fc.Arbitrary<ManifestFileMeta> = fc.record({
  fileName: plainName,
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

  it('write the schema Paimon writes: plain record at the top, record names, _VERSION 2, zstandard codec', () => {
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
      { codec: 'zstd', random: new SeededRandom(1) },
    );
    const container = readAvroContainer(encoded, 'm');
    expect(container.codec).toBe('zstandard');
    expect(container.schema).toEqual(MANIFEST_ENTRY_SCHEMA);
    // The header text is the schema's compact JSON, which Java's Schema.toString() also prints for it.
    const header = Buffer.from(encoded).toString('latin1');
    expect(header).toContain(
      '{"type":"record","name":"record","namespace":"org.apache.paimon.avro.generated","fields":[{"name":"_VERSION","type":"int"},{"name":"_KIND","type":"int"},{"name":"_PARTITION","type":"bytes"},{"name":"_BUCKET","type":"int"},{"name":"_TOTAL_BUCKETS","type":"int"},{"name":"_FILE","type":{"type":"record","name":"record__FILE","fields":[{"name":"_FILE_NAME","type":"string"}',
    );
    expect(header).toContain(
      '{"name":"_KEY_STATS","type":{"type":"record","name":"record__FILE__KEY_STATS","fields":[{"name":"_MIN_VALUES","type":"bytes"},{"name":"_MAX_VALUES","type":"bytes"},{"name":"_NULL_COUNTS","type":["null",{"type":"array","items":["null","long"]}],"default":null}]}}',
    );
    expect(header).toContain(
      '{"name":"_CREATION_TIME","type":["null",{"type":"long","logicalType":"timestamp-millis"}],"default":null}',
    );
    expect(header).toContain(
      '{"name":"_WRITE_COLS_SEQUENCES","type":["null",{"type":"array","items":"long"}],"default":null}]}}]}',
    );
    expect(header.indexOf('avro.schema')).toBeLessThan(header.indexOf('avro.codec'));
    expect((container.records[0] as { _VERSION: number })._VERSION).toBe(2);
    const list = readAvroContainer(
      writeManifestFileMetas([], { codec: 'snappy', random: new SeededRandom(1) }),
      'l',
    );
    expect(list.codec).toBe('snappy');
    expect((list.schema as { fields: { name: string }[] }).fields.map((f) => f.name)).toEqual([
      '_VERSION',
      '_FILE_NAME',
      '_FILE_SIZE',
      '_NUM_ADDED_FILES',
      '_NUM_DELETED_FILES',
      '_PARTITION_STATS',
      '_SCHEMA_ID',
      '_MIN_BUCKET',
      '_MAX_BUCKET',
      '_MIN_LEVEL',
      '_MAX_LEVEL',
      '_MIN_ROW_ID',
      '_MAX_ROW_ID',
    ]);
    // same seed, same bytes (the sync marker comes from the injected random)
    expect(writeManifestEntries([], { codec: 'zstd', random: new SeededRandom(5) })).toEqual(
      writeManifestEntries([], { codec: 'zstd', random: new SeededRandom(5) }),
    );
    expect(EMPTY_BINARY_ROW).toEqual(EMPTY_ROW);
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
    // A record with another _VERSION, as Paimon's serializers refuse it
    const v3 = Buffer.from(readFileSync(join(JAVA_DIR, 'java-manifest-null.avro')));
    let at = v3.indexOf(v3.subarray(-16)) + 16 + 1; // after the header's sync marker and the record count (3)
    while (v3[at]! & 0x80) at++; // the block's byte size
    expect(v3[at + 1]).toBe(0x04); // the first record's _VERSION: zig-zag 2
    v3[at + 1] = 0x06;
    expect(() => readManifestEntries(v3, '/t/manifest/m-2')).toThrow(/unsupported _VERSION 3/);
    expect(() => readManifestFileMetas(good, '/t/manifest/m-3')).toThrow(/m-3/);
    // A Java long beyond 2^53 cannot be a DataFileMeta number: the field is named, never rounded
    const huge = {
      ...JAVA_RECORDS[0]!,
      file: { ...JAVA_RECORDS[0]!.file, maxSequenceNumber: (2n ** 60n) as unknown as number },
    };
    const encoded = writeManifestEntries([huge], { codec: 'null', random: new SeededRandom(1) });
    expect(() => readManifestEntries(encoded, 'm')).toThrow(/_MAX_SEQUENCE_NUMBER is not a number/);
  });
});
