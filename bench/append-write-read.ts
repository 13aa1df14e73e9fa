/**
 * Benchmark: write N rows (default 1M) to an append table in one batch commit and read them back, through
 * paimon-sim and through pypaimon (the peer) in the same run. paimon-sim runs twice: writing row objects
 * (`write`), and writing the same values as one Arrow table (`writeArrow`, columnar; pypaimon writes from a
 * pyarrow table too). Each engine runs in its own process so its peak
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
  /** paimon-sim only: the read to Arrow once more, in the same process (warm). */
  readWarmMs?: number;
  /** paimon-sim only: the write once more, to a second table in the same process (warm). */
  writeWarmMs?: number;
  peakRssMb: number;
}

const rows = Number(process.argv[2] ?? 1_000_000);
const here = import.meta.dirname;
const python = join(here, '../test/interop/.venv/bin/python');

function run(command: string, args: string[], tail: string[] = []): EngineResult {
  const warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-bench-'));
  try {
    const out = spawnSync(command, [...args, warehouse, String(rows), ...tail], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${out.stderr}`);
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as EngineResult;
  } finally {
    rmSync(warehouse, { recursive: true, force: true });
  }
}

const sim = (mode: string) =>
  run(process.execPath, ['--import', 'tsx', join(here, 'append-engine-sim.ts')], [mode]);
const results: EngineResult[] = [sim('rows'), sim('arrow')];
if (existsSync(python)) results.push(run(python, [join(here, 'py/append_bench.py')]));
else console.warn('pypaimon venv missing (run: bash test/interop/setup.sh); peer not measured');

const perSecond = (r: EngineResult, ms: number) => Math.round((r.rows / ms) * 1000);
console.log(`append table, ${rows} rows, one batch commit, then a full read\n`);
console.log(
  '| engine | write rows/s | write, warm, rows/s | read to Arrow rows/s | read to Arrow, warm, rows/s | read to JS objects rows/s | peak RSS MB |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const warm = (r: EngineResult, ms: number | undefined) => (ms === undefined ? 'n/a' : perSecond(r, ms));
for (const r of results) {
  const rowsRate = r.readRowsMs === undefined ? 'n/a' : perSecond(r, r.readRowsMs);
  console.log(
    `| ${r.engine} | ${perSecond(r, r.writeMs)} | ${warm(r, r.writeWarmMs)} | ${perSecond(r, r.readMs)} | ${warm(r, r.readWarmMs)} | ${rowsRate} | ${Math.round(r.peakRssMb)} |`,
  );
}
const peer = results.find((r) => r.engine === 'pypaimon');
for (const r of peer ? results.filter((x) => x !== peer) : []) {
  console.log(
    `ratio ${r.engine} / pypaimon: write ${(peer!.writeMs / r.writeMs).toFixed(2)}x, read to Arrow ${(peer!.readMs / r.readMs).toFixed(2)}x, peak RSS ${(r.peakRssMb / peer!.peakRssMb).toFixed(2)}x`,
  );
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results/append-write-read.json'),
  `${JSON.stringify({ rows, results }, null, 2)}\n`,
);
