/**
 * What many small recovery runs cost (issue 14), in memory, with the decode caches off and on in one run:
 *
 * 1. a checkpoint cycle with a Paimon commit (orders-append, 2 writers, 5 rows per checkpoint): the marginal
 *    cost of one more cycle (a long run minus a short one, so start-up cancels out), of the steps alone and of
 *    whole runs (whose end, the final read and per-snapshot checks, grows with the cycles);
 * 2. the standard savepoint-restore scenario (savepoint-restore-rollback-first), ms per run;
 * 3. planning at 100 vs 10,000 commits of write-only tables (commits made straight through FileStoreCommit
 *    with one data file's metadata each, so 10,000 commits stay cheap; planning never opens data files):
 *    `growing` adds a file per commit (the snapshot references every file), `replacing` adds one and deletes
 *    the previous one (the snapshot references one file, history grows);
 * 4. expiring k snapshots of the `replacing` table (k = 10 and 100; at 1,000 and at 10,000 snapshots).
 *
 * Usage: npx tsx bench/recovery-speed.ts [cycles] [runs] [--quick]. Writes bench/results/recovery-speed.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ManualClock, MemoryFileIO, SeededRandom } from '../src/common/index.js';
import { bundledScenario, runScenario, type Scenario, type Step } from '../src/sim/index.js';
import { type RunPhase, runScenarioPhases } from '../src/sim/scenario/runner.js';
import { setCompiledTypeCache } from '../src/storage/format/avro/container.js';
import { type CommitMessage, expireSnapshots, FileSystemCatalog } from '../src/storage/index.js';
import { setDecodedFileCache } from '../src/storage/meta/decoded-file-cache.js';
import type { DataFileMeta } from '../src/storage/spec/data-file-meta.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = process.argv.includes('--quick');
const cycles = Number(args[0] ?? (quick ? 60 : 200));
const runs = Number(args[1] ?? (quick ? 5 : 20));
const bigHistory = quick ? 2_000 : 10_000;

function setCaches(on: boolean): void {
  setCompiledTypeCache(on);
  setDecodedFileCache(on);
}

function ms(work: () => void): number {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

// 1. Checkpoint cycles.
function cycleScenario(n: number): Scenario {
  const steps: Step[] = [{ op: 'start', job: 'a' }];
  for (let i = 0; i < n; i++)
    steps.push({ op: 'publish', count: 5 }, { op: 'run', until: { checkpoints: 1 } });
  return {
    name: 'bench-checkpoint-cycles',
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 20 },
    steps,
  };
}

/** One run's phases (ms): the steps (start, then publish + checkpoint per cycle) and the end of the run. */
function phases(scenario: Scenario): { stepsMs: number; endMs: number; totalMs: number } {
  const at: Partial<Record<RunPhase, number>> = {};
  const t0 = performance.now();
  runScenarioPhases(scenario, 1, {}, (phase) => {
    at[phase] = performance.now() - t0;
  });
  return { stepsMs: at.steps! - at.setUp!, endMs: at.captured! - at.steps!, totalMs: at.captured! };
}

/**
 * The marginal cost of a checkpoint cycle (long run minus short run, over the extra cycles), of the steps
 * alone (`cycleMs`: writers flush, committer commits, checkpoint metadata) and of whole runs (`runCycleMs`,
 * which adds the end of the run: healed-phase read and the record's per-snapshot checks, which grow with
 * the cycles), plus the end of the long run on its own.
 */
function checkpointCycles() {
  const shortCycles = Math.max(1, Math.floor(cycles / 4));
  const short = cycleScenario(shortCycles);
  const long = cycleScenario(cycles);
  runScenario(short, 1); // warm-up
  const medianOf = (s: Scenario) => {
    const runs3 = [1, 2, 3].map(() => phases(s));
    return {
      stepsMs: median(runs3.map((r) => r.stepsMs)),
      endMs: median(runs3.map((r) => r.endMs)),
      totalMs: median(runs3.map((r) => r.totalMs)),
    };
  };
  const a = medianOf(short);
  const b = medianOf(long);
  const extra = cycles - shortCycles;
  return {
    cycleMs: (b.stepsMs - a.stepsMs) / extra,
    runCycleMs: (b.totalMs - a.totalMs) / extra,
    endOfLongRunMs: b.endMs,
  };
}

// 2. Recovery scenario runs.
function recoveryRunMs(): number {
  const scenario = bundledScenario('savepoint-restore-rollback-first')!;
  runScenario(scenario, 1); // warm-up
  const times: number[] = [];
  for (let seed = 1; seed <= runs; seed++) times.push(ms(() => runScenario(scenario, seed)));
  return median(times);
}

// 3 and 4. Tables with long histories.
type Shape = 'growing' | 'replacing';

/** A write-only table in memory, and a way to add `n` more commits of the given shape. */
function tableWithHistory(shape: Shape) {
  const clock = new ManualClock(0);
  const catalog = new FileSystemCatalog({
    warehouse: '/warehouse',
    fileIO: new MemoryFileIO(clock),
    clock,
    random: new SeededRandom(7),
  });
  catalog.createDatabase('db');
  catalog.createTable('db.t', {
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'v', type: 'STRING' },
    ],
    options: { 'write-only': 'true', 'file.format': 'avro' },
  });
  const table = catalog.getTable('db.t');
  // One real data file; later commits reuse its metadata under new names.
  const write = table.newBatchWriteBuilder();
  const w = write.newWrite();
  w.write([{ id: 1n, v: 'x' }]);
  const first = w.prepareCommit();
  write.newCommit().commit(first);
  const template = first[0]!.newFiles[0]!;
  const commit = table.newCommit();
  let previous: DataFileMeta = template;
  let commits = 1;
  const commitMore = (n: number) => {
    for (let i = 0; i < n; i++, commits++) {
      clock.advance(1);
      const file: DataFileMeta = {
        ...template,
        fileName: `data-bench-${commits}.avro`,
        minSequenceNumber: commits,
        maxSequenceNumber: commits,
      };
      const message: CommitMessage = {
        ...first[0]!,
        newFiles: [file],
        deletedFiles: shape === 'replacing' ? [previous] : [],
      };
      commit.commit({ commitUser: 'bench', identifier: BigInt(commits), messages: [message] });
      previous = file;
    }
  };
  return { table, commitMore };
}

/**
 * Plan time (median of 5) averaged over the states after each of 30 consecutive commits ending at `commits`:
 * the base manifest list grows from 1 to 30 small manifests and is then merged (`manifest.merge-min-count`),
 * so a single state would measure where in that cycle it falls rather than the history.
 */
function planMs(shape: Shape, commits: number) {
  const { table, commitMore } = tableWithHistory(shape);
  commitMore(commits - 30);
  let total = 0;
  let files = 0;
  for (let i = 0; i < 30; i++) {
    commitMore(1);
    const times = Array.from({ length: 5 }, () => ms(() => (files = table.newReadBuilder().plan().length)));
    total += median(times);
  }
  return { ms: total / 30, files };
}

function planning(shape: Shape) {
  const small = planMs(shape, 100);
  const big = planMs(shape, bigHistory);
  return {
    shape,
    at100: { ms: round(small.ms, 3), liveFiles: small.files },
    [`at${bigHistory}`]: { ms: round(big.ms, 3), liveFiles: big.files },
    ratio: round(big.ms / small.ms),
  };
}

/**
 * Expiring k snapshots of a `replacing` table: the first expiration lists the snapshot directory (there is
 * no EARLIEST hint yet, as in Paimon), so the next k are timed, once the hint exists.
 */
function expiring(k: number, history: number): number {
  const { table, commitMore } = tableWithHistory('replacing');
  commitMore(history - 1);
  const expire = (retainMax: number) => {
    const result = expireSnapshots(table, {
      retainMin: 1,
      retainMax,
      timeRetainedMs: 0,
      expireLimit: k,
    });
    if (result.expired.length !== k) throw new Error(`expired ${result.expired.length}, wanted ${k}`);
  };
  expire(history - k);
  return ms(() => expire(history - 2 * k));
}

function measureAll(caches: boolean) {
  setCaches(caches);
  return {
    caches,
    ...(({ cycleMs, runCycleMs, endOfLongRunMs }) => ({
      checkpointCycleMs: round(cycleMs),
      runCycleMs: round(runCycleMs),
      endOfLongRunMs: round(endOfLongRunMs, 1),
    }))(checkpointCycles()),
    savepointRestoreRunMs: round(recoveryRunMs(), 1),
    planning: [planning('growing'), planning('replacing')],
    expire: {
      history: 1000,
      k10Ms: round(expiring(10, 1000)),
      k100Ms: round(expiring(100, 1000)),
      [`k10AtHistory${bigHistory}Ms`]: round(expiring(10, bigHistory)),
    },
  };
}

const results = [measureAll(false), measureAll(true)];
const result = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cycles,
  runs,
  targets: {
    checkpointCycleMs: 2,
    savepointRestoreRunMs: 50,
    planRatio: 2,
  },
  results,
};
for (const r of results) {
  console.log(
    `caches ${r.caches ? 'on ' : 'off'}: checkpoint cycle ${r.checkpointCycleMs} ms (${r.runCycleMs} ms with the end of the run; end of a ${cycles}-cycle run ${r.endOfLongRunMs} ms), savepoint-restore run ${r.savepointRestoreRunMs} ms`,
  );
  for (const p of r.planning) console.log(`  plan (${p.shape}): ${JSON.stringify(p)}`);
  console.log(`  expire: ${JSON.stringify(r.expire)}`);
}
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results/recovery-speed.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
