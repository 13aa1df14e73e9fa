/**
 * Which Parquet writer `parquetFormat.write` should use for flat row types (issue 14): the TypeScript
 * writer (src/storage/format/parquet-flat-writer.ts) against the parquet-wasm path (rows → Arrow → IPC →
 * wasm `writeParquet`, i.e. `writeArrowAsParquet(rowsToArrow(...))`), side by side in one process:
 *   - ms per file for 5-row files of the orders-append workload's row type (src/sim/scenario/pipelines.ts:
 *     order_id BIGINT NOT NULL, amount DECIMAL(10, 2)), with zstd (Paimon's default), snappy and none;
 *   - ms per file for 100..1M rows of bench/append-data.ts (id BIGINT NOT NULL, name STRING, qty INT,
 *     price DOUBLE, ts TIMESTAMP(3)) given as rows and given as an Arrow table: from Arrow, the TS writer
 *     straight from the Arrow buffers (`writeFlatParquetArrow`, what `writeArrow` uses), the TS writer on
 *     `arrowToRows` of the table (what `writeArrow` did before, for reference) and parquet-wasm;
 *   - rows/s for 100k and 1M of those rows, zstd and snappy, from rows and from Arrow.
 * Rounds alternate between the writers; each figure is the median round. Every bulk file is read back with
 * `parquetFormat.read` and compared with its rows (1M: row count and first/last rows); the TS writer's file
 * from Arrow must equal its file from rows, byte for byte.
 *
 * Usage: npx tsx bench/parquet-writers.ts [--quick]. Writes bench/results/parquet-writers.json;
 * bench/results/parquet-writers.md holds the figures of a run and the dispatch rule drawn from them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type * as arrow from 'apache-arrow';
import { arrowToRows, rowsToArrow } from '../src/storage/format/arrow-rows.js';
import { writeFlatParquetArrow } from '../src/storage/format/parquet-flat-arrow.js';
import { writeFlatParquet } from '../src/storage/format/parquet-flat-writer.js';
import { parquetFormat, writeArrowAsParquet } from '../src/storage/format/parquet-format.js';
import { parseDataType, type RowType, rowType } from '../src/storage/spec/data-types.js';
import { type Row, Timestamp } from '../src/storage/spec/values.js';
import { BENCH_FIELDS, benchArrow, benchRows } from './append-data.js';

const quick = process.argv.includes('--quick');

type Writer = 'ts' | 'wasm';
type Codec = 'zstd' | 'snappy' | 'none';
const FLAT_CODEC = { zstd: 'ZSTD', snappy: 'SNAPPY', none: 'UNCOMPRESSED' } as const;

function write(writer: Writer, type: RowType, rows: readonly Row[], codec: Codec): Uint8Array {
  return writer === 'ts'
    ? writeFlatParquet(type, rows, FLAT_CODEC[codec])
    : writeArrowAsParquet(rowsToArrow(type, rows), codec);
}

const typeOf = (fields: readonly { name: string; type: string }[]) =>
  rowType(fields.map((f, id) => ({ id, name: f.name, type: parseDataType(f.type) })));

const ORDERS = typeOf([
  { name: 'order_id', type: 'BIGINT NOT NULL' },
  { name: 'amount', type: 'DECIMAL(10, 2)' },
]);
const orderRows = (first: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ order_id: BigInt(first + i), amount: `${first + i}.00` }));

const APPEND = typeOf(BENCH_FIELDS);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function check(bytes: Uint8Array, type: RowType, rows: readonly Row[], what: string, whole = true): void {
  const back = parquetFormat.read(bytes, type, what);
  const same = whole
    ? isDeepStrictEqual(back, rows)
    : back.length === rows.length &&
      isDeepStrictEqual(back[0], rows[0]) &&
      isDeepStrictEqual(back.at(-1), rows.at(-1));
  if (!same) throw new Error(`${what}: rows read back differ from those written`);
}

/** ms per file writing `files` files of `rowsPerFile` order rows, median of `rounds` alternating rounds. */
function tinyFiles(codec: Codec, files: number, rounds: number) {
  const batches = Array.from({ length: files }, (_, f) => orderRows(f * 5, 5));
  const times: Record<Writer, number[]> = { ts: [], wasm: [] };
  const sizes: Record<Writer, number> = { ts: 0, wasm: 0 };
  for (const writer of ['ts', 'wasm'] as const) {
    const bytes = write(writer, ORDERS, batches[0]!, codec);
    check(bytes, ORDERS, batches[0]!, `${writer} ${codec} 5 rows`);
    sizes[writer] = bytes.length;
    for (let i = 0; i < 200; i++) write(writer, ORDERS, batches[i % files]!, codec); // warm-up
  }
  for (let r = 0; r < rounds; r++) {
    for (const writer of ['ts', 'wasm'] as const) {
      const t0 = performance.now();
      for (const rows of batches) write(writer, ORDERS, rows, codec);
      times[writer].push((performance.now() - t0) / files);
    }
  }
  const ts = median(times.ts);
  const wasm = median(times.wasm);
  return {
    codec,
    rowsPerFile: 5,
    files,
    rounds,
    msPerFile: { ts: round3(ts), wasm: round3(wasm) },
    speedup: Math.round((wasm / ts) * 10) / 10,
    fileBytes: sizes,
  };
}

type BulkWriter = 'ts' | 'wasm' | 'arrowTs' | 'arrowWasm';
const BULK_WRITERS: readonly BulkWriter[] = ['ts', 'wasm', 'arrowTs', 'arrowWasm'];

/** rows/s writing `n` bench rows as one file, from rows and from Arrow, median of `rounds` alternating rounds. */
function bulk(rows: readonly Row[], table: arrow.Table, rounds: number, codec: Codec) {
  const n = rows.length;
  const run: Record<BulkWriter, () => Uint8Array> = {
    ts: () => write('ts', APPEND, rows, codec),
    wasm: () => write('wasm', APPEND, rows, codec),
    arrowTs: () => writeFlatParquetArrow(APPEND, table, FLAT_CODEC[codec]),
    arrowWasm: () => writeArrowAsParquet(table, codec),
  };
  const times: Record<BulkWriter, number[]> = { ts: [], wasm: [], arrowTs: [], arrowWasm: [] };
  const sizes: Partial<Record<BulkWriter, number>> = {};
  let tsBytes: Uint8Array | undefined;
  for (let r = 0; r < rounds; r++) {
    for (const writer of BULK_WRITERS) {
      const t0 = performance.now();
      const bytes = run[writer]();
      times[writer].push(performance.now() - t0);
      if (r === 0) {
        sizes[writer] = bytes.length;
        check(bytes, APPEND, rows, `${writer} ${codec} ${n} rows`, n <= 100_000);
        if (writer === 'ts') tsBytes = bytes;
        if (writer === 'arrowTs' && !Buffer.from(bytes).equals(Buffer.from(tsBytes!)))
          throw new Error(
            `${n} rows ${codec}: the TS writer's file from Arrow differs from its file from rows`,
          );
      }
    }
  }
  const perSecond = (w: BulkWriter) => Math.round(n / (median(times[w]) / 1000));
  const ms = (w: BulkWriter) => Math.round(median(times[w]));
  return {
    codec,
    rows: n,
    rounds,
    rowsPerSecond: {
      ts: perSecond('ts'),
      wasm: perSecond('wasm'),
      arrowTs: perSecond('arrowTs'),
      arrowWasm: perSecond('arrowWasm'),
    },
    msPerFile: { ts: ms('ts'), wasm: ms('wasm'), arrowTs: ms('arrowTs'), arrowWasm: ms('arrowWasm') },
    fileBytes: sizes,
  };
}

/**
 * ms per file for `n` bench rows, from rows (TS vs rows → Arrow → wasm) and from an Arrow table (TS from the
 * buffers, TS through `arrowToRows` as `writeArrow` did before, wasm). Both paths must pick the same writer
 * for the same rows (test/storage/table/arrow-write.test.ts: the Arrow path writes byte-identical files).
 */
function crossover(n: number, rounds: number) {
  const rows = benchRows(n, (ms) => new Timestamp(ms));
  const table: arrow.Table = benchArrow(n);
  const reps = Math.max(1, Math.round(20_000 / n));
  const cases = {
    rowsTs: () => writeFlatParquet(APPEND, rows, 'ZSTD'),
    rowsWasm: () => writeArrowAsParquet(rowsToArrow(APPEND, rows), 'zstd'),
    arrowTs: () => writeFlatParquetArrow(APPEND, table, 'ZSTD'),
    arrowViaRowsTs: () => writeFlatParquet(APPEND, arrowToRows(table, APPEND), 'ZSTD'),
    arrowWasm: () => writeArrowAsParquet(table, 'zstd'),
  };
  if (!Buffer.from(cases.arrowTs()).equals(Buffer.from(cases.rowsTs())))
    throw new Error(`${n} rows: the TS writer's file from Arrow differs from its file from rows`);
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as number[]])) as Record<
    keyof typeof cases,
    number[]
  >;
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(cases) as [keyof typeof cases, () => Uint8Array][]) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) run();
      times[name].push((performance.now() - t0) / reps);
    }
  }
  const ms = (name: keyof typeof cases) => round3(median(times[name]));
  return {
    rows: n,
    rounds,
    fromRowsMs: { ts: ms('rowsTs'), wasm: ms('rowsWasm') },
    fromArrowMs: { ts: ms('arrowTs'), tsViaRows: ms('arrowViaRowsTs'), wasm: ms('arrowWasm') },
  };
}

const files = quick ? 300 : 2000;
const rounds = quick ? 3 : 7;
const result = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  loadAverageAtStart: round3(loadavg()[0] ?? 0),
  tinyFiles: (['zstd', 'snappy', 'none'] as const).map((codec) => tinyFiles(codec, files, rounds)),
  crossover: [100, 500, 1000, 1500, 2000, 5000, 10_000].map((n) => crossover(n, rounds)),
  bulk: [100_000, 1_000_000].flatMap((n) => {
    const rows = benchRows(n, (ms) => new Timestamp(ms));
    const table = benchArrow(n);
    const times = n === 100_000 ? (quick ? 2 : 5) : quick ? 1 : 3;
    return (['zstd', 'snappy'] as const).map((codec) => bulk(rows, table, times, codec));
  }),
};

for (const t of result.tinyFiles)
  console.log(
    `5-row orders files, ${t.codec}: TS ${t.msPerFile.ts} ms/file, wasm ${t.msPerFile.wasm} ms/file (${t.speedup}x); bytes TS ${t.fileBytes.ts}, wasm ${t.fileBytes.wasm}`,
  );
for (const c of result.crossover)
  console.log(
    `${c.rows} bench rows, zstd, ms/file: from rows TS ${c.fromRowsMs.ts}, wasm ${c.fromRowsMs.wasm}; from Arrow TS ${c.fromArrowMs.ts} (via rows ${c.fromArrowMs.tsViaRows}), wasm ${c.fromArrowMs.wasm}`,
  );
for (const b of result.bulk)
  console.log(
    `${b.rows.toLocaleString('en')} append rows, ${b.codec}, rows/s: from rows TS ${b.rowsPerSecond.ts.toLocaleString('en')}, wasm ${b.rowsPerSecond.wasm.toLocaleString('en')}; from Arrow TS ${b.rowsPerSecond.arrowTs.toLocaleString('en')}, wasm ${b.rowsPerSecond.arrowWasm.toLocaleString('en')}; MB TS ${((b.fileBytes.ts ?? 0) / 1e6).toFixed(2)}, wasm ${((b.fileBytes.wasm ?? 0) / 1e6).toFixed(2)}`,
  );
if (!quick) {
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(
    join(import.meta.dirname, 'results/parquet-writers.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}
