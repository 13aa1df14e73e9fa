/**
 * Parquet → rows (issue 14): the TypeScript reader of flat files (src/storage/format/parquet-flat-reader.ts)
 * beside the parquet-wasm row path (wasm decode → Arrow IPC → Arrow JS → arrow-rows.ts), in one run:
 *
 * 1. small files: 5-row files of the orders-append row type (src/sim/scenario/pipelines.ts: BIGINT NOT NULL,
 *    DECIMAL(10, 2)), as a streaming checkpoint writes them (parquetFormat.write, zstd): ms per file;
 * 2. bulk: the append benchmark's rows (bench/append-data.ts: BIGINT, STRING, INT, DOUBLE, TIMESTAMP(3)) at
 *    100k and 1M rows in one file: rows/s.
 *
 * Every measurement first checks that both readers return equal rows. Both readers are interleaved run by
 * run and the median run is reported. `parquetFormat.read` dispatches by these figures (see its comment).
 *
 * Usage: npx tsx bench/parquet-readers.ts [--quick]. Writes bench/results/parquet-readers.json.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SeededRandom } from '../src/common/index.js';
import { arrowToRows } from '../src/storage/format/arrow-rows.js';
import { readFlatParquet } from '../src/storage/format/parquet-flat-reader.js';
import { parquetFormat, readParquetColumns } from '../src/storage/format/parquet-format.js';
import { parseDataType, type RowType, rowType } from '../src/storage/spec/data-types.js';
import { type Row, Timestamp } from '../src/storage/spec/values.js';
import { BENCH_FIELDS, benchRows } from './append-data.js';

const quick = process.argv.includes('--quick');

const ORDERS = rowType(
  [
    ['order_id', 'BIGINT NOT NULL'],
    ['amount', 'DECIMAL(10, 2)'],
  ].map(([name, type], id) => ({ id, name: name!, type: parseDataType(type!) })),
);
const APPEND = rowType(BENCH_FIELDS.map((f, id) => ({ id, name: f.name, type: parseDataType(f.type) })));

type Reader = (bytes: Uint8Array, type: RowType) => Row[];
const READERS: Record<'typescript' | 'wasm', Reader> = {
  typescript: (bytes, type) => readFlatParquet(bytes, type),
  wasm: (bytes, type) => arrowToRows(readParquetColumns(bytes, 'bench', type, true), type),
};

const write = (type: RowType, rows: readonly Row[]) =>
  parquetFormat.write(type, rows, { compression: 'zstd', random: new SeededRandom(1) });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function checkEqual(bytes: Uint8Array, type: RowType): void {
  if (!isDeepStrictEqual(READERS.typescript(bytes, type), READERS.wasm(bytes, type)))
    throw new Error('the two readers disagree');
}

/** ms per file over `files` small files, median of `runs` runs per reader (interleaved). */
function smallFiles(fileCount: number, runs: number): Record<string, number> {
  const files = Array.from({ length: 200 }, (_, f) =>
    write(
      ORDERS,
      Array.from({ length: 5 }, (_, i) => ({ order_id: BigInt(f * 5 + i), amount: `${f * 5 + i}.00` })),
    ),
  );
  for (const bytes of files) checkEqual(bytes, ORDERS);
  const samples: Record<string, number[]> = { typescript: [], wasm: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, read] of Object.entries(READERS)) {
      const t0 = performance.now();
      for (let i = 0; i < fileCount; i++) read(files[i % files.length]!, ORDERS);
      samples[name]!.push((performance.now() - t0) / fileCount);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Number(median(v).toFixed(4))]));
}

/** rows/s reading one file of `n` rows, median of `runs` runs per reader (interleaved). */
function bulk(n: number, runs: number): Record<string, number> {
  const bytes = write(
    APPEND,
    benchRows(n, (ms) => new Timestamp(ms)),
  );
  checkEqual(bytes, APPEND);
  const samples: Record<string, number[]> = { typescript: [], wasm: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, read] of Object.entries(READERS)) {
      const t0 = performance.now();
      read(bytes, APPEND);
      samples[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(n / (median(v) / 1000))]));
}

const small = smallFiles(quick ? 500 : 2000, quick ? 5 : 11);
console.log('5-row orders-append files, ms per file:', small);
const bulk100k = bulk(100_000, quick ? 3 : 7);
console.log('100k rows, rows/s:', bulk100k);
const bulk1m = bulk(1_000_000, quick ? 1 : 3);
console.log('1M rows, rows/s:', bulk1m);

const result = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  quick,
  smallFileMs: small,
  smallFileSpeedup: Number((small.wasm! / small.typescript!).toFixed(1)),
  rowsPerSecond: { '100k': bulk100k, '1M': bulk1m },
};
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results/parquet-readers.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
