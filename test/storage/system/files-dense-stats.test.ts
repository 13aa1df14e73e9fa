import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { encodeBinaryRow } from '../../../src/storage/spec/binary-row.js';
import type { DataField } from '../../../src/storage/spec/data-types.js';
import { readManifestEntries, writeManifestEntries } from '../../../src/storage/spec/manifest-entry.js';
import { decodeSimpleStats } from '../../../src/storage/spec/simple-stats.js';
import { batchWrite, createTable, memoryCatalog, sorted } from '../table/helpers.js';

/**
 * Paimon Java 1.3 writes value stats densely by default (`metadata.stats-dense-store` = true): a column
 * without stats (a nested column of a Parquet file) is left out and `_VALUE_STATS_COLS` names the others.
 * These tests rewrite a table's manifests that way with the project's own codec and read them back (the
 * table is written with `metadata.stats-dense-store` = false, so the rewrite starts from all-column stats).
 */
function denseTable() {
  const env = memoryCatalog();
  const table = createTable(env.catalog, {
    fields: [
      { name: 'id', type: 'INT' },
      { name: 'tags', type: 'ARRAY<STRING>' },
      { name: 'bin', type: 'BYTES' },
      { name: 'd', type: 'DECIMAL(20, 0)' },
      { name: 'm', type: 'MAP<STRING, INT>' },
      { name: 'p', type: 'STRING' },
    ],
    partitionKeys: ['p'],
    options: { 'metadata.stats-dense-store': 'false' },
  });
  const rows = [
    { id: 1, tags: ['x'], bin: Uint8Array.of(1), d: '12345678901234567890', m: new Map([['k', 1]]), p: 'a' },
    { id: 2, tags: null, bin: null, d: '-5', m: null, p: 'a' },
  ];
  batchWrite(table, rows);
  const fields = table.rowType.fields;
  let rewritten = 0;
  const manifestDir = table.paths.manifestDir;
  for (const status of env.io.list(manifestDir)) {
    const name = status.path.slice(status.path.lastIndexOf('/') + 1);
    if (!name.startsWith('manifest-') || name.startsWith('manifest-list-')) continue;
    const entries = readManifestEntries(env.io.readFile(status.path), status.path).map((e) => {
      const { cols, stats } = densify(fields, e.file.valueStats);
      rewritten++;
      return { ...e, file: { ...e.file, valueStats: stats, valueStatsCols: cols } };
    });
    env.io.writeFile(
      status.path,
      writeManifestEntries(entries, { codec: 'zstd', random: new SeededRandom(7) }),
      true,
    );
  }
  expect(rewritten).toBeGreaterThan(0);
  return { ...env, table, rows };
}

/** Non-dense stats as Java's `toBinaryDenseMode` would have written them: columns with no stats left out. */
function densify(fields: readonly DataField[], all: Parameters<typeof decodeSimpleStats>[1]) {
  const full = decodeSimpleStats(
    fields.map((f) => f.type),
    all,
  );
  const kept = fields.flatMap((_, i) =>
    full.min[i] === null && full.max[i] === null && (full.nullCounts?.[i] ?? null) === null ? [] : [i],
  );
  const types = kept.map((i) => fields[i]!.type);
  return {
    cols: kept.map((i) => fields[i]!.name),
    stats: {
      minValues: encodeBinaryRow(
        types,
        kept.map((i) => full.min[i]),
      ),
      maxValues: encodeBinaryRow(
        types,
        kept.map((i) => full.max[i]),
      ),
      nullCounts: kept.map((i) => full.nullCounts?.[i] ?? null),
    },
  };
}

describe('$files and reads with dense value stats', () => {
  it('$files prints dense stats by field name, the missing columns as null', () => {
    const { catalog } = denseTable();
    const [file] = catalog.getSystemTable('db.t$files').readRows();
    // Nested columns get no stats from a Parquet footer: they are the ones left out.
    expect(file).toMatchObject({
      null_value_counts: '{bin=1, d=0, id=0, m=null, p=0, tags=null}',
      min_value_stats: '{bin=null, d=-5, id=1, m=null, p=a, tags=null}',
      max_value_stats: '{bin=null, d=12345678901234567890, id=2, m=null, p=a, tags=null}',
    });
  });

  it('the table still reads every row', () => {
    const { table, rows } = denseTable();
    expect(sorted(table.newReadBuilder().readRows())).toEqual(sorted(rows));
    expect(table.newReadBuilder().withPartitionFilter({ p: 'a' }).readRows()).toHaveLength(2);
  });

  it.each(['parquet', 'avro'])('wide DECIMAL values commit with exact stats (file.format = %s)', (format) => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, {
      fields: [
        { name: 'a', type: 'DECIMAL(18, 4)' },
        { name: 'b', type: 'DECIMAL(20, 0)' },
      ],
      options: { 'file.format': format },
    });
    batchWrite(table, [
      { a: '-12345678901234.0000', b: '12345678901234567890' },
      { a: '9.5000', b: '99999999999999999' },
    ]);
    const [file] = catalog.getSystemTable('db.t$files').readRows();
    expect(file).toMatchObject({
      min_value_stats: '{a=-12345678901234.0000, b=99999999999999999}',
      max_value_stats: '{a=9.5000, b=12345678901234567890}',
    });
  });

  it('$files shows an old file by the current schema: fields by id, renamed and added ones (SimpleStatsEvolution)', () => {
    const { catalog } = memoryCatalog();
    createTable(catalog, {
      fields: [
        { name: 'k', type: 'INT' },
        { name: 'v', type: 'STRING' },
      ],
    });
    batchWrite(catalog.getTable('db.t'), [
      { k: 1, v: 'x' },
      { k: 2, v: null },
    ]);
    catalog.alterTable('db.t', [
      { kind: 'renameColumn', from: 'v', to: 'a' },
      { kind: 'addColumn', name: 'n', type: 'INT' },
    ]);
    const [file] = catalog.getSystemTable('db.t$files').readRows();
    // A field the file lacks is null in all its rows: null count = row count.
    expect(file).toMatchObject({
      null_value_counts: '{a=1, k=0, n=2}',
      min_value_stats: '{a=x, k=1, n=null}',
      max_value_stats: '{a=x, k=2, n=null}',
    });
  });
});
