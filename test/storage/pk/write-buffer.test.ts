import { describe, expect, it } from 'vitest';
import { PaimonSimError } from '../../../src/storage/errors.js';
import { parseDataType } from '../../../src/storage/spec/data-types.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { CommitMessage } from '../../../src/storage/table/commit-message.js';
import {
  recordSizeEstimator,
  sortIndexEntrySize,
} from '../../../src/storage/table/pk/write-buffer-memory.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { createTable, memoryCatalog, sorted } from '../table/helpers.js';

/**
 * `write-buffer-size` (Paimon `MergeTreeWriter.write`): a writer whose buffer finds the shared pool full writes
 * its sorted buffer as a level-0 file and goes on; nothing changes for readers.
 */
const FIELDS = [
  { name: 'id', type: 'BIGINT NOT NULL' },
  { name: 'name', type: 'STRING' },
  { name: 'qty', type: 'INT' },
];

function pkTable(options: Record<string, string>) {
  const { catalog } = memoryCatalog();
  return createTable(catalog, { fields: FIELDS, primaryKeys: ['id'], options: { bucket: '1', ...options } });
}

/** n upserts over `keys` keys; names stay within 7 bytes, so every record has the same size. */
const upserts = (n: number, keys: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ id: BigInt(i % keys), name: `n${i % 97}`, qty: i }));

/** One streaming commit of `rows`; returns its messages. */
function commitOnce(table: FileStoreTable, rows: Row[]): CommitMessage[] {
  const builder = table.newStreamWriteBuilder();
  const write = builder.newWrite();
  write.write(rows);
  const messages = write.prepareCommit(1n);
  builder.newCommit().commit(1n, messages);
  write.close();
  return messages;
}

describe('write-buffer-size: a full write buffer flushes level-0 files', () => {
  it("sizes records and index entries as Paimon's sort buffer does", () => {
    // KeyValue row: _KEY_id, _SEQUENCE_NUMBER, _VALUE_KIND, id, name, qty = 6 fields: 8 header + 48 fixed bytes,
    // plus the 4-byte length; a name over 7 bytes adds its 8-byte-aligned variable part.
    const size = recordSizeEstimator(
      [
        { id: 0, name: 'id', type: parseDataType('BIGINT NOT NULL') },
        { id: 1, name: 'name', type: parseDataType('STRING') },
        { id: 2, name: 'qty', type: parseDataType('INT') },
      ],
      ['id'],
    );
    expect(size({ id: 1, name: 'short', qty: 1 })).toBe(60);
    expect(size({ id: 1, name: 'twelve-bytes', qty: 1 })).toBe(76);
    expect(size({ id: 1, name: 'äöü', qty: 1 })).toBe(60); // 6 UTF-8 bytes: in the slot
    expect(size({ id: 1, name: 'äöüä', qty: 1 })).toBe(68); // 8 UTF-8 bytes: one 8-byte word
    // Normalized key: BIGINT key (8 + null byte) and sequence number (8 + 1) = 18 bytes, plus the 8-byte pointer.
    expect(
      sortIndexEntrySize([
        { root: 'BIGINT', nullable: false },
        { root: 'BIGINT', nullable: false },
      ]),
    ).toBe(26);
    // A string key cannot be normalized in full: min(16, 8 × fields).
    expect(
      sortIndexEntrySize([
        { root: 'VARCHAR', nullable: false, length: 10 },
        { root: 'BIGINT', nullable: false },
      ]),
    ).toBe(16);
  });

  it('one commit of many rows writes several level-0 files of what fits in the buffer', () => {
    // 16 pages of 4 kb: records of 60 bytes fill 11 record pages at 750 records (45,000 bytes), whose index
    // entries (26 bytes, 157 a page) take 5 pages; the 751st needs a 12th record page: 17 > 16.
    const table = pkTable({ 'write-buffer-size': '64 kb', 'page-size': '4 kb', 'write-only': 'true' });
    const messages = commitOnce(table, upserts(3000, 5000));
    const files = messages.flatMap((m) => m.newFiles);
    expect(files.map((f) => [f.level, f.rowCount])).toEqual([
      [0, 750],
      [0, 750],
      [0, 750],
      [0, 750],
    ]);
    // Sequence numbers run on across the flushes.
    expect(files.map((f) => [f.minSequenceNumber, f.maxSequenceNumber])).toEqual([
      [0, 749],
      [750, 1499],
      [1500, 2249],
      [2250, 2999],
    ]);
  });

  it('reads the same rows as with the default buffer, with upserts, deletes and compaction', () => {
    const rows = upserts(1600, 200);
    const deletes = rows.filter((r) => Number(r['id']) % 7 === 0).slice(0, 50);
    const write = (table: FileStoreTable) => {
      const builder = table.newBatchWriteBuilder();
      const w = builder.newWrite();
      w.write(rows);
      w.write(deletes, '-D');
      const messages = w.prepareCommit();
      builder.newCommit().commit(messages);
      return messages;
    };
    const lsm = { bucket: '2', 'num-sorted-run.compaction-trigger': '2' };
    const small = pkTable({ 'write-buffer-size': '64 kb', 'page-size': '4 kb', ...lsm });
    const large = pkTable(lsm);
    const smallMessages = write(small);
    const largeMessages = write(large);
    const filesWritten = (ms: CommitMessage[]) => ms.reduce((n, m) => n + m.newFiles.length, 0);
    expect(filesWritten(largeMessages)).toBe(2);
    expect(filesWritten(smallMessages)).toBeGreaterThan(3);
    // The batch write waited for compaction of the many level-0 files.
    expect(smallMessages.some((m) => m.compactAfter.length > 0)).toBe(true);
    const read = (t: FileStoreTable) => sorted(t.newReadBuilder().readRows());
    expect(read(small)).toEqual(read(large));
    expect(read(small)).toHaveLength(200 - new Set(deletes.map((r) => r['id'])).size);
  });

  it('a writer out of pages makes the writer holding the most memory flush first', () => {
    // 2 buckets share 16 pages. Rows of bucket 0 fill most of the pool; when bucket 1 then runs out, bucket 0
    // (the largest other owner) flushes, and bucket 1 keeps its records until the commit.
    const table = pkTable({
      'write-buffer-size': '64 kb',
      'page-size': '4 kb',
      'write-only': 'true',
      bucket: '2',
    });
    const builder = table.newStreamWriteBuilder();
    const write = builder.newWrite();
    const byBucket = (bucket: number, from: number, n: number): Row[] =>
      Array.from({ length: n }, (_, i) => ({ id: BigInt(bucket * 1_000_000 + from + i), name: 'x', qty: i }));
    write.writeToBucket(byBucket(0, 0, 600), 0);
    write.writeToBucket(byBucket(1, 0, 300), 1);
    write.writeToBucket(byBucket(0, 600, 200), 0);
    const messages = write.prepareCommit(1n);
    const counts = messages.sort((a, b) => a.bucket - b.bucket).map((m) => m.newFiles.map((f) => f.rowCount));
    // Bucket 0 holds 600 records in 9 record + 4 index pages; bucket 1, holding 3 pages, finds the pool empty
    // when its 137th record needs a third record page: bucket 0 flushes its 600, bucket 1 goes on to 300
    // (had bucket 1 flushed itself instead: [136, 164]), then bucket 0 buffers 200 more.
    expect(counts).toEqual([[600, 200], [300]]);
  });

  it("refuses a record larger than the buffer and a buffer under 3 pages, with Paimon's messages", () => {
    const tiny = pkTable({ 'write-buffer-size': '12 kb', 'page-size': '4 kb' });
    const w = tiny.newBatchWriteBuilder().newWrite();
    expect(() => w.write([{ id: 1n, name: 'x'.repeat(20_000), qty: 1 }])).toThrow(
      new PaimonSimError('Mem table is too small to hold a single element.'),
    );
    const under = pkTable({ 'write-buffer-size': '8 kb', 'page-size': '4 kb' });
    expect(() =>
      under
        .newBatchWriteBuilder()
        .newWrite()
        .write([{ id: 1n, name: 'x', qty: 1 }]),
    ).toThrow('Write buffer requires a minimum of 3 page memory, please increase write buffer memory size.');
  });
});
