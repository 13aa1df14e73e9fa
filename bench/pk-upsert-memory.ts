/**
 * Benchmark: peak memory of N upserts over K keys (default 1M over 100k; row i has key i % K, the values of
 * bench/pk-upsert.ts) into a primary-key table with 4 buckets, 10 streaming commits, a full compaction and a
 * full read to Arrow; paimon-sim and pypaimon (bench/py/pk_upsert_bench.py, which builds its Arrow batches up
 * front) in the same run, each in its own process, peak RSS from the process itself (`maxRSS` / `ru_maxrss`).
 *
 * paimon-sim runs twice, by how the caller hands over the rows:
 * - `prebuilt`: all N row objects built before the first write (as bench/pk-upsert.ts; they alone take
 *   ~200 MB of heap);
 * - `streamed`: each commit's rows generated while they are written (`write` takes any iterable), so what is
 *   measured is the writer's own memory.
 *
 * Usage: npx tsx bench/pk-upsert-memory.ts [rows] [keys] [--no-save]
 *        npx tsx bench/pk-upsert-memory.ts --engine-sim <warehouse> <rows> <keys> <prebuilt|streamed>  (internal)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from '../src/index.js';
import { BUCKETS, COMMITS, createUpsertTable, upsertRow } from './pk-upsert-data.js';

interface Result {
  engine: string;
  input?: string;
  rows: number;
  keys: number;
  peakRssMb: number;
  rowsRead?: number;
  writeMs?: number;
}

const here = import.meta.dirname;

if (process.argv[2] === '--engine-sim') {
  const [warehouse, rows, keys, input] = process.argv.slice(3);
  console.log(
    JSON.stringify(runSim(warehouse!, Number(rows), Number(keys), input as 'prebuilt' | 'streamed')),
  );
} else {
  main();
}

function* generate(lo: number, hi: number, keys: number): Iterable<Row> {
  for (let i = lo; i < hi; i++) yield upsertRow(i, keys);
}

function runSim(warehouse: string, n: number, keys: number, input: 'prebuilt' | 'streamed'): Result {
  const table = createUpsertTable(warehouse);
  const bounds = (c: number) => [Math.floor((c * n) / COMMITS), Math.floor(((c + 1) * n) / COMMITS)] as const;
  const batches: Row[][] = [];
  if (input === 'prebuilt') for (let c = 0; c < COMMITS; c++) batches.push([...generate(...bounds(c), keys)]);
  const builder = table.newStreamWriteBuilder();
  const write = builder.newWrite();
  const t0 = performance.now();
  for (let c = 0; c < COMMITS; c++) {
    const id = BigInt(c + 1);
    write.write(input === 'prebuilt' ? batches[c]! : generate(...bounds(c), keys));
    builder.newCommit().commit(id, write.prepareCommit(id));
  }
  const writeMs = performance.now() - t0;
  batches.length = 0;
  for (let bucket = 0; bucket < BUCKETS; bucket++) write.compact([], bucket);
  builder.newCommit().commit(BigInt(COMMITS + 1), write.prepareCommit(BigInt(COMMITS + 1)));
  write.close();
  const arrow = table.newReadBuilder().readArrow();
  if (arrow.numRows !== Math.min(n, keys)) throw new Error(`read ${arrow.numRows} rows, expected ${keys}`);
  return {
    engine: 'paimon-sim',
    input,
    rows: n,
    keys,
    rowsRead: arrow.numRows,
    writeMs: Math.round(writeMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function runEngine(command: string, args: string[]): Result {
  const warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-pkmem-'));
  try {
    const out = spawnSync(
      command,
      args.map((a) => (a === '<warehouse>' ? warehouse : a)),
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${out.stderr}`);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as Result;
  } finally {
    rmSync(warehouse, { recursive: true, force: true });
  }
}

function main(): void {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const n = Number(positional[0] ?? 1_000_000);
  const keys = Number(positional[1] ?? 100_000);
  const python = join(here, '../test/interop/.venv/bin/python');
  const sim = (input: string) =>
    runEngine(process.execPath, [
      '--import',
      'tsx',
      join(here, 'pk-upsert-memory.ts'),
      '--engine-sim',
      '<warehouse>',
      String(n),
      String(keys),
      input,
    ]);
  const results: Result[] = [sim('prebuilt'), sim('streamed')];
  if (existsSync(python)) {
    const py = runEngine(python, [
      join(here, 'py/pk_upsert_bench.py'),
      '<warehouse>',
      String(n),
      String(keys),
    ]);
    results.push({
      engine: py.engine,
      input: 'prebuilt (Arrow)',
      rows: n,
      keys,
      peakRssMb: Math.round(py.peakRssMb),
      rowsRead: py.rowsRead,
    });
  } else console.warn('pypaimon venv missing (run: bash test/interop/setup.sh); peer not measured');

  console.log(`peak RSS, ${n} upserts over ${keys} keys, 4 buckets, 10 commits, compaction, full read\n`);
  console.log('| engine | input rows | peak RSS MB | ratio to pypaimon |');
  console.log('| --- | --- | ---: | ---: |');
  const peer = results.find((r) => r.engine === 'pypaimon');
  for (const r of results)
    console.log(
      `| ${r.engine} | ${r.input} | ${r.peakRssMb} | ${peer ? (r.peakRssMb / peer.peakRssMb).toFixed(2) : 'n/a'} |`,
    );
  if (process.argv.includes('--no-save')) return;
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(
    join(here, 'results/pk-upsert-memory.json'),
    `${JSON.stringify({ rows: n, keys, node: process.version, loadAverage: loadavg()[0], date: new Date().toISOString(), results }, null, 2)}\n`,
  );
}
