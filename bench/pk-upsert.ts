/**
 * Benchmark: primary-key upserts. N rows (default 1M) over K keys (default 100k; row i has key i % K) go into a
 * table with primary key `id` and 4 buckets in 10 commits of equal size, then one full compaction, then a full
 * read checked against the last version of every key; paimon-sim and pypaimon (the peer,
 * bench/py/pk_upsert_bench.py) in the same run. Each engine runs in its own process so its peak RSS is its own.
 * Needs the interop venv (bash test/interop/setup.sh) for the pypaimon side.
 *
 * paimon-sim side (this file run with `--engine-sim`): streaming commits 1..10, with compaction as the engine
 * decides (universal compaction, `num-sorted-run.compaction-trigger` 5; a compaction started at one commit
 * lands in the next), then `compact` of buckets 0..3 and commit 11, then `readArrow` and `readRows`.
 * pypaimon 2.1.0 cannot compact: it reads its 10 commits' level-0 files, merged on read.
 *
 * Usage: npx tsx bench/pk-upsert.ts [rows] [keys]
 *        npx tsx bench/pk-upsert.ts --engine-sim <warehouse> <rows> <keys>  → one JSON line (internal)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row, Timestamp } from '../src/index.js';
import { BUCKETS, COMMITS, createUpsertTable, TS_BASE, upsertRow } from './pk-upsert-data.js';

interface EngineResult {
  engine: string;
  rows: number;
  keys: number;
  commits: number;
  /** All upserts and their commits (paimon-sim: including the streaming compactions done meanwhile). */
  writeMs: number;
  writeRowsPerSec: number;
  compaction: boolean;
  compactMs: number | null;
  /** Full read to Arrow (pypaimon: `to_arrow`). */
  readMs: number;
  readRowsPerSec: number;
  /** paimon-sim only: full read to JS row objects. */
  readRowsMs?: number;
  readRowsRowsPerSec?: number;
  rowsRead: number;
  dataFiles: number;
  verified: boolean;
  peakRssMb: number;
  [detail: string]: unknown;
}

const here = import.meta.dirname;

if (process.argv[2] === '--engine-sim') {
  const [warehouse, rowsArg, keysArg] = process.argv.slice(3);
  console.log(JSON.stringify(runSim(warehouse!, Number(rowsArg), Number(keysArg))));
} else {
  main();
}

function runSim(warehouse: string, n: number, keys: number): EngineResult {
  const table = createUpsertTable(warehouse);
  // Rows of every commit, built before timing starts (as the Python side builds its Arrow batches).
  const batches: Row[][] = [];
  for (let c = 0; c < COMMITS; c++) {
    const lo = Math.floor((c * n) / COMMITS);
    const hi = Math.floor(((c + 1) * n) / COMMITS);
    const batch = new Array<Row>(hi - lo);
    for (let i = lo; i < hi; i++) batch[i - lo] = upsertRow(i, keys);
    batches.push(batch);
  }
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const rssMbAfterRowsBuilt = mb(process.memoryUsage().rss);

  // Phase timings, to see where the time goes.
  let writeCallsMs = 0;
  let prepareMs = 0;
  let commitMs = 0;
  const builder = table.newStreamWriteBuilder();
  const write = builder.newWrite();
  const t0 = performance.now();
  for (let c = 0; c < COMMITS; c++) {
    const id = BigInt(c + 1);
    const a = performance.now();
    write.write(batches[c]!);
    const b = performance.now();
    const messages = write.prepareCommit(id);
    const d = performance.now();
    builder.newCommit().commit(id, messages);
    const e = performance.now();
    writeCallsMs += b - a;
    prepareMs += d - b;
    commitMs += e - d;
  }
  const t1 = performance.now();
  const rssMbAfterWrites = mb(process.memoryUsage().rss);
  batches.length = 0;
  const snapshotsBeforeCompact = table.snapshotManager.latestSnapshotId();
  const filesBeforeCompact = table.newReadBuilder().plan().length;

  const t2 = performance.now();
  for (let bucket = 0; bucket < BUCKETS; bucket++) write.compact([], bucket);
  const compactId = BigInt(COMMITS + 1);
  builder.newCommit().commit(compactId, write.prepareCommit(compactId));
  const t3 = performance.now();
  write.close();

  const plan = table.newReadBuilder().plan();
  const t4 = performance.now();
  const arrowTable = table.newReadBuilder().readArrow();
  const t5 = performance.now();
  const rows = table.newReadBuilder().readRows();
  const t6 = performance.now();

  // Check: one row per key, each the last version written (largest i < n with i % keys == id).
  const expectedRows = Math.min(n, keys);
  const fail = (why: string): never => {
    throw new Error(`paimon-sim read check failed: ${why}`);
  };
  if (arrowTable.numRows !== expectedRows)
    fail(`readArrow gave ${arrowTable.numRows} rows, expected ${expectedRows}`);
  if (rows.length !== expectedRows) fail(`readRows gave ${rows.length} rows, expected ${expectedRows}`);
  const seen = new Uint8Array(expectedRows);
  for (const row of rows) {
    const id = Number(row['id'] as bigint);
    if (!(id >= 0 && id < expectedRows) || seen[id]) fail(`unexpected or repeated id ${id}`);
    seen[id] = 1;
    const last = id + keys * Math.floor((n - 1 - id) / keys);
    const want = upsertRow(last, keys);
    const ts = row['ts'] as Timestamp;
    if (
      ts.epochMillis !== TS_BASE + last ||
      row['name'] !== want['name'] ||
      row['qty'] !== want['qty'] ||
      row['price'] !== want['price']
    )
      fail(`id ${id} is not its last version (i = ${last})`);
  }
  const arrowIds = arrowTable.getChild('id')!;
  const arrowTs = arrowTable.getChild('ts')!;
  const arrowSeen = new Uint8Array(expectedRows);
  for (let r = 0; r < arrowTable.numRows; r++) {
    const id = Number(arrowIds.get(r) as bigint);
    if (!(id >= 0 && id < expectedRows) || arrowSeen[id]) fail(`Arrow: unexpected or repeated id ${id}`);
    arrowSeen[id] = 1;
    const last = id + keys * Math.floor((n - 1 - id) / keys);
    if (Number(arrowTs.get(r)) !== TS_BASE + last) fail(`Arrow: id ${id} is not its last version`);
  }

  return {
    engine: 'paimon-sim',
    rows: n,
    keys,
    commits: COMMITS,
    writeMs: t1 - t0,
    writeRowsPerSec: Math.round(n / ((t1 - t0) / 1000)),
    compaction: true,
    compactMs: t3 - t2,
    readMs: t5 - t4,
    readRowsPerSec: Math.round(arrowTable.numRows / ((t5 - t4) / 1000)),
    readRowsMs: t6 - t5,
    readRowsRowsPerSec: Math.round(rows.length / ((t6 - t5) / 1000)),
    rowsRead: rows.length,
    dataFiles: plan.length,
    verified: true,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    writeBreakdownMs: { write: writeCallsMs, prepareCommit: prepareMs, commit: commitMs },
    rssMbAfterRowsBuilt,
    rssMbAfterWrites,
    snapshotsBeforeCompact,
    dataFilesBeforeCompact: filesBeforeCompact,
  };
}

function runEngine(command: string, args: string[], n: number, keys: number): EngineResult {
  const warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-bench-'));
  try {
    const out = spawnSync(command, [...args, warehouse, String(n), String(keys)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (out.status !== 0)
      throw new Error(`${command} ${args.join(' ')} failed (${out.status ?? out.signal}):\n${out.stderr}`);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as EngineResult;
  } finally {
    rmSync(warehouse, { recursive: true, force: true });
  }
}

function main(): void {
  const n = Number(process.argv[2] ?? 1_000_000);
  const keys = Number(process.argv[3] ?? 100_000);
  const python = join(here, '../test/interop/.venv/bin/python');

  const results: EngineResult[] = [
    runEngine(process.execPath, ['--import', 'tsx', join(here, 'pk-upsert.ts'), '--engine-sim'], n, keys),
  ];
  if (existsSync(python)) results.push(runEngine(python, [join(here, 'py/pk_upsert_bench.py')], n, keys));
  else console.warn('pypaimon venv missing (run: bash test/interop/setup.sh); peer not measured');

  const fmt = (v: number | null | undefined) =>
    v === null || v === undefined ? 'n/a' : String(Math.round(v));
  console.log(
    `primary-key table (bucket ${BUCKETS}), ${n} upserts over ${keys} keys in ${COMMITS} commits, full compaction, full read\n`,
  );
  console.log(
    '| engine | write rows/s | compaction ms | read to Arrow rows/s | read to JS objects rows/s | rows read | data files | peak RSS MB |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.engine} | ${fmt(r.writeRowsPerSec)} | ${r.compaction ? fmt(r.compactMs) : 'none'} | ${fmt(r.readRowsPerSec)} | ${fmt(r.readRowsRowsPerSec)} | ${r.rowsRead} | ${r.dataFiles} | ${fmt(r.peakRssMb)} |`,
    );
  }
  for (const r of results)
    if (typeof r['compactionNote'] === 'string') console.log(`\n${r.engine}: ${r['compactionNote']}`);
  if (results.length === 2) {
    const [sim, peer] = results as [EngineResult, EngineResult];
    console.log(
      `\nratio paimon-sim / pypaimon: write ${(sim.writeRowsPerSec / peer.writeRowsPerSec).toFixed(2)}x, read to Arrow ${(sim.readRowsPerSec / peer.readRowsPerSec).toFixed(2)}x (paimon-sim reads ${sim.dataFiles} compacted files, pypaimon ${peer.dataFiles} level-0 files), peak RSS ${(sim.peakRssMb / peer.peakRssMb).toFixed(2)}x`,
    );
  }
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(
    join(here, 'results/pk-upsert.json'),
    `${JSON.stringify(
      {
        rows: n,
        keys,
        commits: COMMITS,
        buckets: BUCKETS,
        node: process.version,
        cpu: cpus()[0]?.model ?? 'unknown',
        cpus: cpus().length,
        date: new Date().toISOString(),
        results,
      },
      null,
      2,
    )}\n`,
  );
}
