/**
 * Why paimon-sim writes Parquet through parquet-wasm: the same rows written and read back through the
 * requested pure-JS package (parquetjs-lite) and through parquet-wasm (Rust parquet crate, via Arrow), in
 * one run. Usage: npx tsx bench/parquet-codecs.ts [rows]. Writes bench/results/parquet-codecs.json.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parquet from 'parquetjs-lite';
import { SeededRandom } from '../src/common/random.js';
import { getFileFormat } from '../src/storage/format/file-format.js';
import { parseDataType, rowType } from '../src/storage/spec/data-types.js';
import { Timestamp } from '../src/storage/spec/values.js';
import { BENCH_FIELDS, benchRows } from './append-data.js';

const n = Number(process.argv[2] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'parquet-codecs-'));
const results: Record<string, unknown>[] = [];

async function measure(name: string, write: () => Promise<number>, read: () => Promise<number>) {
  const t0 = performance.now();
  const bytes = await write();
  const t1 = performance.now();
  const result: Record<string, unknown> = {
    codec: name,
    rows: n,
    writeRowsPerSec: Math.round((n / (t1 - t0)) * 1000),
    fileBytes: bytes,
  };
  try {
    const count = await read();
    const t2 = performance.now();
    if (count !== n) throw new Error(`read ${count} rows, expected ${n}`);
    result.readRowsPerSec = Math.round((n / (t2 - t1)) * 1000);
  } catch (e) {
    result.readError = (e as Error).message; // recorded, not hidden: a codec that cannot read its own file
  }
  results.push(result);
}

// paimon-sim's path: rows -> Arrow -> parquet-wasm (zstd), and back.
const type = rowType(BENCH_FIELDS.map((f, id) => ({ id, name: f.name, type: parseDataType(f.type) })));
const simRows = benchRows(n, (ms) => new Timestamp(ms));
const format = getFileFormat('parquet');
let wasmBytes: Uint8Array = new Uint8Array();
await measure(
  'parquet-wasm (zstd, via apache-arrow)',
  async () => {
    wasmBytes = format.write(type, simRows, { compression: 'zstd', random: new SeededRandom(1) });
    return wasmBytes.length;
  },
  async () => format.read(wasmBytes, type, 'bench').length,
);

// parquetjs-lite: its own row objects (int64 as number, timestamps as Date), snappy (it has no zstd).
const schema = new parquet.ParquetSchema({
  id: { type: 'INT64' },
  name: { type: 'UTF8', optional: true },
  qty: { type: 'INT32', optional: true },
  price: { type: 'DOUBLE', optional: true },
  ts: { type: 'TIMESTAMP_MILLIS', optional: true },
});
const liteRows = benchRows(n, (ms) => new Date(ms)).map((r) => ({ ...r, id: Number(r.id) }));
const litePath = join(dir, 'lite.parquet');
await measure(
  'parquetjs-lite (snappy)',
  async () => {
    const writer = await parquet.ParquetWriter.openFile(schema, litePath, { compression: 'SNAPPY' });
    for (const row of liteRows) await writer.appendRow(row);
    await writer.close();
    return statSync(litePath).size;
  },
  async () => {
    const reader = await parquet.ParquetReader.openFile(litePath);
    const cursor = reader.getCursor();
    let count = 0;
    while (await cursor.next()) count++;
    await reader.close();
    return count;
  },
);
rmSync(dir, { recursive: true, force: true });

console.log(`Parquet codecs, ${n} rows of (BIGINT, STRING, INT, DOUBLE, TIMESTAMP(3))\n`);
console.log('| codec | write rows/s | read rows/s | file bytes |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of results) {
  const read = r.readRowsPerSec ?? `fails: ${r.readError}`;
  console.log(`| ${r.codec} | ${r.writeRowsPerSec} | ${read} | ${r.fileBytes} |`);
}
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results/parquet-codecs.json'),
  `${JSON.stringify({ rows: n, results }, null, 2)}\n`,
);
