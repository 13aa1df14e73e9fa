/**
 * Benchmark: bulk work, paimon-sim against Paimon Java 1.3.1 (bench/java, built by bench/java-setup.sh), the
 * same operations on the same rows in the same run, each engine in its own process:
 *
 * - appendWrite: N rows (default 1M) into a fresh append table, one batch commit (paimon-sim: rows, and apart,
 *   appendWriteArrow: the same data as an Arrow table through `writeArrow`, the columnar path);
 * - appendScan: all of them back (paimon-sim: `readArrow` and, apart, `readRows`; Java: InternalRow, every
 *   field touched — paimon-bundle 1.3.1 has no Arrow module);
 * - pkWrite: N upserts over K keys (default 100k; row i has key i % K) into a fresh primary-key table with 4
 *   buckets, in 10 batch commits (each waits for the compaction Paimon's universal compaction picks);
 * - pkRead: the merged table, checked (one row per key, each its last version).
 *
 * Each engine repeats everything R times (default 3) in one process; the first round is cold (JIT, class
 * loading), the warm figure is the median of the others. Start-up is reported apart: JVM start to `main`
 * (Java) and process start to the end of imports (paimon-sim under tsx). Ratios are paimon-sim time / Java
 * time (below 1: paimon-sim is faster).
 *
 * Usage: npx tsx bench/bulk-vs-java.ts [rows] [keys] [reps] [--no-save] [--json]
 *        (--no-save: leave bench/results alone; --json: the summary as a last JSON line)
 *        npx tsx bench/bulk-vs-java.ts --engine-sim <warehouse> <rows> <keys> <reps>  → one JSON line (internal)
 */
const startToImportsMs = performance.now();

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemCatalog, LocalFileIO, type Row, Timestamp } from '../src/index.js';
import { BENCH_FIELDS, benchArrow, benchRows } from './append-data.js';

const COMMITS = 10;
const BUCKETS = 4;
const TS_BASE = 1_700_000_000_000;
const OPS = [
  'appendWrite',
  'appendWriteArrow',
  'appendScan',
  'appendScanRows',
  'pkWrite',
  'pkRead',
  'pkReadRows',
] as const;
type Op = (typeof OPS)[number];

interface OpTiming {
  coldMs: number;
  warmMedianMs: number;
  runsMs: number[];
}

interface EngineResult {
  engine: string;
  rows: number;
  keys: number;
  reps: number;
  peakRssMb: number;
  ops: Partial<Record<Op, OpTiming>>;
  /** Wall time of the whole process, measured by this script. */
  processMs?: number;
  [detail: string]: unknown;
}

const here = import.meta.dirname;

if (process.argv[2] === '--engine-sim') {
  const [warehouse, rows, keys, reps] = process.argv.slice(3);
  console.log(JSON.stringify(runSim(warehouse!, Number(rows), Number(keys), Number(reps))));
} else {
  main();
}

function timing(runs: number[]): OpTiming {
  const warm = runs.length > 1 ? runs.slice(1).sort((a, b) => a - b) : runs;
  const mid = warm.length >> 1;
  const median = warm.length % 2 === 1 ? warm[mid]! : (warm[mid - 1]! + warm[mid]!) / 2;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { coldMs: round(runs[0]!), warmMedianMs: round(median), runsMs: runs.map(round) };
}

function runSim(warehouse: string, n: number, keys: number, reps: number): EngineResult {
  const catalog = new FileSystemCatalog({ warehouse, fileIO: new LocalFileIO() });
  catalog.createDatabase('bench', true);
  // Rows built before timing starts, as the Java side builds its GenericRows.
  const appendRows = benchRows(n, (ms) => new Timestamp(ms));
  const arrowInput = benchArrow(n);
  const upserts: Row[] = appendRows.map((r, i) => ({ ...r, id: BigInt(i % keys) }));
  const runs: Record<Op, number[]> = Object.fromEntries(OPS.map((op) => [op, []])) as never;
  const timed = <T>(op: Op, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    runs[op].push(performance.now() - t0);
    return out;
  };
  const check = (ok: boolean, why: string) => {
    if (!ok) throw new Error(`paimon-sim bench check failed: ${why}`);
  };
  for (let rep = 0; rep < reps; rep++) {
    const append = catalog.createTable(`bench.append_${rep}`, { fields: BENCH_FIELDS });
    timed('appendWrite', () => {
      const builder = append.newBatchWriteBuilder();
      const write = builder.newWrite();
      write.write(appendRows);
      builder.newCommit().commit(write.prepareCommit());
    });
    const appendArrow = catalog.createTable(`bench.append_arrow_${rep}`, { fields: BENCH_FIELDS });
    timed('appendWriteArrow', () => {
      const builder = appendArrow.newBatchWriteBuilder();
      const write = builder.newWrite();
      write.writeArrow(arrowInput);
      builder.newCommit().commit(write.prepareCommit());
    });
    const arrow = timed('appendScan', () => append.newReadBuilder().readArrow());
    check(arrow.numRows === n, `append readArrow gave ${arrow.numRows} rows`);
    const rows = timed('appendScanRows', () => append.newReadBuilder().readRows());
    check(rows.length === n, `append readRows gave ${rows.length} rows`);

    const pk = catalog.createTable(`bench.pk_${rep}`, {
      fields: BENCH_FIELDS,
      primaryKeys: ['id'],
      options: { bucket: String(BUCKETS) },
    });
    timed('pkWrite', () => {
      for (let c = 0; c < COMMITS; c++) {
        const builder = pk.newBatchWriteBuilder();
        const write = builder.newWrite();
        write.write(upserts.slice(Math.floor((c * n) / COMMITS), Math.floor(((c + 1) * n) / COMMITS)));
        builder.newCommit().commit(write.prepareCommit());
      }
    });
    const merged = timed('pkRead', () => pk.newReadBuilder().readArrow());
    check(merged.numRows === Math.min(n, keys), `pk readArrow gave ${merged.numRows} rows`);
    const ids = merged.getChild('id')!;
    const ts = merged.getChild('ts')!;
    for (let r = 0; r < merged.numRows; r++) {
      const id = Number(ids.get(r) as bigint);
      const last = id + keys * Math.floor((n - 1 - id) / keys);
      check(Number(ts.get(r)) === TS_BASE + last, `pk key ${id} is not its last version`);
    }
    const mergedRows = timed('pkReadRows', () => pk.newReadBuilder().readRows());
    check(mergedRows.length === Math.min(n, keys), `pk readRows gave ${mergedRows.length} rows`);
  }
  return {
    engine: 'paimon-sim',
    node: process.version,
    rows: n,
    keys,
    reps,
    startToImportsMs: Math.round(startToImportsMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ops: Object.fromEntries(OPS.map((op) => [op, timing(runs[op])])),
  };
}

function runEngine(command: string, args: string[]): EngineResult {
  const warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-bulk-'));
  try {
    const t0 = performance.now();
    const out = spawnSync(command, [...args.map((a) => (a === '<warehouse>' ? warehouse : a))], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const processMs = Math.round(performance.now() - t0);
    if (out.status !== 0)
      throw new Error(`${command} ${args.join(' ')} failed (${out.status ?? out.signal}):\n${out.stderr}`);
    return { ...(JSON.parse(out.stdout.trim().split('\n').pop()!) as EngineResult), processMs };
  } finally {
    rmSync(warehouse, { recursive: true, force: true });
  }
}

/** Builds the Java peer; undefined (with a warning) when Java or Maven is missing. */
function javaJar(): string | undefined {
  const setup = spawnSync('bash', [join(here, 'java-setup.sh')], { encoding: 'utf8' });
  if (setup.status !== 0) {
    console.warn(`Paimon Java peer not built, not measured:\n${setup.stderr.trim()}`);
    return undefined;
  }
  return join(here, 'java/target/paimon-bulk-bench.jar');
}

function main(): void {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const save = !process.argv.includes('--no-save');
  const n = Number(positional[0] ?? 1_000_000);
  const keys = Number(positional[1] ?? 100_000);
  const reps = Number(positional[2] ?? 3);
  const sizes = [String(n), String(keys), String(reps)];
  const loadBefore = loadavg()[0]!;

  const sim = runEngine(process.execPath, [
    '--import',
    'tsx',
    join(here, 'bulk-vs-java.ts'),
    '--engine-sim',
    '<warehouse>',
    ...sizes,
  ]);
  const jar = javaJar();
  const java = jar && existsSync(jar) ? runEngine('java', ['-jar', jar, '<warehouse>', ...sizes]) : undefined;

  console.log(
    `bulk work, ${n} rows (append), ${n} upserts over ${keys} keys (4 buckets, ${COMMITS} batch commits), ${reps} rounds per engine\n`,
  );
  const fmt = (v: number | undefined) => (v === undefined ? 'n/a' : String(Math.round(v)));
  // Java scans to InternalRow; paimon-sim's scans to Arrow and to row objects both compare with it.
  const peerOp: Record<Op, Op> = {
    appendWrite: 'appendWrite',
    appendWriteArrow: 'appendWrite',
    appendScan: 'appendScan',
    appendScanRows: 'appendScan',
    pkWrite: 'pkWrite',
    pkRead: 'pkRead',
    pkReadRows: 'pkRead',
  };
  const ratios: Partial<Record<Op, number>> = {};
  console.log('| operation | paimon-sim warm ms (cold) | Paimon Java warm ms (cold) | ratio sim / Java |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const op of OPS) {
    const s = sim.ops[op]!;
    const j = java?.ops[peerOp[op]];
    if (j) ratios[op] = Math.round((s.warmMedianMs / j.warmMedianMs) * 100) / 100;
    const label = op === peerOp[op] ? op : `${op} (Java: ${peerOp[op]})`;
    console.log(
      `| ${label} | ${fmt(s.warmMedianMs)} (${fmt(s.coldMs)}) | ${j ? `${fmt(j.warmMedianMs)} (${fmt(j.coldMs)})` : 'n/a'} | ${ratios[op]?.toFixed(2) ?? 'n/a'} |`,
    );
  }
  console.log(
    `\nstart-up: paimon-sim process start to end of imports ${fmt(sim['startToImportsMs'] as number)} ms; JVM start to main ${fmt(java?.['jvmToMainMs'] as number | undefined)} ms, catalog ${fmt(java?.['catalogMs'] as number | undefined)} ms`,
  );
  console.log(
    `peak RSS: paimon-sim ${fmt(sim.peakRssMb)} MB, Paimon Java ${fmt(java?.peakRssMb)} MB; process wall time: paimon-sim ${fmt(sim.processMs)} ms, Java ${fmt(java?.processMs)} ms`,
  );
  const loadAfter = loadavg()[0]!;
  console.log(`load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`);
  const summary = {
    rows: n,
    keys,
    reps,
    commits: COMMITS,
    buckets: BUCKETS,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    loadAverage: { before: loadBefore, after: loadAfter },
    date: new Date().toISOString(),
    ratioSimOverJava: ratios,
    results: java ? [sim, java] : [sim],
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(summary));
  if (!save) return;
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results/bulk-vs-java.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
