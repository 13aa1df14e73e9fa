import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { readUtf8, utf8 } from '../../../src/common/io/file-io.js';
import { LocalFileIO } from '../../../src/common/io/local-file-io.js';
import { MemoryFileIO } from '../../../src/common/io/memory-file-io.js';
import { SeededRandom } from '../../../src/common/random.js';
import { FileSystemCatalog } from '../../../src/storage/catalog.js';
import { CorruptFileError, PathOutsideRootError, TagError } from '../../../src/storage/errors.js';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import { rollbackToSnapshot, rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';
import { deleteUnderTable, isInside, normalizePath } from '../../../src/storage/meta/contained-path.js';
import { readManifestEntries, writeManifestEntries } from '../../../src/storage/spec/manifest-entry.js';
import { readManifestFileMetas } from '../../../src/storage/spec/manifest-file-meta.js';
import { decodeSnapshot, encodeSnapshot } from '../../../src/storage/spec/snapshot.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { batchWrite } from '../table/helpers.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'paimon-sim-contained-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

/** A table on the real filesystem, so that '..' in a path really resolves outside the table. */
function localTable(options: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tempRoot, 'case-'));
  const clock = new ManualClock(1_700_000_000_000);
  const io = new LocalFileIO(new SeededRandom(1));
  const catalog = new FileSystemCatalog({
    warehouse: join(dir, 'wh'),
    fileIO: io,
    clock,
    random: new SeededRandom(7),
  });
  catalog.createDatabase('db');
  const table = catalog.createTable('db.t', {
    fields: [
      { name: 'k', type: 'INT NOT NULL' },
      { name: 'p', type: 'STRING' },
    ],
    partitionKeys: ['p'],
    options: {
      'write-only': 'true',
      'snapshot.num-retained.min': '1',
      'snapshot.time-retained': '1 ms',
      ...options,
    },
  });
  const commit = (rows: { k: number; p: string }[], overwrite?: Record<string, string>) => {
    clock.advance(60_000);
    batchWrite(table, rows, overwrite);
  };
  return { dir, io, clock, catalog, table, commit };
}

function rewriteSnapshot(table: FileStoreTable, id: number, change: Record<string, string>): void {
  const path = table.paths.snapshotFile(id);
  const snapshot = decodeSnapshot(readUtf8(table.io, path), path);
  table.io.writeFile(path, utf8(encodeSnapshot({ ...snapshot, ...change })), true);
}

describe('metadata never makes expiration touch files outside the table', () => {
  it('a snapshot whose deltaManifestList climbs out of the table is corrupt, and nothing is deleted', () => {
    const { dir, table, commit } = localTable();
    commit([{ k: 1, p: 'a' }]);
    commit([{ k: 2, p: 'a' }]);
    commit([{ k: 3, p: 'a' }]);
    // A valid manifest list outside the table: before the check, expiration read it and deleted it.
    const victim = join(dir, 'victim');
    copyFileSync(table.paths.manifestFile(table.snapshotManager.snapshot(1).deltaManifestList), victim);
    rewriteSnapshot(table, 1, { deltaManifestList: '../../../../victim' });

    const error = catchError(() => expireSnapshots(table));
    expect(error).toBeInstanceOf(CorruptFileError);
    expect((error as CorruptFileError).path).toBe(table.paths.snapshotFile(1));
    expect((error as Error).message).toContain("deltaManifestList '../../../../victim'");
    expect(existsSync(victim)).toBe(true);
    expect(table.snapshotManager.listIds()).toEqual([1, 2, 3]);
  });

  it('a data file whose external path is outside the table stops expiration before it is deleted', () => {
    const { dir, table, commit } = localTable();
    commit([{ k: 1, p: 'a' }]);
    // Point the one data file of snapshot 1 at a file outside the table (decoders accept external paths:
    // they are Paimon's `data-file.external-paths`; only the deletion guard can stop this one).
    const victim = join(dir, 'elsewhere', 'data-victim.parquet');
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(victim, 'precious');
    const snapshot = table.snapshotManager.snapshot(1);
    const [meta] = readManifestFileMetas(
      table.io.readFile(table.paths.manifestFile(snapshot.deltaManifestList)),
      'delta',
    );
    const manifestPath = table.paths.manifestFile(meta!.fileName);
    const entries = readManifestEntries(table.io.readFile(manifestPath), manifestPath).map((e) => ({
      ...e,
      file: { ...e.file, externalPath: victim },
    }));
    table.io.writeFile(
      manifestPath,
      writeManifestEntries(entries, { codec: 'zstd', random: new SeededRandom(1) }),
      true,
    );
    commit([{ k: 2, p: 'a' }], { p: 'a' }); // overwrite: the external file is no longer live
    commit([{ k: 3, p: 'a' }]);

    const error = catchError(() => expireSnapshots(table));
    expect(error).toBeInstanceOf(PathOutsideRootError);
    expect((error as PathOutsideRootError).path).toBe(victim);
    expect((error as PathOutsideRootError).root).toBe(table.paths.root);
    expect(existsSync(victim)).toBe(true);
  });
});

describe('tag names are checked on every path, not only on create', () => {
  it('deleteTagFile, tag, tagExists, renameTag, deleteTag and rollbackToTag refuse names with separators', () => {
    const { dir, table, commit } = localTable();
    commit([{ k: 1, p: 'a' }]);
    const tags = table.tagManager();
    tags.createTagAt('v1');
    // `tag/tag-x` exists as a directory, so `tag-x/../../../victim` resolves to <warehouse>/db.db/victim.
    mkdirSync(join(table.paths.tagDir, 'tag-x'));
    const victim = join(dir, 'wh', 'db.db', 'victim');
    writeFileSync(victim, 'precious');
    const climbing = 'x/../../../victim';
    expect(() => tags.deleteTagFile(climbing)).toThrow(TagError);
    expect(existsSync(victim)).toBe(true);
    for (const bad of [climbing, 'a\\b', 'a\0b', 'é'.repeat(130), '', ' ']) {
      expect(() => tags.tag(bad)).toThrow(TagError);
      expect(() => tags.tagExists(bad)).toThrow(TagError);
      expect(() => tags.deleteTag(bad)).toThrow(TagError);
      expect(() => tags.renameTag(bad, 'v2')).toThrow(TagError);
      expect(() => tags.renameTag('v1', bad)).toThrow(TagError);
      expect(() => tags.createTagAt(bad)).toThrow(TagError);
      expect(() => rollbackToTag(table, bad)).toThrow(TagError);
      expect(() => table.newReadBuilder().withTag(bad).readRows()).toThrow(TagError);
      expect(() => table.copy({ 'scan.tag-name': bad }).newReadBuilder().readRows()).toThrow(TagError);
    }
    // 251 bytes of name + 'tag-' = 255: the longest file name allowed
    const longest = 'a'.repeat(251);
    tags.createTagAt(longest);
    expect(tags.tag(longest).snapshot.id).toBe(1);
    expect(() => tags.createTagAt(`${longest}a`)).toThrow(/too long/);
    expect(tags.tags().map((t) => t.name)).toEqual([longest, 'v1']);
  });
});

describe('tags found on disk are handled by their file, whatever their name', () => {
  it('rollback deletes a later tag whose name a lookup would refuse (written by another tool)', () => {
    const { table, commit } = localTable();
    commit([{ k: 1, p: 'a' }]);
    commit([{ k: 2, p: 'a' }]);
    const tags = table.tagManager();
    tags.createTagAt('v2', 2);
    // '\\' is an ordinary character on POSIX: another writer may have created such a tag file.
    const odd = join(table.paths.tagDir, 'tag-a\\b');
    copyFileSync(join(table.paths.tagDir, 'tag-v2'), odd);
    expect(tags.tags().map((t) => t.name)).toEqual(['a\\b', 'v2']);
    rollbackToSnapshot(table, 1);
    expect(tags.tags()).toEqual([]);
    expect(existsSync(odd)).toBe(false);
  });
});

describe('deleteUnderTable', () => {
  it('normalizes lexically and accepts only paths strictly below the root', () => {
    expect(normalizePath('/w/t/manifest/../../x')).toBe('/w/x');
    expect(normalizePath('/w/../../x')).toBe('/x');
    expect(normalizePath('/w/t/./a//b')).toBe('/w/t/a/b');
    expect(normalizePath('rel/../../x')).toBe('../x');
    expect(isInside('/w/t', '/w/t/bucket-0/f')).toBe(true);
    expect(isInside('/w/t/', '/w/t/a/../b')).toBe(true);
    expect(isInside('/w/t', '/w/t')).toBe(false);
    expect(isInside('/w/t', '/w/t2/f')).toBe(false);
    expect(isInside('/w/t', '/w/t/manifest/../../x')).toBe(false);
    expect(isInside('/w/t', 'oss://bucket/w/t/f')).toBe(false);
    expect(isInside('/w/t', '/w/t/a\0b')).toBe(false);
    expect(isInside('w/t', 'w/t/../t/f')).toBe(true);
    expect(isInside('w/t', '../w/t/f')).toBe(false);
  });

  it('deletes inside the table and throws a typed error, deleting nothing, outside it', () => {
    const io = new MemoryFileIO();
    io.writeFile('/w/t/bucket-0/f', utf8('x'));
    io.writeFile('/w/x', utf8('x'));
    expect(deleteUnderTable(io, '/w/t', '/w/t/bucket-0/f')).toBe(true);
    expect(deleteUnderTable(io, '/w/t', '/w/t/bucket-0/f')).toBe(false);
    expect(() => deleteUnderTable(io, '/w/t', '/w/t/../x')).toThrow(PathOutsideRootError);
    expect(() => deleteUnderTable(io, '/w/t', '/w/x')).toThrow(
      "Refusing to delete '/w/x': it is not inside '/w/t'",
    );
    expect(io.allFiles()).toEqual(['/w/x']);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
