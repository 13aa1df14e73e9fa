import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SchemaValidationError } from '../../../src/storage/errors.js';
import { validateOptions } from '../../../src/storage/options.js';
import { parseDataType } from '../../../src/storage/spec/data-types.js';
import type { ManifestEntry } from '../../../src/storage/spec/manifest-entry.js';
import { decodeSimpleStats, decodeValueStats } from '../../../src/storage/spec/simple-stats.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { batchWrite, createTable, memoryCatalog } from './helpers.js';

/**
 * `metadata.stats-mode`, `fields.<column>.stats-mode` and `metadata.stats-dense-store` as Paimon 1.3.1 writes
 * them (`StatsCollectorFactories`, `…SimpleColStatsCollector`, `SimpleStatsConverter`): what each mode keeps
 * of min, max and null count, which columns `_VALUE_STATS_COLS` lists, and the key stats of primary-key files.
 */

const LONG = 'abcdefghijklmnopqrstu'; // 21 code points
const FIELDS = [
  { name: 'id', type: 'INT' },
  { name: 'name', type: 'STRING' },
  { name: 'tags', type: 'ARRAY<INT>' },
];
const ROWS: Row[] = [
  { id: 3, name: 'abc', tags: [1] },
  { id: 1, name: null, tags: null },
  { id: 2, name: LONG, tags: null },
];

function appendTable(options: Record<string, string>) {
  const { catalog } = memoryCatalog();
  return createTable(catalog, { fields: FIELDS, options });
}

function onlyFile(table: FileStoreTable): ManifestEntry {
  const entries = table.newReadBuilder().plan();
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

/** The file's value stats over all columns, as a reader sees them, plus `_VALUE_STATS_COLS`. */
function valueStats(table: FileStoreTable) {
  const { file } = onlyFile(table);
  const stats = decodeValueStats(table.rowType.fields, file.valueStats, file.valueStatsCols);
  return { cols: file.valueStatsCols, ...stats };
}

// Bounds of `name` per mode: truncate(n) keeps the first n code points of the min and of the max, the max's
// last one incremented ('p' → 'q', 'd' → 'e'); full keeps them exact.
const NAME_BOUNDS = {
  'truncate(16)': ['abc', 'abcdefghijklmnoq'],
  'truncate(4)': ['abc', 'abce'],
  full: ['abc', LONG],
} as const;

describe('metadata.stats-mode on an append table', () => {
  for (const format of ['parquet', 'avro']) {
    // A Parquet footer has no statistics for a nested column (its leaves are `tags.list.element`), so it is
    // left out of dense stats; Avro stats are collected per row and count the nested column's nulls.
    const nestedHasCounts = format === 'avro';

    for (const mode of ['truncate(16)', 'truncate(4)', 'full'] as const) {
      it(`${mode} keeps null counts and ${mode === 'full' ? 'exact' : 'truncated'} bounds (${format})`, () => {
        const options: Record<string, string> = { 'file.format': format };
        if (mode !== 'truncate(16)') options['metadata.stats-mode'] = mode;
        const table = appendTable(options);
        batchWrite(table, ROWS);
        expect(valueStats(table)).toEqual({
          cols: nestedHasCounts ? null : ['id', 'name'],
          min: [1, NAME_BOUNDS[mode][0], null],
          max: [3, NAME_BOUNDS[mode][1], null],
          nullCounts: [0, 1, nestedHasCounts ? 2 : null],
        });
      });
    }

    it(`counts keeps only null counts (${format})`, () => {
      const table = appendTable({ 'file.format': format, 'metadata.stats-mode': 'COUNTS' });
      batchWrite(table, ROWS);
      expect(valueStats(table)).toEqual({
        cols: nestedHasCounts ? null : ['id', 'name'],
        min: [null, null, null],
        max: [null, null, null],
        nullCounts: [0, 1, nestedHasCounts ? 2 : null],
      });
    });

    it(`none keeps nothing: _VALUE_STATS_COLS is empty (${format})`, () => {
      const table = appendTable({ 'file.format': format, 'metadata.stats-mode': 'none' });
      batchWrite(table, ROWS);
      const { file } = onlyFile(table);
      expect(file.valueStatsCols).toEqual([]);
      expect(file.valueStats.nullCounts).toEqual([]);
      expect(valueStats(table)).toMatchObject({
        min: [null, null, null],
        max: [null, null, null],
        nullCounts: [null, null, null],
      });
    });

    it(`fields.<column>.stats-mode overrides the table's mode per column (${format})`, () => {
      const table = appendTable({
        'file.format': format,
        'metadata.stats-mode': 'full',
        'fields.id.stats-mode': 'none',
        'fields.name.stats-mode': 'truncate(4)',
        'fields.tags.stats-mode': 'counts',
      });
      batchWrite(table, ROWS);
      expect(valueStats(table)).toEqual({
        cols: nestedHasCounts ? ['name', 'tags'] : ['name'],
        min: [null, 'abc', null],
        max: [null, 'abce', null],
        nullCounts: [null, 1, nestedHasCounts ? 2 : null],
      });
    });

    it(`metadata.stats-dense-store = false stores every column, none ones as nulls (${format})`, () => {
      const table = appendTable({
        'file.format': format,
        'metadata.stats-dense-store': 'false',
        'fields.name.stats-mode': 'none',
      });
      batchWrite(table, ROWS);
      const { file } = onlyFile(table);
      expect(file.valueStatsCols).toBeNull();
      expect(file.valueStats.nullCounts).toEqual([0, null, nestedHasCounts ? 2 : null]);
      expect(valueStats(table)).toMatchObject({ min: [1, null, null], max: [3, null, null] });
    });
  }
});

describe('stats modes on a primary-key table', () => {
  const KEY = 'k'.repeat(20); // longer than truncate(16)

  function pkTable(options: Record<string, string>) {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, {
      fields: [
        { name: 'name', type: 'STRING' },
        { name: 'v', type: 'INT' },
      ],
      primaryKeys: ['name'],
      options: { bucket: '1', ...options },
    });
    batchWrite(table, [
      { name: KEY, v: 1 },
      { name: 'a', v: null },
    ]);
    const { file } = onlyFile(table);
    return {
      keyStats: decodeSimpleStats([parseDataType('STRING NOT NULL')], file.keyStats),
      cols: file.valueStatsCols,
      values: decodeValueStats(table.rowType.fields, file.valueStats, file.valueStatsCols),
    };
  }

  it('Parquet: the _KEY_ columns are system fields with truncate(128), whatever the table mode', () => {
    const { keyStats, cols, values } = pkTable({ 'metadata.stats-mode': 'none' });
    expect(keyStats).toEqual({ min: ['a'], max: [KEY], nullCounts: [0] });
    expect(cols).toEqual([]);
    expect(values.nullCounts).toEqual([null, null]);
  });

  it("Avro: the _KEY_ columns take the table's mode (none: no key stats at all)", () => {
    const { keyStats, cols } = pkTable({ 'file.format': 'avro', 'metadata.stats-mode': 'none' });
    expect(keyStats).toEqual({ min: [null], max: [null], nullCounts: [null] });
    expect(cols).toEqual([]);
  });

  it("Avro: the _KEY_ columns take the table's mode (truncate(4))", () => {
    const { keyStats, values } = pkTable({ 'file.format': 'avro', 'metadata.stats-mode': 'truncate(4)' });
    expect(keyStats).toEqual({ min: ['a'], max: ['kkkl'], nullCounts: [0] });
    expect(values).toEqual({ min: ['a', 1], max: ['kkkl', 1], nullCounts: [0, 1] });
  });

  it('fields.<column>.stats-mode of a key column sets its value stats, not its _KEY_ stats', () => {
    const { keyStats, cols, values } = pkTable({ 'fields.name.stats-mode': 'counts' });
    expect(keyStats).toEqual({ min: ['a'], max: [KEY], nullCounts: [0] });
    expect(cols).toBeNull();
    expect(values).toEqual({ min: [null, 1], max: [null, 1], nullCounts: [0, 1] });
  });
});

/**
 * What a reader can prune with the stats of each mode. `mayMatch` is Paimon's `LeafPredicate.test(rowCount,
 * min, max, nullCounts)` for one column: unknown bounds (null min or max while not every row is null) keep
 * the file; `= v` drops it when v is outside [min, max] or every row is null; `IS NULL` drops it when the
 * null count is known to be 0.
 */
function mayMatch(
  rowCount: number,
  stats: { min: unknown; max: unknown; nullCount: number | null },
  predicate: { op: 'eq'; value: string } | { op: 'isNull' },
): boolean {
  const { min, max, nullCount } = stats;
  if (predicate.op === 'isNull') return nullCount === null || nullCount > 0;
  if (nullCount !== null && nullCount === rowCount) return false;
  if (min === null || max === null) return true;
  const v = Buffer.from(predicate.value);
  return (
    Buffer.compare(v, Buffer.from(min as string)) >= 0 && Buffer.compare(v, Buffer.from(max as string)) <= 0
  );
}

describe('pruning by the stats each mode writes', () => {
  // Three files (one commit each); `name` of file i is a prefix + suffix, so a truncated max of 4 cannot tell
  // them apart while full bounds can.
  const files: Row[][] = [
    [
      { id: 1, name: 'abcd-1', tags: null },
      { id: 2, name: 'abcd-2', tags: null },
    ],
    [
      { id: 3, name: 'abcd-5', tags: null },
      { id: 4, name: null, tags: null },
    ],
    [{ id: 5, name: 'zzzz-9', tags: null }],
  ];
  const predicates = [
    { op: 'eq', value: 'abcd-1' },
    { op: 'eq', value: 'abcd-5' },
    { op: 'eq', value: 'abcd-3' },
    { op: 'eq', value: 'zzzz-9' },
    { op: 'isNull' },
  ] as const;

  /** For each predicate, the files (by commit order) a reader keeps. */
  function keptFiles(options: Record<string, string>): number[][] {
    const table = appendTable(options);
    for (const rows of files) batchWrite(table, rows);
    const entries = table
      .newReadBuilder()
      .plan()
      .sort((a, b) => a.file.minSequenceNumber - b.file.minSequenceNumber);
    expect(entries).toHaveLength(files.length);
    return predicates.map((p) => {
      const kept = entries.flatMap((e, i) => {
        const s = decodeValueStats(table.rowType.fields, e.file.valueStats, e.file.valueStatsCols);
        const at = 1; // `name`
        const col = { min: s.min[at], max: s.max[at], nullCount: s.nullCounts?.[at] ?? null };
        return mayMatch(e.file.rowCount, col, p) ? [i] : [];
      });
      // Never prune a file that holds a matching row.
      files.forEach((rows, i) => {
        const matches = rows.some((r) => (p.op === 'isNull' ? r.name === null : r.name === p.value));
        if (matches) expect(kept, `${JSON.stringify(p)} keeps file ${i}`).toContain(i);
      });
      return kept;
    });
  }

  it('full prunes by exact bounds and null counts', () => {
    expect(keptFiles({ 'metadata.stats-mode': 'full' })).toEqual([[0], [1], [], [2], [1]]);
  });

  it('truncate(4) prunes only by the truncated bounds', () => {
    // Bounds abcd … abce for files 0 and 1: 'abcd-5' and 'abcd-3' fall in both.
    expect(keptFiles({ 'metadata.stats-mode': 'truncate(4)' })).toEqual([[0, 1], [0, 1], [0, 1], [2], [1]]);
  });

  it('counts prunes only IS NULL', () => {
    expect(keptFiles({ 'metadata.stats-mode': 'counts' })).toEqual([
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2],
      [1],
    ]);
  });

  it('none prunes nothing, also with a per-column none', () => {
    const all = predicates.map(() => [0, 1, 2]);
    expect(keptFiles({ 'metadata.stats-mode': 'none' })).toEqual(all);
    expect(keptFiles({ 'fields.name.stats-mode': 'none' })).toEqual(all);
    expect(keptFiles({ 'fields.name.stats-mode': 'none', 'metadata.stats-dense-store': 'false' })).toEqual(
      all,
    );
  });
});

describe('stats-mode option values', () => {
  it("refuses a bad value naming the option, with Paimon's text", () => {
    expect(() => validateOptions({ 'metadata.stats-mode': 'some' })).toThrow(
      new InvalidOptionError(
        'metadata.stats-mode',
        'some',
        'none, counts, full or truncate(<n>) (Unexpected option: some)',
      ),
    );
    expect(() => validateOptions({ 'fields.name.stats-mode': 'truncate(0)' })).toThrow(
      /'truncate\(0\)' for option 'fields\.name\.stats-mode'.*Truncate length should larger than zero\./,
    );
    expect(() => validateOptions({ 'metadata.stats-mode': 'truncate(2147483648)' })).toThrow(
      /For input string: "2147483648"/,
    );
    // Paimon neither trims nor accepts blanks inside the parentheses.
    for (const bad of [' full', 'truncate( 4)', 'truncate(-1)', 'truncate']) {
      expect(() => validateOptions({ 'metadata.stats-mode': bad })).toThrow(InvalidOptionError);
    }
    expect(() => validateOptions({ 'metadata.stats-dense-store': 'yes' })).toThrow(InvalidOptionError);
    for (const good of ['NONE', 'Counts', 'full', 'TRUNCATE(1)', 'truncate(2147483647)']) {
      expect(() =>
        validateOptions({ 'metadata.stats-mode': good, 'fields.x.stats-mode': good }),
      ).not.toThrow();
    }
  });

  it('refuses a bad value at CREATE TABLE and ALTER TABLE', () => {
    const { catalog } = memoryCatalog();
    expect(() =>
      createTable(catalog, { fields: FIELDS, options: { 'fields.name.stats-mode': 'all' } }),
    ).toThrow(InvalidOptionError);
    createTable(catalog, { fields: FIELDS });
    expect(() =>
      catalog.alterTable('db.t', [{ kind: 'setOption', key: 'metadata.stats-mode', value: 'min' }]),
    ).toThrow(InvalidOptionError);
  });

  it('refuses fields.<column>.stats-mode of a column the table does not have, as SchemaValidation', () => {
    const { catalog } = memoryCatalog();
    expect(() =>
      createTable(catalog, { fields: FIELDS, options: { 'fields.nosuch.stats-mode': 'none' } }),
    ).toThrow(
      new SchemaValidationError('fields.nosuch.stats-mode', 'Field nosuch can not be found in table schema.'),
    );
  });

  it('a table whose mode changes writes new files in the new mode', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { fields: FIELDS });
    batchWrite(table, ROWS);
    catalog.alterTable('db.t', [{ kind: 'setOption', key: 'metadata.stats-mode', value: 'none' }]);
    batchWrite(catalog.getTable('db.t'), ROWS);
    const cols = catalog
      .getTable('db.t')
      .newReadBuilder()
      .plan()
      .map((e) => e.file.valueStatsCols)
      .sort((a, b) => (a?.length ?? 0) - (b?.length ?? 0));
    expect(cols).toEqual([[], ['id', 'name']]);
  });
});
