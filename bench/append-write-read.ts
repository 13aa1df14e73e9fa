/**
 * Benchmark: write N rows (default 1M) to an append table in one batch commit and read them back, through
 * paimon-sim and through pypaimon (the peer) in the same run. Each engine runs in its own process so its peak
 * RSS is its own. Needs the interop venv (bash test/interop/setup.sh) for the pypaimon side.
 * Usage: npx tsx bench/append-write-read.ts [rows]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface EngineResult {
  engine: string;
  rows: number;
  writeMs: number;
  /** Full read into an Arrow table (pypaimon: `to_arrow`). */
  readMs: number;
  /** paimon-sim only: full read into row objects. */
  readRowsMs?: number;
  peakRssMb: number;
}

const rows = Number(process.argv[2] ?? 1_000_000);
const here = import.meta.dirname;
const python = join(here, '../test/interop/.venv/bin/python');

function run(command: string, args: string[]): EngineResult {
  const warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-bench-'));
  try {
    const out = spawnSync(command, [...args, warehouse, String(rows)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${out.stderr}`);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as EngineResult;
  } finally {
    rmSync(warehouse, { recursive: true, force: true });
  }
}

const results: EngineResult[] = [
  run(process.execPath, ['--import', 'tsx', join(here, 'append-engine-sim.ts')]),
];
if (existsSync(python)) results.push(run(python, [join(here, 'py/append_bench.py')]));
else console.warn('pypaimon venv missing (run: bash test/interop/setup.sh); peer not measured');

const perSecond = (r: EngineResult, ms: number) => Math.round((r.rows / ms) * 1000);
console.log(`append table, ${rows} rows, one batch commit, then a full read\n`);
console.log('| engine | write rows/s | read to Arrow rows/s | read to JS objects rows/s | peak RSS MB |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const rowsRate = r.readRowsMs === undefined ? 'n/a' : perSecond(r, r.readRowsMs);
  console.log(
    `| ${r.engine} | ${perSecond(r, r.writeMs)} | ${perSecond(r, r.readMs)} | ${rowsRate} | ${Math.round(r.peakRssMb)} |`,
  );
}
if (results.length === 2) {
  const [sim, peer] = results as [EngineResult, EngineResult];
  console.log(
    `\nratio paimon-sim / pypaimon: write ${(peer.writeMs / sim.writeMs).toFixed(2)}x, read to Arrow ${(peer.readMs / sim.readMs).toFixed(2)}x, peak RSS ${(sim.peakRssMb / peer.peakRssMb).toFixed(2)}x`,
  );
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results/append-write-read.json'),
  `${JSON.stringify({ rows, results }, null, 2)}\n`,
);
