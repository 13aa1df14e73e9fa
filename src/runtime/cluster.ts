import { type Clock, ManualClock } from '../common/clock.js';
import type { FileIO } from '../common/io/file-io.js';
import { MemoryFileIO } from '../common/io/memory-file-io.js';
import { nextInt, type Random, SeededRandom } from '../common/random.js';
import { Trace } from '../common/trace.js';
import type { JobGraph } from './api/job-graph.js';
import type { ClusterContext, RuntimeFaults } from './cluster-context.js';
import { JobClient } from './job.js';
import { JobMaster, type SubmitOptions } from './job-master.js';
import { checkKeys } from './option-keys.js';

export interface ClusterOptions {
  readonly clock?: ManualClock;
  readonly random?: Random;
  readonly fileIO?: FileIO;
  /** `execution.checkpointing.dir`: checkpoints go to `<dir>/<jobId>/chk-<n>/_metadata`. */
  readonly checkpointDir?: string;
  /** `execution.checkpointing.savepoint-dir`: savepoints go to `<dir>/savepoint-<shortjobid>-<random>/_metadata`. */
  readonly savepointDir?: string;
  /** Virtual time each processing step takes (default 1 ms). */
  readonly stepMs?: number;
  /**
   * Which runnable subtask steps next: `random` (default) draws from the seeded random, so a seed explores one
   * interleaving and replays it exactly; `round-robin` is a fixed fair rotation that ignores the seed.
   */
  readonly scheduler?: 'random' | 'round-robin';
  readonly faults?: RuntimeFaults;
}

export interface RunLimits {
  /** Stop when virtual time reaches this. */
  readonly untilMs?: number;
  /** Stop as soon as this holds (checked before every step). */
  readonly until?: () => boolean;
  /** Safety bound on steps (default 1,000,000). */
  readonly maxSteps?: number;
}

/**
 * A deterministic in-process Flink (`MiniCluster`): jobs share one virtual clock, one seeded random and one
 * FileIO. Each `step()` runs one unit of work of one runnable subtask (picked by the scheduler) and moves
 * time by `stepMs`; when nothing is runnable, time jumps to the next timer (checkpoint trigger or timeout,
 * restart, processing-time timer, idle source poll). No real timers, no wall clock.
 */
export class MiniCluster implements ClusterContext {
  readonly clock: ManualClock;
  readonly random: Random;
  readonly fileIO: FileIO;
  readonly checkpointDir: string;
  readonly savepointDir: string;
  readonly trace = new Trace();
  readonly faults: RuntimeFaults;
  /** The job masters, driven by `step`; users see their `JobClient`s. */
  private readonly masters: JobMaster[] = [];
  private readonly clients: JobClient[] = [];
  private readonly stepMs: number;
  private readonly scheduler: 'random' | 'round-robin';
  private turn = 0;

  constructor(options: ClusterOptions = {}) {
    checkKeys('the cluster options', options, [
      'clock',
      'random',
      'fileIO',
      'checkpointDir',
      'savepointDir',
      'stepMs',
      'scheduler',
      'faults',
    ]);
    this.clock = options.clock ?? new ManualClock(0);
    this.random = options.random ?? new SeededRandom(0);
    this.fileIO = options.fileIO ?? new MemoryFileIO(this.clock);
    this.checkpointDir = options.checkpointDir ?? '/flink/checkpoints';
    this.savepointDir = options.savepointDir ?? '/flink/savepoints';
    this.stepMs = options.stepMs ?? 1;
    this.scheduler = options.scheduler ?? 'random';
    this.faults = options.faults ?? {};
  }

  submit(graph: JobGraph, options: SubmitOptions = {}): JobClient {
    checkKeys('the submit options', options, ['restoreFrom', 'allowNonRestoredState', 'claimMode']);
    const master = new JobMaster(graph, this, options);
    const client = new JobClient(master);
    this.masters.push(master);
    this.clients.push(client);
    return client;
  }

  /** Every submitted job, in submission order. */
  get jobs(): readonly JobClient[] {
    return this.clients;
  }

  /**
   * One scheduling decision: time-driven work, then one step of one runnable subtask; if none is runnable,
   * time jumps to the next wakeup (at most to `untilMs`). Says which happened; `idle` means nothing can
   * happen any more (before `untilMs`).
   */
  step(untilMs?: number): 'stepped' | 'waited' | 'idle' {
    const now = this.clock.nowMs();
    for (const job of this.masters) job.onTime(now);
    const runnable = this.masters.flatMap((job) => job.runnableTasks().map((task) => ({ job, task })));
    if (runnable.length > 0) {
      const pick =
        this.scheduler === 'random' ? nextInt(this.random, runnable.length) : this.turn++ % runnable.length;
      const { job, task } = runnable[pick]!;
      job.step(task);
      this.clock.advance(this.stepMs);
      return 'stepped';
    }
    let next: number | undefined;
    for (const job of this.masters) {
      const w = job.nextWakeupMs();
      if (w !== undefined && (next === undefined || w < next)) next = w;
    }
    if (next === undefined) {
      if (untilMs !== undefined && untilMs > now) this.clock.set(untilMs);
      return 'idle';
    }
    this.clock.set(Math.min(Math.max(now + 1, next), untilMs ?? Number.POSITIVE_INFINITY));
    return 'waited';
  }

  /** Runs until a limit is reached or nothing can happen any more; returns the number of steps taken. */
  run(limits: RunLimits = {}): number {
    const maxSteps = limits.maxSteps ?? 1_000_000;
    let steps = 0;
    while (steps < maxSteps) {
      if (limits.until?.()) break;
      if (limits.untilMs !== undefined && this.clock.nowMs() >= limits.untilMs) break;
      const outcome = this.step(limits.untilMs);
      if (outcome === 'idle') break;
      if (outcome === 'stepped') steps++;
    }
    return steps;
  }

  /** `run` until a time (ms) or a condition. */
  runUntil(limit: number | (() => boolean), maxSteps?: number): number {
    return typeof limit === 'number'
      ? this.run({ untilMs: limit, ...(maxSteps ? { maxSteps } : {}) })
      : this.run({ until: limit, ...(maxSteps ? { maxSteps } : {}) });
  }

  /** Moves virtual time forward without running any subtask, then fires what became due. */
  advanceTime(deltaMs: number): void {
    this.clock.advance(deltaMs);
    for (const job of this.masters) job.onTime(this.clock.nowMs());
  }
}

export type { Clock };
