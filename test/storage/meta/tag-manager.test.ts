import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { MemoryFileIO } from '../../../src/common/io/memory-file-io.js';
import { TagError } from '../../../src/storage/errors.js';
import { TablePaths } from '../../../src/storage/meta/path-factory.js';
import { SnapshotManager } from '../../../src/storage/meta/snapshot-manager.js';
import { TagManager } from '../../../src/storage/meta/tag-manager.js';
import { TableOptions } from '../../../src/storage/options.js';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from '../../../src/storage/spec/snapshot.js';

const RUST = join(import.meta.dirname, '../../fixtures/paimon-rust/snapshot');
const snapshot: Snapshot = decodeSnapshot(readFileSync(join(RUST, 'snapshot-v3.json'), 'utf8'), 'x');

/** A table directory with one snapshot file, and nothing else of a table. */
function bareTable() {
  const io = new MemoryFileIO();
  const paths = new TablePaths('/wh/db.db/t');
  io.writeAtomic(paths.snapshotFile(snapshot.id), new TextEncoder().encode(encodeSnapshot(snapshot)));
  return { io, paths, clock: new ManualClock(Date.UTC(2024, 0, 2)) };
}

describe('TagManager built from FileIO, paths and clock (no table)', () => {
  it('creates, lists, renames and deletes tag files; the creation time comes from the given clock', () => {
    const { io, paths, clock } = bareTable();
    const tags = new TagManager(io, paths, clock);
    tags.createTag(snapshot, 'kept', 60_000, false);
    tags.createTagAt('latest');
    expect(tags.tags().map((t) => [t.name, t.snapshot.id])).toEqual([
      ['kept', snapshot.id],
      ['latest', snapshot.id],
    ]);
    expect(tags.tag('kept')).toMatchObject({ tagCreateTimeMs: clock.nowMs(), tagTimeRetainedMs: 60_000 });
    // No options given: `tag.default-time-retained` has its default (none).
    expect(tags.tag('latest')).toMatchObject({ tagCreateTimeMs: null, tagTimeRetainedMs: null });
    tags.renameTag('latest', 'renamed');
    expect(tags.deleteTag('renamed')).toBe(true);
    expect(io.exists(paths.tagFile('renamed'))).toBe(false);
    expect(() => tags.tag('renamed')).toThrow(new TagError("Tag 'renamed' doesn't exist."));
  });

  it('takes the default retention from the options it is given', () => {
    const { io, paths, clock } = bareTable();
    const options = new TableOptions({ 'tag.default-time-retained': '1 h' });
    const tags = new TagManager(io, paths, clock, { options });
    tags.createTagAt('t');
    expect(tags.tag('t').tagTimeRetainedMs).toBe(3_600_000);
  });

  it("hands a deleted tag's expired snapshot to the tag deletion it is given, with what stays", () => {
    const { io, paths, clock } = bareTable();
    const cleaned: [number, number[]][] = [];
    const tags = new TagManager(io, paths, clock, {
      tagDeletion: (tagged, kept) => cleaned.push([tagged.id, kept.map((s) => s.id)]),
    });
    tags.createTag(snapshot, 'a', null, false);
    tags.createTag(snapshot, 'b', null, false);
    tags.deleteTag('a'); // the snapshot exists: nothing to clean
    io.delete(paths.snapshotFile(snapshot.id));
    expect(new SnapshotManager(io, paths).snapshotExists(snapshot.id)).toBe(false);
    tags.deleteTag('b'); // expired and no other tag holds it: its files go
    expect(cleaned).toEqual([[snapshot.id, []]]);
    expect(tags.tags()).toEqual([]);
  });
});
