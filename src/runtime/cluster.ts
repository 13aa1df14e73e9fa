import { type Clock, ManualClock } from '../common/clock.js';
import { nextInt, type Random, SeededRandom } from '../common/random.js';
import type { FileIO } from '../storage/fs/file-io.js';
import { MemoryFileIO } from '../storage/fs/memory-file-io.js';
import type { JobGraph } from './api/job-graph.js';
import { JobClient, type SubmitOptions } from './job.js';
import { Trace } from './trace.js';

/** Hooks the simulator uses to perturb a run. */
export interface RuntimeFaults {
  /** Return true to lose the `notifyCheckpointComplete(checkpointId)` delivery to one task (best effort RPC). */
  dropNotification?: (checkpointId: number, taskKey: string) => boolean;
}

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
  readonly faults?: RuntimeFaults;
}

export interface ClusterContext {
  readonly clock: ManualClock;
  readonly random: Random;
  readonly fileIO: FileIO;
  readonly checkpointDir: string;
  readonly savepointDir: string;
  readonly trace: Trace;
  readonly faults: RuntimeFaults;
}

export interface RunLimits {
  /** Stop when virtual time reaches this. */
  readonly untilMs?: number;
  /** Stop as soon as this holds (checked after every step). */
  readonly until?: () => boolean;
  /** Safety bound on steps (default 1,000,000). */
  readonly maxSteps?: number;
}

/**
 * A deterministic in-process Flink (`MiniCluster`): jobs share one virtual clock, one seeded random and one
 * FileIO. `run()` executes steps: each picks a runnable subtask at random (seeded) so interleavings vary with
 * the seed and replay exactly; when nothing is runnable, time jumps to the next timer.
 */
export class MiniCluster implements ClusterContext {
  readonly clock: ManualClock;
  readonly random: Random;
  readonly fileIO: FileIO;
  readonly checkpointDir: string;
  readonly savepointDir: string;
  readonly trace = new Trace();
  readonly faults: RuntimeFaults;
  readonly jobs: JobClient[] = [];
  private readonly stepMs: number;

  constructor(options: ClusterOptions = {}) {
    this.clock = options.clock ?? new ManualClock(0);
    this.random = options.random ?? new SeededRandom(0);
    this.fileIO = options.fileIO ?? new MemoryFileIO(this.clock);
    this.checkpointDir = options.checkpointDir ?? '/flink/checkpoints';
    this.savepointDir = options.savepointDir ?? '/flink/savepoints';
    this.stepMs = options.stepMs ?? 1;
    this.faults = options.faults ?? {};
  }

  submit(graph: JobGraph, options: SubmitOptions = {}): JobClient {
    const job = new JobClient(graph, this, options);
    this.jobs.push(job);
    return job;
  }

  /** Runs until a limit is reached or nothing can happen any more; returns the number of steps taken. */
  run(limits: RunLimits = {}): number {
    const maxSteps = limits.maxSteps ?? 1_000_000;
    let steps = 0;
    while (steps < maxSteps) {
      if (limits.until?.()) break;
      const now = this.clock.nowMs();
      if (limits.untilMs !== undefined && now >= limits.untilMs) break;
      for (const job of this.jobs) job.onTime(now);
      const runnable = this.jobs.flatMap((job) => job.runnableTasks().map((task) => ({ job, task })));
      if (runnable.length > 0) {
        const { job, task } = runnable[nextInt(this.random, runnable.length)]!;
        job.step(task);
        steps++;
        this.clock.advance(this.stepMs);
        continue;
      }
      const wakeups = this.jobs.map((j) => j.nextWakeupMs()).filter((t): t is number => t !== undefined);
      if (wakeups.length === 0) {
        if (limits.untilMs !== undefined && this.jobs.some((j) => j.status === 'RUNNING'))
          this.clock.set(Math.max(now, limits.untilMs));
        break;
      }
      const next = Math.max(now + 1, Math.min(...wakeups));
      if (limits.untilMs !== undefined && next > limits.untilMs) {
        this.clock.set(limits.untilMs);
        break;
      }
      this.clock.set(next);
    }
    return steps;
  }
}

export type { Clock };
