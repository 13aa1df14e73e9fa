import { describe, expect, it } from 'vitest';
import { typeToString } from '../../../src/storage/spec/data-types.js';
import { Timestamp } from '../../../src/storage/spec/values.js';
import { batchWrite, createTable, memoryCatalog } from '../table/helpers.js';

function setup() {
  const env = memoryCatalog();
  const table = createTable(env.catalog, {
    fields: [
      { name: 'k', type: 'INT NOT NULL' },
      { name: 'v', type: 'STRING' },
      { name: 'd', type: 'DATE' },
    ],
    partitionKeys: ['d'],
    options: { bucket: '2', 'bucket-key': 'k' },
  });
  batchWrite(table, [
    { k: 1, v: 'a', d: '2024-01-01' },
    { k: 2, v: null, d: '2024-01-01' },
    { k: 3, v: 'c', d: '2024-01-02' },
  ]);
  env.clock.advance(1000);
  const stream = table.newStreamWriteBuilder().withCommitUser('job');
  const write = stream.newWrite();
  write.write([{ k: 4, v: 'd', d: '2024-01-02' }]);
  stream.newCommit().commit(7n, write.prepareCommit());
  table.tagManager().createTag(table.snapshotManager.snapshot(1), 'first', 3_600_000, false);
  return { ...env, table };
}

describe('system tables', () => {
  it('$snapshots has Paimon 2.0 columns and one row per snapshot', () => {
    const { catalog } = setup();
    const t = catalog.getSystemTable('db.t$snapshots');
    expect(t.rowType.fields.map((f) => `${f.name} ${typeToString(f.type)}`).slice(0, 6)).toEqual([
      'snapshot_id BIGINT NOT NULL',
      'schema_id BIGINT NOT NULL',
      'commit_user STRING NOT NULL',
      'commit_identifier BIGINT NOT NULL',
      'commit_kind STRING NOT NULL',
      'commit_time TIMESTAMP(3) NOT NULL',
    ]);
    const rows = t.readRows();
    expect(
      rows.map((r) => [
        r.snapshot_id,
        r.commit_user === 'job',
        r.commit_identifier,
        r.commit_kind,
        r.total_record_count,
      ]),
    ).toEqual([
      [1n, false, 9223372036854775807n, 'APPEND', 3n],
      [2n, true, 7n, 'APPEND', 4n],
    ]);
    expect(rows[1]!.commit_time).toEqual(new Timestamp(1_700_000_001_000));
    expect(t.readArrow().numRows).toBe(2);
  });

  it('$tags shows retention as Duration text', () => {
    const { catalog } = setup();
    expect(catalog.getSystemTable('db.t$tags').readRows()).toEqual([
      {
        tag_name: 'first',
        snapshot_id: 1n,
        schema_id: 0n,
        commit_time: new Timestamp(1_700_000_000_000),
        record_count: 3n,
        create_time: new Timestamp(1_700_000_001_000),
        time_retained: 'PT1H',
      },
    ]);
  });

  it('$schemas, $options, $manifests', () => {
    const { catalog } = setup();
    const [schema] = catalog.getSystemTable('db.t$schemas').readRows();
    expect(schema).toMatchObject({
      schema_id: 0n,
      partition_keys: '["d"]',
      primary_keys: '[]',
      options: '{"bucket":"2","bucket-key":"k"}',
    });
    expect(JSON.parse(schema!.fields as string)).toEqual([
      { id: 0, name: 'k', type: 'INT NOT NULL' },
      { id: 1, name: 'v', type: 'STRING' },
      { id: 2, name: 'd', type: 'DATE' },
    ]);
    expect(catalog.getSystemTable('db.t$options').readRows()).toEqual([
      { key: 'bucket', value: '2' },
      { key: 'bucket-key', value: 'k' },
    ]);
    const manifests = catalog.getSystemTable('db.t$manifests').readRows();
    expect(manifests.length).toBeGreaterThan(0);
    expect(manifests[0]).toMatchObject({
      min_partition_stats: '{2024-01-01}',
      max_partition_stats: '{2024-01-02}',
    });
  });

  it('$files, $partitions and $audit_log', () => {
    const { catalog } = setup();
    const files = catalog.getSystemTable('db.t$files').readRows();
    expect(files.reduce((n, f) => n + Number(f.record_count), 0)).toBe(4);
    // `FilesTable` prints the stats as a TreeMap: fields in name order.
    const nullCounted = files.find((f) => f.null_value_counts === '{d=0, k=0, v=1}');
    expect(nullCounted).toMatchObject({
      partition: '{2024-01-01}',
      file_format: 'parquet',
      level: 0,
      file_source: 'APPEND',
    });
    const partitions = catalog.getSystemTable('db.t$partitions').readRows();
    expect(partitions.map((p) => [p.partition, p.record_count]).sort()).toEqual([
      ['d=2024-01-01', 2n],
      ['d=2024-01-02', 2n],
    ]);
    const audit = catalog.getSystemTable('db.t$audit_log').readRows();
    expect(audit.every((r) => r.rowkind === '+I')).toBe(true);
    expect(audit).toHaveLength(4);
    expect(() => catalog.getSystemTable('db.t$nope')).toThrow(/Unknown system table '\$?nope'/);
  });
});
