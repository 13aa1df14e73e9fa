/**
 * paimon-sim against real Paimon Java 1.3.1 (the oracle in java/), append tables, both directions, for the
 * pypaimon cases (cases.ts) and the cases only Java can check (java-cases.ts: TIMESTAMP(7..9), DECIMAL(38),
 * LTZ, nested types):
 *  A. paimon-sim writes → Java reads the same rows at every snapshot, the same schema and snapshots, and —
 *     with a predicate on each column — exactly the matching rows (Java prunes files by paimon-sim's value
 *     statistics first: a wrong statistic drops rows).
 *  B. Java writes → paimon-sim reads the same rows at every snapshot, schema and snapshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemCatalog } from '../../src/storage/index.js';
import { parseDataType, typeToString } from '../../src/storage/spec/data-types.js';
import { CASES } from './cases.js';
import { encodeRows, expectedRows, type InteropCase } from './harness.js';
import { JAVA_CASES } from './java-cases.js';
import { JavaOracle } from './java-harness.js';
import { pruningPredicates, simSnapshots, simWriteCase, statsEntries } from './java-model.js';

const root = mkdtempSync(join(tmpdir(), 'paimon-sim-java-rt-'));
let java: JavaOracle;
beforeAll(() => {
  java = JavaOracle.start();
});
afterAll(async () => {
  await java.close();
  rmSync(root, { recursive: true, force: true });
});

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

const ALL = [...CASES, ...JAVA_CASES];

describe.each(ALL)('interop with Paimon Java: $name', (c: InteropCase) => {
  const dir = join(root, c.table.replace('.', '_'));
  const simTable = once(() => simWriteCase(join(dir, 'sim'), c));

  it('A: paimon-sim writes; Java reads the same rows at every snapshot, schema and snapshots', async () => {
    const warehouse = join(dir, 'sim');
    const table = simTable();
    const latest = await java.read(warehouse, c.table);
    expect(latest.rows).toEqual(encodeRows(c.fields, expectedRows(c)));
    // ids as Paimon assigns them (fields of a nested ROW take ids too, right after their column's)
    expect(latest.schema.fields).toEqual(
      table.schema.fields.map((f) => ({ id: f.id, name: f.name, type: typeToString(f.type) })),
    );
    expect(latest.schema.fields.map(({ name, type }) => ({ name, type }))).toEqual(
      c.fields.map((f) => ({ name: f.name, type: typeToString(parseDataType(f.type)) })),
    );
    expect(latest.schema.partitionKeys).toEqual(c.partitionKeys ?? []);
    expect(latest.schema.options).toEqual(c.options ?? {});
    const snapshots = await java.snapshots(warehouse, c.table);
    expect(snapshots).toEqual(simSnapshots(table));
    for (const [i, s] of snapshots.entries()) {
      const old = await java.read(warehouse, c.table, { snapshot: s.id });
      expect(old.rows, `snapshot ${s.id}`).toEqual(encodeRows(c.fields, expectedRows(c, i + 1)));
    }
  });

  it('A: Java filtered scans of the paimon-sim table return exactly the matching rows', async () => {
    const warehouse = join(dir, 'sim');
    simTable();
    const rows = expectedRows(c);
    const all = await java.read(warehouse, c.table);
    const fileCount = all.splits.reduce((n, s) => n + s.files.length, 0);
    const failures: string[] = [];
    let pruned = 0;
    for (const p of pruningPredicates(c, rows)) {
      const got = await java.read(warehouse, c.table, { filter: p.java });
      const want = encodeRows(c.fields, rows.filter(p.test));
      const files = got.splits.reduce((n, s) => n + s.files.length, 0);
      if (files < fileCount) pruned++;
      if (JSON.stringify(got.rows) !== JSON.stringify(want))
        failures.push(`${p.describe}: got ${got.rows.length} rows, want ${want.length}`);
    }
    expect(failures).toEqual([]);
    // the predicates did prune files (so statistics were read and used), whenever there were several files
    if (fileCount > 1) expect(pruned).toBeGreaterThan(0);
  });

  it('B: Java writes; paimon-sim reads the same rows at every snapshot, schema and snapshots', async () => {
    const warehouse = join(dir, 'java');
    await java.writeCase(warehouse, c);
    const table = new FileSystemCatalog({ warehouse }).getTable(c.table);
    expect(encodeRows(c.fields, table.newReadBuilder().readRows())).toEqual(
      encodeRows(c.fields, expectedRows(c)),
    );
    const javaSchema = (await java.read(warehouse, c.table, { projection: [] })).schema;
    expect(table.schema.fields.map((f) => ({ id: f.id, name: f.name, type: typeToString(f.type) }))).toEqual(
      javaSchema.fields,
    );
    expect(javaSchema.fields.map(({ name, type }) => ({ name, type }))).toEqual(
      c.fields.map((f) => ({ name: f.name, type: typeToString(parseDataType(f.type)) })),
    );
    const snapshots = await java.snapshots(warehouse, c.table);
    expect(simSnapshots(table)).toEqual(snapshots);
    expect(snapshots.map((s) => s.commitKind)).toEqual(
      c.commits.map((x) => (x.overwrite === undefined ? 'APPEND' : 'OVERWRITE')),
    );
    for (const [i, s] of snapshots.entries()) {
      expect(
        encodeRows(c.fields, table.newReadBuilder().withSnapshot(s.id).readRows()),
        `snapshot ${s.id}`,
      ).toEqual(encodeRows(c.fields, expectedRows(c, i + 1)));
    }
  });
});

/** The types case under each statistics mode (`metadata.stats-mode`, per-field `fields.<f>.stats-mode`). */
const STATS_MODES: Record<string, string>[] = [
  {},
  { 'metadata.stats-mode': 'none' },
  { 'metadata.stats-mode': 'counts' },
  { 'metadata.stats-mode': 'full' },
  { 'metadata.stats-mode': 'truncate(4)' },
  { 'fields.name.stats-mode': 'none', 'fields.ratio.stats-mode': 'counts' },
];

describe.each(STATS_MODES)('a paimon-sim table with %o', (options) => {
  const c: InteropCase = { ...CASES[0]!, table: 'db.stats_modes', options };
  const tag = Object.entries(options)
    .map(([k, v]) => `${k}-${v}`)
    .join('-')
    .replace(/[^a-z0-9-]/gi, '');
  const simWarehouse = join(root, `stats-sim-${tag}`);
  const simTable = once(() => simWriteCase(simWarehouse, c));

  it('Java filtered scans return exactly the matching rows', async () => {
    simTable();
    const rows = expectedRows(c);
    const failures: string[] = [];
    for (const p of pruningPredicates(c, rows)) {
      const got = await java.read(simWarehouse, c.table, { filter: p.java });
      const want = encodeRows(c.fields, rows.filter(p.test));
      if (JSON.stringify(got.rows) !== JSON.stringify(want))
        failures.push(`${p.describe}: got ${got.rows.length} rows, want ${want.length}`);
    }
    expect(failures).toEqual([]);
  });

  it('has the statistics Java writes for the same rows and options', async () => {
    simTable();
    const javaWarehouse = join(root, `stats-java-${tag}`);
    await java.writeCase(javaWarehouse, c);
    // BYTES statistics print as Java array identities ("[B@1b2c3d") in $files: left out
    const names = c.fields.map((f) => f.name);
    const compared = (n: string) => n !== 'raw';
    const stats = async (warehouse: string) =>
      (await java.system(warehouse, c.table, 'files')).rows
        .sort((a, b) => Number(a['min_sequence_number']) - Number(b['min_sequence_number']))
        .map((r) =>
          ['null_value_counts', 'min_value_stats', 'max_value_stats'].map((k) =>
            statsEntries(r[k], names).filter(([n]) => compared(n)),
          ),
        );
    const fromJava = await stats(javaWarehouse);
    expect(fromJava).toHaveLength(c.commits.length);
    expect(await stats(simWarehouse)).toEqual(fromJava);
    // The manifests themselves: the same covered columns (`_VALUE_STATS_COLS`) and the same stats bytes.
    const manifestStats = (warehouse: string) =>
      new FileSystemCatalog({ warehouse })
        .getTable(c.table)
        .newReadBuilder()
        .plan()
        .sort((a, b) => a.file.minSequenceNumber - b.file.minSequenceNumber)
        .map((e) => ({ cols: e.file.valueStatsCols, stats: e.file.valueStats }));
    expect(manifestStats(simWarehouse)).toEqual(manifestStats(javaWarehouse));
  });
});
