import { nextUuid, PaimonSimError } from '../../common/index.js';
import {
  type JobClient,
  type JobGraph,
  LogSource,
  LogTopic,
  StreamEnvironment,
  sinkToPaimon,
} from '../../runtime/index.js';
import type { FileStoreTable, Row } from '../../storage/index.js';
import type { SimEnv } from '../env/sim-env.js';
import type { Failure, StepOutcome, WaitOutcome } from '../record/run-record.js';
import { type CanonicalRow, type PublishedEvent, sortRows, type Workload } from './pipelines.js';
import type { Scenario } from './scenario.js';

export interface SavepointTaken {
  readonly job: string;
  readonly id: number;
  path?: string;
  error?: string;
}

/** Bounds of every wait (TigerBeetle: put a limit on everything, and say which limit was hit). */
export const DEFAULT_WAIT_MS = 20_000;
export const MAX_STEPS_PER_WAIT = 2_000_000;
/** Conditions that read the table are checked between slices of virtual time, not before every step. */
const SLICE_MS = 25;

/** The state of one scenario run, shared by the runner and the step actions. */
export class RunContext {
  readonly topics = new Map<string, LogTopic<Row>>();
  readonly published: PublishedEvent[] = [];
  readonly jobs = new Map<string, JobClient>();
  readonly restoredFrom = new Map<string, string>();
  readonly savepoints = new Map<string, SavepointTaken>();
  readonly stepFailures: Failure[] = [];
  readonly steps: StepOutcome[] = [];
  readonly waits: WaitOutcome[] = [];
  /** True until the heal: faults are armed during cluster steps. */
  faulty = true;
  step = -1;
  private cache: { key: string; rows: CanonicalRow[] } | undefined;

  constructor(
    readonly env: SimEnv,
    readonly scenario: Scenario,
    readonly workload: Workload,
  ) {}

  get tableName(): string {
    return this.workload.table;
  }

  table(): FileStoreTable {
    return this.env.catalog.getTable(this.tableName);
  }

  topic(name = 'main'): LogTopic<Row> {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = new LogTopic<Row>(name, this.scenario.pipeline.partitions ?? 2);
      this.topics.set(name, topic);
    }
    return topic;
  }

  /** Appends `count` new events (ids continue across topics) to a topic, each key to one partition. */
  publish(count: number, topicName = 'main'): void {
    const topic = this.topic(topicName);
    for (let n = 0; n < count; n++) {
      const id = this.published.length;
      const key = this.workload.key(id);
      const partition = key % topic.partitions.length;
      topic.append(partition, this.workload.record(id));
      this.published.push({ id, topic: topicName, partition, key });
    }
  }

  /** The job as a fresh `flink run` builds it: a new commit user (from the ids stream) unless state restores one. */
  buildJob(topicName = 'main'): JobGraph {
    const p = this.scenario.pipeline;
    const env = new StreamEnvironment({
      parallelism: p.parallelism ?? 2,
      checkpointing: {
        intervalMs: p.checkpointIntervalMs ?? 100,
        ...(p.tolerableFailedCheckpoints === undefined
          ? {}
          : { tolerableFailures: p.tolerableFailedCheckpoints }),
      },
      restartStrategy: { type: 'fixed-delay', attempts: p.restarts ?? 3, delayMs: 10 },
    });
    const topic = this.topic(topicName);
    const stream = env.fromSource<Row>(() => new LogSource(topic), { uid: 'source' });
    sinkToPaimon(stream, () => this.table(), { commitUser: nextUuid(this.env.streams.ids) });
    return env.build(`${this.workload.name}-to-paimon`);
  }

  /** The table's rows, canonical and sorted; re-read only when the latest snapshot changed. */
  rows(): CanonicalRow[] {
    const table = this.table();
    const latest = table.snapshotManager.latestSnapshot();
    const key = latest
      ? `${latest.id}/${latest.timeMillis}/${latest.commitUser}/${latest.commitIdentifier}`
      : '-';
    if (this.cache?.key !== key) {
      const rows = table
        .newReadBuilder()
        .readRows()
        .map((r) => this.workload.canonical(r));
      this.cache = { key, rows: sortRows(rows) };
    }
    return this.cache.rows;
  }

  /** Jobs that can still change something (running or about to restart). */
  liveJobs(): JobClient[] {
    return [...this.jobs.values()].filter((j) => j.status === 'RUNNING' || j.status === 'RESTARTING');
  }

  /**
   * Runs the cluster until `done()` holds, at most `limitMs` of virtual time and MAX_STEPS_PER_WAIT steps;
   * stops early when no job can change anything any more (unless only time is awaited: `timeOnly`).
   * Records and returns how it ended.
   */
  runUntil(
    done: () => boolean,
    waitingFor: string,
    limitMs = DEFAULT_WAIT_MS,
    timeOnly = false,
  ): WaitOutcome {
    const { clock } = this.env;
    const end = clock.nowMs() + limitMs;
    let steps = 0;
    let reason: string | undefined;
    while (reason === undefined) {
      try {
        if (done()) break;
      } catch (e) {
        if (!(e instanceof PaimonSimError)) throw e;
        reason = `stopped: the table cannot be read (${e.message.split('\n')[0]}) while waiting for ${waitingFor}`;
        this.stepFailures.push({
          atMs: clock.nowMs(),
          source: `step ${this.step} (reading the table)`,
          text: e.message,
        });
        break;
      }
      if (clock.nowMs() >= end) reason = `stopped: maxMs ${limitMs} reached while waiting for ${waitingFor}`;
      else if (steps >= MAX_STEPS_PER_WAIT)
        reason = `stopped: maxSteps ${MAX_STEPS_PER_WAIT} reached while waiting for ${waitingFor}`;
      else if (this.liveJobs().length === 0 && this.nextTimedMs() === undefined && timeOnly)
        this.env.cluster.advanceTime(end - clock.nowMs()); // nothing runs: time just passes
      else if (this.liveJobs().length === 0 && this.nextTimedMs() === undefined)
        reason = `stopped: no job is running (${this.jobSummary()}) while waiting for ${waitingFor}`;
      else steps += this.slice(Math.min(end, clock.nowMs() + SLICE_MS), MAX_STEPS_PER_WAIT - steps);
    }
    const outcome = { step: this.step, waitingFor, met: reason === undefined, reason: reason ?? 'met' };
    this.waits.push(outcome);
    return outcome;
  }

  /** Runs to `untilMs` (or the next timed fault), with faults armed in the faulty phase; returns steps taken. */
  slice(untilMs: number, maxSteps = MAX_STEPS_PER_WAIT): number {
    const { cluster, faults } = this.env;
    const timed = this.nextTimedMs();
    const stopAt = timed === undefined ? untilMs : Math.min(untilMs, Math.max(timed, this.env.clock.nowMs()));
    faults.armed = this.faulty;
    try {
      const steps = cluster.run({
        untilMs: stopAt,
        maxSteps,
        // a step boundary: slow IO's virtual time is paid here (stopping the run if it passes stopAt)
        until: () => {
          faults.payDebt();
          return false;
        },
      });
      faults.payDebt();
      faults.fireTimed();
      return steps;
    } finally {
      faults.armed = false;
    }
  }

  /** The next timed fault (crash, restart, cancel) of the faulty phase. */
  private nextTimedMs(): number | undefined {
    return this.faulty ? this.env.faults.nextTimedMs() : undefined;
  }

  jobSummary(): string {
    return [...this.jobs].map(([name, j]) => `${name} ${j.status}`).join(', ') || 'none started';
  }

  note(outcome: string): void {
    const last = this.steps[this.steps.length - 1];
    if (last && last.index === this.step) (last as { outcome: string }).outcome = outcome;
  }
}
