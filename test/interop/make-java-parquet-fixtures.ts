/**
 * Writes test/fixtures/paimon-java/parquet: Parquet data files written by real Paimon Java 1.3.1
 * (parquet-java) for the flat Parquet reader's tests (test/storage/format/parquet-flat-reader.test.ts).
 * Run once, on purpose: `npx tsx test/interop/make-java-parquet-fixtures.ts` (needs the oracle jar of
 * java-setup.sh). Each table's data files are copied under stable names with Java's own read-back of
 * the table (the shared JSON encoding of harness.ts) in expected.json.
 *
 * - `dict`: every flat type Paimon Java writes (TIMESTAMP(9) and TIMESTAMP_LTZ(9) as INT96), nulls and
 *   extremes, default options: zstd, dictionary encoding (PLAIN_DICTIONARY pages, page v1).
 * - `plain`: the same schema, 300 rows, `parquet.enable.dictionary` = false, snappy, tiny pages and row
 *   groups (`parquet.page.size`, `parquet.block.size` and their row-check minimums): PLAIN values over many
 *   pages and several row groups.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Row, Timestamp } from '../../src/storage/spec/values.js';
import type { InteropCase, InteropField } from './harness.js';
import { JavaOracle } from './java-harness.js';

const OUT = join(import.meta.dirname, '..', 'fixtures', 'paimon-java', 'parquet');

export const FLAT_FIELDS: InteropField[] = [
  { name: 'b', type: 'BOOLEAN' },
  { name: 'i8', type: 'TINYINT' },
  { name: 'i16', type: 'SMALLINT' },
  { name: 'i32', type: 'INT' },
  { name: 'i64', type: 'BIGINT' },
  { name: 'f32', type: 'FLOAT' },
  { name: 'f64', type: 'DOUBLE' },
  { name: 'dec5', type: 'DECIMAL(5, 2)' },
  { name: 'dec', type: 'DECIMAL(10, 2)' },
  { name: 'wide', type: 'DECIMAL(38, 10)' },
  { name: 'c', type: 'CHAR(3)' },
  { name: 's', type: 'STRING' },
  { name: 'bin', type: 'BINARY(3)' },
  { name: 'vb', type: 'BYTES' },
  { name: 'd', type: 'DATE' },
  { name: 'ts0', type: 'TIMESTAMP(0)' },
  { name: 'ts3', type: 'TIMESTAMP(3)' },
  { name: 'ts6', type: 'TIMESTAMP(6)' },
  { name: 'ts9', type: 'TIMESTAMP(9)' },
  { name: 'ltz3', type: 'TIMESTAMP(3) WITH LOCAL TIME ZONE' },
  { name: 'ltz6', type: 'TIMESTAMP(6) WITH LOCAL TIME ZONE' },
  { name: 'ltz9', type: 'TIMESTAMP(9) WITH LOCAL TIME ZONE' },
];

const EXTREMES: Row = {
  b: true,
  i8: -128,
  i16: 32767,
  i32: -2147483648,
  i64: -9223372036854775808n,
  f32: Math.fround(-3.4e38),
  f64: -2.25e-300,
  dec5: '-999.99',
  dec: '-12345678.90',
  wide: '1234567890123456789012345678.0123456789',
  c: 'abc',
  s: '\uFEFFgrüße 東京 🎉',
  bin: Uint8Array.from([0, 255, 7]),
  vb: Uint8Array.from([]),
  d: -719162,
  ts0: new Timestamp(-1000),
  ts3: new Timestamp(-1),
  ts6: new Timestamp(1_700_000_000_123, 456_000),
  ts9: new Timestamp(-1, 999_999),
  ltz3: new Timestamp(1_700_000_000_123),
  ltz6: new Timestamp(0, 1000),
  ltz9: new Timestamp(-9_000_000_000_000, 1),
};

const NULLS: Row = Object.fromEntries(FLAT_FIELDS.map((f) => [f.name, null]));

/** Row `i` of a deterministic sequence: values repeat (dictionary hits), every 7th value of a column null. */
function sequenceRow(i: number): Row {
  const maybe = <T>(column: number, v: T): T | null => ((i + column) % 7 === 0 ? null : v);
  return {
    b: maybe(0, i % 3 === 0),
    i8: maybe(1, (i % 256) - 128),
    i16: maybe(2, i * 37 - 5000),
    i32: maybe(3, i * 1_000_003 - 150_000_000),
    i64: maybe(4, BigInt(i) * 1_000_000_007n - 99n),
    f32: maybe(5, Math.fround(i / 8 - 3)),
    f64: maybe(6, i % 5 === 0 ? -0.5 : i / 3),
    dec5: maybe(7, `${(i % 2000) - 1000}.${String(i % 100).padStart(2, '0')}`.replace('-0.', '-0.')),
    dec: maybe(8, `${i * 1234 - 70000}.5${i % 10}`),
    wide: maybe(9, `${BigInt(i) * 98765432109876543n - 5n}.${String(i).padStart(10, '0')}`),
    c: maybe(10, ['ab', 'xyz', 'é'][i % 3]!),
    s: maybe(11, i % 4 === 0 ? `name-${i % 10}` : `ünïcode-${i}-${'x'.repeat(i % 13)}`),
    bin: maybe(12, Uint8Array.from([i % 256, 0, 255 - (i % 256)])),
    vb: maybe(
      13,
      Uint8Array.from({ length: i % 6 }, (_, k) => (k * i) % 256),
    ),
    d: maybe(14, i * 97 - 10_000),
    ts0: maybe(15, new Timestamp((i * 86_400 - 1_000_000) * 1000)),
    ts3: maybe(16, new Timestamp(1_700_000_000_000 + i * 1001)),
    ts6: maybe(17, new Timestamp(-1_000_000_000 + i * 17, (i % 1000) * 1000)),
    ts9: maybe(18, new Timestamp(1_600_000_000_000 - i * 999_999, (i * 7919) % 1_000_000)),
    ltz3: maybe(19, new Timestamp(i * 3)),
    ltz6: maybe(20, new Timestamp(i * 5, (i % 7) * 1000)),
    ltz9: maybe(21, new Timestamp(-i * 86_400_000, i % 1_000_000)),
  };
}

const CASES: { name: string; c: InteropCase }[] = [
  {
    name: 'dict',
    c: {
      name: 'Paimon Java: every flat type, dictionary pages',
      table: 'db.dict_t',
      fields: FLAT_FIELDS,
      commits: [
        {
          rows: [EXTREMES, NULLS, ...Array.from({ length: 8 }, (_, i) => sequenceRow(i % 3))],
        },
      ],
    },
  },
  {
    name: 'plain',
    c: {
      name: 'Paimon Java: PLAIN pages, snappy, several pages and row groups',
      table: 'db.plain_t',
      fields: FLAT_FIELDS,
      options: {
        'file.compression': 'snappy',
        'parquet.enable.dictionary': 'false',
        'parquet.page.size': '512',
        'parquet.page.size.row.check.min': '10',
        'parquet.page.size.row.check.max': '10',
        'parquet.block.size': '4096',
        'parquet.block.size.row.check.min': '50',
        'parquet.block.size.row.check.max': '50',
      },
      commits: [{ rows: Array.from({ length: 300 }, (_, i) => sequenceRow(i)) }],
    },
  },
];

function dataFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

async function main(): Promise<void> {
  const oracle = JavaOracle.start();
  const warehouse = mkdtempSync(join(tmpdir(), 'paimon-java-parquet-'));
  try {
    const expected: Record<string, unknown> = { paimon: await oracle.version() };
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const { name, c } of CASES) {
      await oracle.create(warehouse, c);
      await oracle.write(warehouse, c.table, c.fields, c.commits);
      const read = await oracle.read(warehouse, c.table);
      const [db, table] = c.table.split('.') as [string, string];
      const files = dataFiles(join(warehouse, `${db}.db`, table));
      for (const [i, f] of files.entries()) copyFileSync(f, join(OUT, `${name}-${i}.parquet`));
      expected[name] = { fields: c.fields, options: c.options ?? {}, files: files.length, rows: read.rows };
    }
    writeFileSync(join(OUT, 'expected.json'), `${JSON.stringify(expected)}\n`);
  } finally {
    await oracle.close();
    rmSync(warehouse, { recursive: true, force: true });
  }
}

await main();
