import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError } from '../../../src/storage/errors.js';
import type { DataFileMeta } from '../../../src/storage/spec/data-file-meta.js';
import { fileNameProblem } from '../../../src/storage/spec/file-name.js';
import { readIndexManifest, writeIndexManifest } from '../../../src/storage/spec/index-manifest.js';
import {
  type ManifestEntry,
  readManifestEntries,
  writeManifestEntries,
} from '../../../src/storage/spec/manifest-entry.js';
import {
  type ManifestFileMeta,
  readManifestFileMetas,
  writeManifestFileMetas,
} from '../../../src/storage/spec/manifest-file-meta.js';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from '../../../src/storage/spec/snapshot.js';
import { decodeTag, encodeTag } from '../../../src/storage/spec/tag.js';

const codec = () => ({ codec: 'null', random: new SeededRandom(3) });
const EMPTY_ROW = new Uint8Array(12);
const STATS = { minValues: EMPTY_ROW, maxValues: EMPTY_ROW, nullCounts: [] };

/** Names that would leave the directory they are joined to, or are no name at all. */
const BAD_NAMES = ['../../../../x', 'a/b', '/abs', 'a\\b', '..', '.', '', 'a\0b'];

const SNAPSHOT: Snapshot = {
  version: 3,
  id: 7,
  schemaId: 0,
  baseManifestList: 'manifest-list-a-0',
  deltaManifestList: 'manifest-list-a-1',
  commitUser: 'u',
  commitIdentifier: 1n,
  commitKind: 'APPEND',
  timeMillis: 1,
  totalRecordCount: 0,
  deltaRecordCount: 0,
};

const FILE: DataFileMeta = {
  fileName: 'data-1.parquet',
  fileSize: 1,
  rowCount: 1,
  minKey: EMPTY_ROW,
  maxKey: EMPTY_ROW,
  keyStats: STATS,
  valueStats: STATS,
  minSequenceNumber: 0,
  maxSequenceNumber: 0,
  schemaId: 0,
  level: 0,
  extraFiles: [],
  creationTimeMs: null,
  deleteRowCount: 0,
  embeddedIndex: null,
  fileSource: 0,
  valueStatsCols: null,
  externalPath: null,
  firstRowId: null,
  writeCols: null,
};

const entry = (file: Partial<DataFileMeta>): ManifestEntry => ({
  kind: 0,
  partition: EMPTY_ROW,
  bucket: 0,
  totalBuckets: 1,
  file: { ...FILE, ...file },
});

const META: ManifestFileMeta = {
  fileName: 'manifest-a-0',
  fileSize: 1,
  numAddedFiles: 1,
  numDeletedFiles: 0,
  partitionStats: STATS,
  schemaId: 0,
  minBucket: 0,
  maxBucket: 0,
  minLevel: 0,
  maxLevel: 0,
  minRowId: null,
  maxRowId: null,
};

/** Runs `decode`, expecting a CorruptFileError that names `file` and the offending field. */
function expectCorrupt(decode: () => unknown, file: string, field: string): void {
  let error: unknown;
  try {
    decode();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CorruptFileError);
  expect((error as CorruptFileError).path).toBe(file);
  expect((error as Error).message).toContain(field);
}

describe('file names read from metadata must be plain file names', () => {
  it('fileNameProblem accepts Paimon names and rejects separators, dot names, empty and NUL', () => {
    for (const ok of ['manifest-list-9c1f-0', 'data-1.parquet', 'index-manifest-x-1', 'a..b', 'tag-v1'])
      expect(fileNameProblem(ok)).toBeUndefined();
    for (const bad of BAD_NAMES) expect(fileNameProblem(bad)).toBeDefined();
  });

  it.each([
    'baseManifestList',
    'deltaManifestList',
    'changelogManifestList',
    'indexManifest',
    'statistics',
  ] as const)('snapshot: %s', (field) => {
    for (const bad of BAD_NAMES) {
      const text = encodeSnapshot({ ...SNAPSHOT, [field]: bad });
      expectCorrupt(() => decodeSnapshot(text, '/t/snapshot/snapshot-7'), '/t/snapshot/snapshot-7', field);
    }
  });

  it('tag file: the tagged snapshot names the tag file as corrupt', () => {
    const text = encodeTag({
      snapshot: { ...SNAPSHOT, deltaManifestList: '../../../../x' },
      tagCreateTimeMs: null,
      tagTimeRetainedMs: null,
    });
    expectCorrupt(() => decodeTag(text, '/t/tag/tag-v1'), '/t/tag/tag-v1', 'deltaManifestList');
  });

  it('manifest list: _FILE_NAME', () => {
    for (const bad of BAD_NAMES) {
      const bytes = writeManifestFileMetas([META, { ...META, fileName: bad }], codec());
      expectCorrupt(
        () => readManifestFileMetas(bytes, '/t/manifest/l'),
        '/t/manifest/l',
        'record 1: _FILE_NAME',
      );
    }
  });

  it('manifest: _FILE_NAME and each of _EXTRA_FILES', () => {
    for (const bad of BAD_NAMES) {
      const names = writeManifestEntries([entry({}), entry({ fileName: bad })], codec());
      expectCorrupt(
        () => readManifestEntries(names, '/t/manifest/m'),
        '/t/manifest/m',
        'record 1: _FILE_NAME',
      );
      const extra = writeManifestEntries([entry({ extraFiles: ['ok.index', bad] })], codec());
      expectCorrupt(() => readManifestEntries(extra, '/t/manifest/m'), '/t/manifest/m', '_EXTRA_FILES[1]');
    }
  });

  it("manifest: _EXTERNAL_PATH may be any path or URI, but without '.'/'..' segments or NUL", () => {
    const fine = entry({ externalPath: 'oss://bucket/ext/bucket-0/data-1.parquet' });
    const bytes = writeManifestEntries([fine], codec());
    expect(readManifestEntries(bytes, '/t/manifest/m')[0]!.file.externalPath).toBe(fine.file.externalPath);
    for (const bad of ['/ext/../../etc/data-1.parquet', '/ext/./data-1.parquet', '/ext/a\0b', '']) {
      const encoded = writeManifestEntries([entry({ externalPath: bad })], codec());
      expectCorrupt(() => readManifestEntries(encoded, '/t/manifest/m'), '/t/manifest/m', '_EXTERNAL_PATH');
    }
  });

  it('index manifest: _FILE_NAME', () => {
    for (const bad of BAD_NAMES) {
      const bytes = writeIndexManifest(
        [
          {
            kind: 0,
            partition: EMPTY_ROW,
            bucket: 0,
            indexType: 'HASH',
            fileName: bad,
            fileSize: 4,
            rowCount: 1,
          },
        ],
        codec(),
      );
      expectCorrupt(() => readIndexManifest(bytes, '/t/manifest/i'), '/t/manifest/i', 'record 0: _FILE_NAME');
    }
  });
});
