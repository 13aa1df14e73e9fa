import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CommitConflictError, CorruptFileError, InvalidOptionError } from '../../../src/storage/errors.js';
import { getFileFormat } from '../../../src/storage/format/registry.js';
import { decodeBinaryRow } from '../../../src/storage/spec/binary-row.js';
import { readIndexManifest, writeIndexManifest } from '../../../src/storage/spec/index-manifest.js';
import { keyValueRowType } from '../../../src/storage/spec/key-value.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { TableRead } from '../../../src/storage/table/table-read.js';
import { createTable, memoryCatalog, sorted } from '../table/helpers.js';

const FIELDS = [
  { name: 'id', type: 'BIGINT NOT NULL' },
  { name: 'name', type: 'STRING' },
  { name: 'qty', type: 'INT' },
];

function pkTable(options: Record<string, string> = {}, partitioned = false) {
  const { catalog, io, clock } = memoryCatalog();
  const table = createTable(catalog, {
    fields: partitioned ? [...FIELDS, { name: 'dt', type: 'STRING NOT NULL' }] : FIELDS,
    primaryKeys: partitioned ? ['id', 'dt'] : ['id'],
    partitionKeys: partitioned ? ['dt'] : [],
    options: { bucket: '2', ...options },
  });
  return { catalog, io, clock, table };
}

const r = (id: number, name: string | null, qty: number | null): Row => ({ id: BigInt(id), name, qty });

/** Stream-writes batches, one commit each (identifier 1, 2, …); returns the writer for more. */
function streamCommits(
  table: FileStoreTable,
  batches: { kind?: '+I' | '-U' | '+U' | '-D'; rows: Row[] }[][],
) {
  const builder = table.newStreamWriteBuilder();
  const write = builder.newWrite();
  const commit = builder.newCommit();
  let id = 0n;
  for (const batch of batches) {
    for (const part of batch) write.write(part.rows, part.kind ?? '+I');
    commit.commit(++id, write.prepareCommit(id));
  }
  return { write, commit, next: () => ++id };
}

const read = (t: FileStoreTable) => sorted(t.newReadBuilder().readRows());

describe('primary-key table: deduplicate', () => {
  it('keeps the last row per key across commits and drops deleted keys', () => {
    const { table } = pkTable();
    streamCommits(table, [
      [{ rows: [r(1, 'a', 1), r(2, 'b', 2), r(1, 'a2', 3)] }],
      [{ rows: [r(2, 'b2', 4), r(3, 'c', 5)] }],
      [{ kind: '-D', rows: [r(3, 'c', 5)] }],
    ]);
    expect(read(table)).toEqual([r(1, 'a2', 3), r(2, 'b2', 4)]);
  });

  it('writes Paimon key-value files: _KEY_ columns, sequence numbers, value kinds, key stats', () => {
    const { table, io } = pkTable({ bucket: '1' });
    streamCommits(table, [
      [{ rows: [r(5, 'e', 1), r(2, 'b', 2), r(5, 'e2', 3)] }],
      [{ kind: '-D', rows: [r(2, 'b', 0)] }],
    ]);
    const entries = table.newReadBuilder().plan();
    expect(entries).toHaveLength(2);
    const [first, second] = entries.map((e) => e.file);
    expect(first!.level).toBe(0);
    expect(first!.rowCount).toBe(2); // key 5 merged in the write buffer
    expect(first!.minSequenceNumber).toBe(1); // (2, b) took 1; (5, e2) took 2; (5, e) 0 was merged away
    expect(first!.maxSequenceNumber).toBe(2);
    expect(decodeBinaryRow([{ root: 'BIGINT', nullable: false }], first!.minKey)).toEqual([2n]);
    expect(decodeBinaryRow([{ root: 'BIGINT', nullable: false }], first!.maxKey)).toEqual([5n]);
    expect(first!.deleteRowCount).toBe(0);
    expect(second!.minSequenceNumber).toBe(3); // continues from the bucket
    expect(second!.deleteRowCount).toBe(1);
    const path = new TableRead(table).dataFilePath(entries[0]!);
    const type = keyValueRowType(table.rowType.fields, ['id']);
    expect(type.fields.map((f) => [f.id, f.name])).toEqual([
      [1073741823, '_KEY_id'],
      [2147483646, '_SEQUENCE_NUMBER'],
      [2147483645, '_VALUE_KIND'],
      [0, 'id'],
      [1, 'name'],
      [2, 'qty'],
    ]);
    const rows = getFileFormat('parquet').read(io.readFile(path), type, path);
    expect(rows).toEqual([
      { _KEY_id: 2n, _SEQUENCE_NUMBER: 1n, _VALUE_KIND: 0, id: 2n, name: 'b', qty: 2 },
      { _KEY_id: 5n, _SEQUENCE_NUMBER: 2n, _VALUE_KIND: 0, id: 5n, name: 'e2', qty: 3 },
    ]);
  });

  it('orders by sequence.field before the sequence number', () => {
    const { table } = pkTable({ 'sequence.field': 'qty' });
    streamCommits(table, [[{ rows: [r(1, 'new', 9)] }], [{ rows: [r(1, 'late-but-old', 3)] }]]);
    expect(read(table)).toEqual([r(1, 'new', 9)]);
  });

  it.each(['true', 'TRUE', ' True '])(
    'ignore-delete = %j drops -D rows (booleans read in any case)',
    (flag) => {
      const { table } = pkTable({ 'ignore-delete': flag });
      streamCommits(table, [[{ rows: [r(1, 'a', 1)] }], [{ kind: '-D', rows: [r(1, 'a', 1)] }]]);
      expect(read(table)).toEqual([r(1, 'a', 1)]);
    },
  );

  it('takes row kinds from rowkind.field', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, {
      fields: [...FIELDS, { name: 'op', type: 'STRING' }],
      primaryKeys: ['id'],
      options: { bucket: '1', 'rowkind.field': 'op' },
    });
    streamCommits(table, [
      [
        {
          rows: [
            { ...r(1, 'a', 1), op: '+I' },
            { ...r(2, 'b', 1), op: '+I' },
          ],
        },
      ],
      [{ rows: [{ ...r(1, 'a', 1), op: '-D' }] }],
    ]);
    expect(read(table)).toEqual([{ ...r(2, 'b', 1), op: '+I' }]);
    expect(() => streamCommits(table, [[{ rows: [{ ...r(1, 'a', 1), op: 'X' }] }]])).toThrow(
      "Column 'op' ('rowkind.field') of table 'db.t': unknown row kind 'X' (expected one of +I, -U, +U, -D)",
    );
  });
});

describe('primary-key table: merge engines', () => {
  it('partial-update fills non-null fields and refuses deletes by default', () => {
    const { table } = pkTable({ 'merge-engine': 'partial-update' });
    streamCommits(table, [[{ rows: [r(1, 'a', null)] }], [{ rows: [r(1, null, 7)] }]]);
    expect(read(table)).toEqual([r(1, 'a', 7)]);
    streamCommits(table, [[{ kind: '-D', rows: [r(1, null, null)] }]]);
    expect(() => read(table)).toThrow('By default, Partial update can not accept delete records');
  });

  it('partial-update.remove-record-on-delete removes the row', () => {
    const { table } = pkTable({
      'merge-engine': 'partial-update',
      'partial-update.remove-record-on-delete': 'true',
    });
    streamCommits(table, [
      [{ rows: [r(1, 'a', 1), r(2, 'b', 2)] }],
      [{ kind: '-D', rows: [r(1, null, null)] }],
    ]);
    expect(read(table)).toEqual([r(2, 'b', 2)]);
  });

  it('aggregation sums, takes max and retracts sums on -U', () => {
    const { table } = pkTable({
      'merge-engine': 'aggregation',
      'fields.qty.aggregate-function': 'sum',
      'fields.name.aggregate-function': 'max',
    });
    streamCommits(table, [[{ rows: [r(1, 'a', 1), r(1, 'c', 2)] }], [{ rows: [r(1, 'b', 10)] }]]);
    expect(read(table)).toEqual([r(1, 'c', 13)]);
    const { table: t2 } = pkTable({ 'merge-engine': 'aggregation', 'fields.qty.aggregate-function': 'sum' });
    streamCommits(t2, [[{ rows: [r(1, 'a', 5)] }], [{ kind: '-U', rows: [r(1, null, 2)] }]]);
    expect(read(t2)).toEqual([r(1, 'a', 3)]);
  });

  it('aggregation listagg joins non-blank values with fields.<f>.list-agg-delimiter', () => {
    const { table } = pkTable({
      'merge-engine': 'aggregation',
      'fields.name.aggregate-function': 'listagg',
      'fields.name.list-agg-delimiter': '|',
      'fields.qty.aggregate-function': 'first_not_null_value',
    });
    streamCommits(table, [
      [{ rows: [r(1, 'a', null), r(1, ' ', 4)] }],
      [{ rows: [r(1, 'b', 5), r(1, null, 6)] }],
    ]);
    expect(read(table)).toEqual([r(1, 'a|b', 4)]);
  });

  it('aggregation refuses retraction of max with Paimon message', () => {
    const { table } = pkTable({ 'merge-engine': 'aggregation', 'fields.qty.aggregate-function': 'max' });
    streamCommits(table, [[{ rows: [r(1, 'a', 5)] }], [{ kind: '-U', rows: [r(1, null, 2)] }]]);
    expect(() => read(table)).toThrow(
      "Aggregate function 'max' does not support retraction, If you allow this function to ignore retraction messages, you can configure 'fields.${field_name}.ignore-retract'='true'.",
    );
  });

  it('first-row keeps the first row', () => {
    const { table } = pkTable({ 'merge-engine': 'first-row' });
    streamCommits(table, [[{ rows: [r(1, 'first', 1)] }], [{ rows: [r(1, 'second', 2), r(2, 'b', 1)] }]]);
    expect(read(table)).toEqual([r(1, 'first', 1), r(2, 'b', 1)]);
  });
});

describe('primary-key table: LSM compaction', () => {
  it('compacts after num-sorted-run.compaction-trigger runs; the result lands one commit later as COMPACT', () => {
    const { table } = pkTable({ bucket: '1', 'num-sorted-run.compaction-trigger': '3' });
    const { write, commit, next } = streamCommits(table, [
      [{ rows: [r(1, 'a', 1)] }],
      [{ rows: [r(1, 'b', 2)] }],
      [{ rows: [r(2, 'c', 3)] }],
    ]);
    const kinds = () => table.snapshotManager.snapshots().map((s) => `${s.commitIdentifier}:${s.commitKind}`);
    expect(kinds()).toEqual(['1:APPEND', '2:APPEND', '3:APPEND']);
    // the compaction submitted at commit 3 is collected at the next prepareCommit
    const id = next();
    commit.commit(id, write.prepareCommit(id));
    expect(kinds()).toEqual(['1:APPEND', '2:APPEND', '3:APPEND', '4:APPEND', '4:COMPACT']);
    const files = table
      .newReadBuilder()
      .plan()
      .map((e) => e.file);
    expect(files).toHaveLength(1);
    expect(files[0]!.level).toBe(3); // everything compacted to the max level (num-levels = trigger + 1)
    expect(files[0]!.fileSource).toBe(1);
    expect(read(table)).toEqual([r(1, 'b', 2), r(2, 'c', 3)]);
  });

  it('a full compaction drops deletes; with sim.compaction.async=false it lands in the same commit', () => {
    const { table } = pkTable({ bucket: '1', 'sim.compaction.async': 'false' });
    const { write, commit, next } = streamCommits(table, [
      [{ rows: [r(1, 'a', 1), r(2, 'b', 2)] }],
      [{ kind: '-D', rows: [r(1, null, null)] }],
    ]);
    write.compact([], 0);
    const id = next();
    commit.commit(id, write.prepareCommit(id));
    const files = table
      .newReadBuilder()
      .plan()
      .map((e) => e.file);
    expect(files.map((f) => [f.level, f.rowCount, f.deleteRowCount])).toEqual([[5, 1, 0]]);
    expect(read(table)).toEqual([r(2, 'b', 2)]);
  });

  it('batch writes wait for compaction; readers merge every level', () => {
    const { table } = pkTable({ bucket: '1', 'num-sorted-run.compaction-trigger': '2' });
    for (let i = 0; i < 6; i++) {
      const b = table.newBatchWriteBuilder();
      const w = b.newWrite();
      w.write([r(i % 3, `v${i}`, i)]);
      b.newCommit().commit(w.prepareCommit());
    }
    const kinds = table.snapshotManager.snapshots().map((s) => s.commitKind);
    expect(kinds.filter((k) => k === 'COMPACT').length).toBeGreaterThan(0);
    expect(read(table)).toEqual([r(0, 'v3', 3), r(1, 'v4', 4), r(2, 'v5', 5)]);
  });

  it("re-committing a compaction result fails with Paimon's conflict messages", () => {
    const { table } = pkTable({ bucket: '1', 'sim.compaction.async': 'false' });
    const builder = table.newStreamWriteBuilder();
    const write = builder.newWrite();
    write.write([r(1, 'a', 1), r(2, 'b', 2)]);
    builder.newCommit().commit(1n, write.prepareCommit(1n));
    write.write([r(3, 'c', 3)]);
    write.compact([], 0);
    const messages = write.prepareCommit(2n);
    builder.newCommit().commit(2n, messages);
    // Same compaction again (as a restored, already committed checkpoint would): its before-files are gone.
    expect(() =>
      builder.newCommit().commit(
        3n,
        messages.map((m) => ({ ...m, newFiles: [] })),
      ),
    ).toThrow(CommitConflictError);
    // Only the compact-after files again: LSM overlap at the max level.
    const again = messages.map((m) => ({
      ...m,
      newFiles: [],
      compactBefore: [],
      compactAfter: m.compactAfter.map((f) => ({ ...f, fileName: `x-${f.fileName}` })),
    }));
    expect(() => builder.newCommit().commit(4n, again)).toThrow(
      /^LSM conflicts detected! Give up committing\. Conflict files are:\n\{kind=ADD/,
    );
  });

  it('$audit_log shows row kinds, $files shows levels and keys', () => {
    const { catalog, table } = pkTable({ bucket: '1' });
    streamCommits(table, [
      [{ rows: [r(1, 'a', 1), r(2, 'b', 2)] }],
      [
        { kind: '+U', rows: [r(1, 'a2', 1)] },
        { kind: '-D', rows: [r(2, null, null)] },
      ],
    ]);
    const audit = catalog.getSystemTable('db.t$audit_log').readRows();
    expect(sorted(audit)).toEqual(
      sorted([
        { rowkind: '+U', ...r(1, 'a2', 1) },
        { rowkind: '-D', ...r(2, null, null) },
      ]),
    );
    const files = catalog.getSystemTable('db.t$files').readRows();
    expect(files.map((f) => [f.level, f.min_key, f.max_key])).toEqual([
      [0, '[1]', '[2]'],
      [0, '[1]', '[2]'],
    ]);
  });
});

describe('primary-key table: bad input', () => {
  it('refuses unknown merge engines and aggregate functions, and sequence.field with first-row', () => {
    expect(() => pkTable({ 'merge-engine': 'latest' })).toThrow(InvalidOptionError);
    expect(() =>
      pkTable({ 'merge-engine': 'aggregation', 'fields.qty.aggregate-function': 'median' }),
    ).toThrow('Use unsupported aggregation: median or spell aggregate function incorrectly!');
    expect(() => pkTable({ 'merge-engine': 'aggregation', 'fields.name.aggregate-function': 'sum' })).toThrow(
      InvalidOptionError,
    );
    expect(() => pkTable({ 'merge-engine': 'first-row', 'sequence.field': 'qty' })).toThrow(
      'Do not support use sequence field on FIRST_ROW merge engine.',
    );
    expect(() => pkTable({ 'sequence.field': 'nope' })).toThrow(
      "Invalid value 'nope' for option 'sequence.field'",
    );
    // nothing was written for refused tables
    const { catalog } = memoryCatalog();
    expect(() =>
      createTable(catalog, {
        fields: FIELDS,
        primaryKeys: ['id'],
        options: { 'merge-engine': 'aggregation', 'fields.qty.aggregate-function': 'x' },
      }),
    ).toThrow(InvalidOptionError);
    expect(catalog.tableExists('db.t')).toBe(false);
  });

  it('refuses null primary keys and keys that are not columns', () => {
    const { table, catalog } = pkTable();
    const w = table.newBatchWriteBuilder().newWrite();
    expect(() => w.write([{ id: null, name: 'x', qty: 1 }])).toThrow(
      'Cannot write null to non-null column(id)',
    );
    expect(() =>
      createTable(catalog, { fields: FIELDS, primaryKeys: ['nope'], options: { bucket: '1' } }, 'db.u'),
    ).toThrow('should include all primary key constraint');
    expect(() =>
      createTable(
        catalog,
        {
          fields: [...FIELDS, { name: 'dt', type: 'STRING' }],
          primaryKeys: ['id'],
          partitionKeys: ['dt'],
          options: { bucket: '1' },
        },
        'db.v',
      ),
    ).toThrow('should include all partition fields');
  });
});

describe('primary-key table: dynamic bucket mode (bucket = -1, the default)', () => {
  function dynamicTable(options: Record<string, string> = {}) {
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, {
      fields: FIELDS,
      primaryKeys: ['id'],
      options: { 'dynamic-bucket.target-row-num': '3', ...options },
    });
    return { catalog, io, table };
  }

  it('fills buckets up to target-row-num keys, writes HASH index files and keeps keys in their bucket', () => {
    const { table } = dynamicTable();
    streamCommits(table, [[{ rows: [0, 1, 2, 3, 4].map((i) => r(i, `v${i}`, i)) }]]);
    const buckets = (t: FileStoreTable) =>
      Object.fromEntries(
        t
          .newReadBuilder()
          .plan()
          .map((e) => [e.bucket, e.totalBuckets]),
      );
    expect(buckets(table)).toEqual({ 0: -1, 1: -1 });
    const snapshot = table.snapshotManager.latestSnapshot()!;
    expect(snapshot.indexManifest).toMatch(/^index-manifest-/);
    // a new writer (restart) loads the index: old keys stay, new keys fill bucket 1 then open bucket 2
    streamCommits(table, [[{ rows: [3, 4, 5, 6, 7].map((i) => r(i, `w${i}`, i)) }]]);
    const perBucket = new Map<number, number>();
    for (const e of table.newReadBuilder().plan())
      perBucket.set(e.bucket, (perBucket.get(e.bucket) ?? 0) + 1);
    expect([...perBucket.keys()].sort()).toEqual([0, 1, 2]);
    expect(read(table)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => r(i, i < 3 ? `v${i}` : `w${i}`, i)));
    // every key lives in exactly one bucket
    const rowsPerKey = new Map<bigint, Set<number>>();
    const t = new TableRead(table);
    for (const e of table.newReadBuilder().plan())
      for (const row of t.read([e])) {
        const set = rowsPerKey.get(row.id as bigint) ?? new Set();
        set.add(e.bucket);
        rowsPerKey.set(row.id as bigint, set);
      }
    for (const set of rowsPerKey.values()) expect(set.size).toBe(1);
  });

  it('refuses a HASH index file whose size differs from its index manifest entry', () => {
    // Found by the storage mutation test: a truncated or extended index file silently moved an existing key
    // to another bucket (two live rows for one key).
    for (const damage of [
      (b: Uint8Array) => b.subarray(0, b.length - 4),
      (b: Uint8Array) => Buffer.concat([b, b.subarray(0, 4)]),
    ]) {
      const { table, io } = dynamicTable();
      streamCommits(table, [[{ rows: [0, 1, 2, 3, 4].map((i) => r(i, `v${i}`, i)) }]]);
      const indexFile = io.allFiles().find((p) => p.includes('/index/index-'))!;
      io.writeFile(indexFile, damage(io.readFile(indexFile)), true);
      expect(() => streamCommits(table, [[{ rows: [r(0, 'again', 0)] }]])).toThrow(CorruptFileError);
      expect(() => streamCommits(table, [[{ rows: [r(0, 'again', 0)] }]])).toThrow(
        new RegExp(
          `Cannot decode a HASH index file from '${indexFile}': it has \\d+ bytes, the index manifest records \\d+`,
        ),
      );
    }
  });

  it('refuses a HASH index file whose hash count differs from its index manifest entry', () => {
    const { table, io } = dynamicTable();
    streamCommits(table, [[{ rows: [0, 1, 2, 3, 4].map((i) => r(i, `v${i}`, i)) }]]);
    const manifest = table.paths.manifestFile(table.snapshotManager.latestSnapshot()!.indexManifest!);
    const entries = readIndexManifest(io.readFile(manifest), manifest);
    const wrong = entries.map((e, i) => (i === 0 ? { ...e, rowCount: e.rowCount + 1 } : e));
    io.writeFile(manifest, writeIndexManifest(wrong, { codec: 'zstd', random: new SeededRandom(1) }), true);
    expect(() => streamCommits(table, [[{ rows: [r(0, 'again', 0)] }]])).toThrow(
      /Cannot decode a HASH index file from '.*': it holds \d+ hashes, the index manifest records \d+/,
    );
  });

  it('refuses bucket-key in dynamic mode with Paimon message, at CREATE TABLE', () => {
    expect(() => dynamicTable({ 'bucket-key': 'id' })).toThrow(
      "Cannot define 'bucket-key' with bucket = -1, please remove the 'bucket-key' setting or specify a bucket number.",
    );
  });
});
