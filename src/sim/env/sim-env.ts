import {
  type FileIO,
  LocalFileIO,
  ManualClock,
  MemoryFileIO,
  type Random,
  SeededRandom,
  type Trace,
} from '../../common/index.js';
import { MiniCluster } from '../../runtime/index.js';
import { FileSystemCatalog } from '../../storage/index.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import { FaultInjector, type NamedJob } from '../faults/injector.js';
import { InstrumentedFileIO } from './instrumented-file-io.js';
import { RootedFileIO } from './rooted-file-io.js';
import { StorageTap } from './storage-tap.js';

export interface SimEnvOptions {
  /**
   * Where files live: in memory (default), or on disk under `dir` (LocalFileIO; the warehouse is
   * `<dir>/warehouse`, checkpoints and savepoints `<dir>/flink/…`), for the CLI's table commands afterwards,
   * or a FileIO of your own (paths as given: the warehouse is `/warehouse`).
   */
  readonly storage?: StorageChoice;
  /** Which runnable subtask steps next: drawn from the scheduler stream (default) or round-robin. */
  readonly scheduler?: 'random' | 'round-robin';
  /** Virtual time per processing step (default 1 ms). */
  readonly stepMs?: number;
  /**
   * A test seam for determinism checks: wraps a component's stream before anyone draws from it (say, to
   * make the table draw one more UUID and show that the schedule and the faults do not move). Identity when unset.
   */
  readonly wrapStream?: (component: SimComponent, stream: Random) => Random;
}

/** One independent random stream per component (TigerBeetle's vopr.zig: one seed per component). */
export interface SimStreams {
  /** The MiniCluster: which subtask steps next, job ids, checkpoint jitter, restart backoff. */
  readonly scheduler: Random;
  /** New job runs: commit users (a fresh `flink run` gets a new one). */
  readonly ids: Random;
  /** Storage: file names, manifest names. */
  readonly table: Random;
  /** Fault plans: which points a swarm activates, which hits fire. */
  readonly faults: Random;
}

/** The components that draw from a stream of their own. */
export type SimComponent = keyof SimStreams;

export type StorageChoice = 'memory' | { readonly dir: string } | { readonly fileIO: FileIO };

export const WAREHOUSE = '/warehouse';

/**
 * A seeded simulation environment: a virtual clock, one random stream per component forked from the seed,
 * a FileIO (memory or local) that storage and runtime share, a MiniCluster, a filesystem catalog, one trace
 * that runtime and storage both write to, and a fault injector (no faults until a plan is bound). An extra
 * draw in one component (say, one more file name) never shifts another's (say, the schedule), so old
 * seeds keep replaying as the code grows.
 */
export class SimEnv {
  readonly clock = new ManualClock(0);
  readonly streams: SimStreams;
  readonly fileIO: FileIO;
  readonly cluster: MiniCluster;
  readonly catalog: FileSystemCatalog;
  readonly faults: FaultInjector;
  /** Jobs by scenario name, in submission order (the injector's view of what runs). */
  readonly jobs: NamedJob[] = [];

  private constructor(
    readonly seed: number,
    readonly options: SimEnvOptions,
  ) {
    const root = new SeededRandom(seed);
    const wrap = options.wrapStream ?? ((_: SimComponent, stream: Random) => stream);
    // Forked in a fixed order, each from the root alone: a component's draws never reach another's stream.
    this.streams = {
      scheduler: wrap('scheduler', root.fork('scheduler')),
      ids: wrap('ids', root.fork('ids')),
      table: wrap('table', root.fork('table')),
      faults: wrap('faults', root.fork('faults')),
    };
    const base = baseFileIO(options.storage ?? 'memory', this.clock, root.fork('local-io'));
    // The trace belongs to the cluster; the storage tap and the injector write into the same one.
    const listeners: { tap?: StorageTap; faults?: FaultInjector } = {};
    const io = new InstrumentedFileIO(base, [
      { after: (k, p, e) => listeners.tap?.after(k, p, e) },
      { before: (k, p) => listeners.faults?.before(k, p), after: (k, p) => listeners.faults?.after(k, p) },
    ]);
    this.fileIO = io;
    this.cluster = new MiniCluster({
      clock: this.clock,
      random: this.streams.scheduler,
      fileIO: io,
      scheduler: options.scheduler ?? 'random',
      ...(options.stepMs === undefined ? {} : { stepMs: options.stepMs }),
    });
    this.faults = new FaultInjector(this.streams.faults, this.clock, this.cluster.trace, () =>
      this.jobs.filter((j) => j.client.status === 'RUNNING'),
    );
    Object.assign(this.cluster.faults, this.faults.runtime);
    listeners.tap = new StorageTap(this.cluster.trace, this.clock, WAREHOUSE);
    listeners.faults = this.faults;
    this.catalog = new FileSystemCatalog({
      warehouse: WAREHOUSE,
      fileIO: io,
      clock: this.clock,
      random: this.streams.table,
    });
  }

  static create(seed: number, options: SimEnvOptions = {}): SimEnv {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)
      throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    return new SimEnv(seed, options);
  }

  get trace(): Trace {
    return this.cluster.trace;
  }

  /** Binds a fault plan (armed later, by the runner, around the faulty phase's cluster steps). */
  injectFaults(plan: FaultPlan): void {
    this.faults.bind(plan);
  }

  /** vopr.zig's banner: everything needed to replay, first. */
  banner(faults = 'none'): string {
    const choice = this.options.storage ?? 'memory';
    const storage = choice === 'memory' ? 'memory' : 'fileIO' in choice ? 'custom' : 'local';
    return `seed=${this.seed} faults=${faults} scheduler=${this.options.scheduler ?? 'random'} storage=${storage}`;
  }
}

function baseFileIO(storage: StorageChoice, clock: ManualClock, random: SeededRandom): FileIO {
  if (storage === 'memory') return new MemoryFileIO(clock);
  if ('fileIO' in storage) return storage.fileIO;
  return new RootedFileIO(new LocalFileIO(random), storage.dir);
}
