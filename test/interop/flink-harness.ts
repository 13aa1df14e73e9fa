/**
 * Real Flink 1.20 + paimon-flink 1.3.1 as a differential oracle for the scenario runner (README.md, section
 * "Flink"). A scenario runs in paimon-sim first; its record says how many checkpoints each job completed during
 * each step. The same scenario, with that checkpoint schedule and the published events spelled out, is sent to
 * the Java harness (flink/src/main/java/paimonsim/flink), which runs it on a MiniCluster with periodic
 * checkpoints off and triggers exactly those checkpoints (ScenarioRun.java says how timing is taken out).
 * Both runs are then reduced to the same observation and compared.
 */
import { join } from 'node:path';
import { MemoryFileIO } from '../../src/common/index.js';
import type { RunRecord } from '../../src/sim/record/run-record.js';
import { type CanonicalRow, WORKLOADS } from '../../src/sim/scenario/pipelines.js';
import { runScenario } from '../../src/sim/scenario/runner.js';
import type { Scenario } from '../../src/sim/scenario/scenario.js';
import { JvmProcess } from './jvm-process.js';

const here = import.meta.dirname;
export const FLINK_JAR = join(here, 'flink', 'target', 'flink-harness.jar');

/** A checkpoint or savepoint the simulator wrote: its job (short id), id, kind and source offsets. */
export interface SimSnapshotTaken {
  readonly job: string;
  readonly id: number;
  readonly kind: string;
  /** partition → next offset of the job's source at the barrier. */
  readonly offsets: Readonly<Record<string, number>>;
}

/**
 * The simulator's in-memory files, noting every checkpoint and savepoint `_metadata` written under /flink
 * (the simulator keeps only the latest checkpoint, so they are read as they are written).
 */
class RecordingFileIO extends MemoryFileIO {
  readonly taken: SimSnapshotTaken[] = [];

  override writeFile(path: string, data: Uint8Array, overwrite?: boolean): void {
    super.writeFile(path, data, overwrite);
    this.note(path, data);
  }

  override writeAtomic(path: string, data: Uint8Array): void {
    super.writeAtomic(path, data);
    this.note(path, data);
  }

  override createExclusive(path: string, data: Uint8Array): boolean {
    const created = super.createExclusive(path, data);
    if (created) this.note(path, data);
    return created;
  }

  private note(path: string, data: Uint8Array): void {
    if (!path.startsWith('/flink/') || !path.endsWith('/_metadata')) return;
    const meta = JSON.parse(new TextDecoder().decode(data)) as {
      jobId: string;
      checkpointId: number;
      kind: string;
      operators: Record<string, { subtasks: { operator: { union: Record<string, unknown> } }[] }>;
    };
    const offsets: Record<string, number> = {};
    for (const sub of meta.operators['source']?.subtasks ?? []) {
      const entries = (sub.operator.union['topic-partition-offsets'] ?? []) as {
        partition: number;
        offset: number;
      }[];
      for (const e of entries) offsets[String(e.partition)] = e.offset;
    }
    this.taken.push({ job: meta.jobId.slice(0, 6), id: meta.checkpointId, kind: meta.kind, offsets });
  }
}

export interface SimRun {
  readonly record: RunRecord;
  readonly taken: readonly SimSnapshotTaken[];
  readonly ms: number;
}

/** Runs a scenario in paimon-sim (in memory), noting the source offsets of every checkpoint and savepoint. */
export function runSim(scenario: Scenario, seed = 1): SimRun {
  const io = new RecordingFileIO();
  const t0 = performance.now();
  const record = runScenario(scenario, seed, { storage: { fileIO: io } });
  return { record, taken: io.taken, ms: performance.now() - t0 };
}

/** What both engines are compared on. */
export interface Observation {
  /** Final rows as canonical text, sorted (a multiset: duplicates stay). */
  readonly rows: readonly string[];
  /** `$snapshots`: commit kind, identifier and commit user (renamed u1, u2, … in order of first appearance). */
  readonly snapshots: readonly string[];
  /** `$tags`: `name@snapshot`. */
  readonly tags: readonly string[];
  /** Each job's final status, with its failure cause (first line) when it failed. */
  readonly jobs: readonly string[];
  /** Distinct failure texts (first lines): task and job failures and steps that failed as expected. */
  readonly failures: readonly string[];
  /** Checkpoint ids in the order they were triggered, `job id`. */
  readonly checkpoints: readonly string[];
}

interface JavaRun {
  rows: Record<string, string | null>[];
  snapshots: Record<string, string | null>[];
  tags: Record<string, string | null>[];
  jobs: { name: string; status: string; cause?: string }[];
  failures: { source: string; text: string }[];
  steps: { index: number; op: string; outcome: string; ms: number }[];
  checkpointIds: { job: string; sim: number; flink: string }[];
  healedMs: number;
  totalMs: number;
}

export interface FlinkRun {
  readonly observation: Observation;
  readonly ms: number;
  readonly steps: JavaRun['steps'];
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();

function users(list: readonly string[]): (u: string) => string {
  const names = new Map<string, string>();
  for (const u of list) if (!names.has(u)) names.set(u, `u${names.size + 1}`);
  return (u) => names.get(u)!;
}

function rowTexts(rows: readonly CanonicalRow[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

function distinct(texts: readonly string[]): string[] {
  return [...new Set(texts.map(firstLine))].sort();
}

/** paimon-sim's run, reduced to the observation. */
export function observeSim({ record, taken }: SimRun): Observation {
  const jobName = new Map(record.jobs.map((j) => [j.id, j.name]));
  const user = users(record.snapshots.map((s) => s.commitUser));
  return {
    rows: rowTexts(record.rows),
    snapshots: record.snapshots.map((s) => `${s.commitKind} ${s.commitIdentifier} ${user(s.commitUser)}`),
    tags: record.tags.map((t) => `${t.name}@${t.snapshotId}`),
    jobs: record.jobs.map((j) => `${j.name} ${j.status}${j.cause ? `: ${firstLine(j.cause)}` : ''}`),
    failures: distinct(record.failures.map((f) => f.text)),
    checkpoints: taken.filter((t) => t.kind === 'checkpoint').map((t) => `${jobName.get(t.job)} ${t.id}`),
  };
}

function observeJava(run: JavaRun, record: RunRecord): Observation {
  const workload = WORKLOADS[record.scenario.pipeline.workload];
  const user = users(run.snapshots.map((s) => s.commit_user!));
  // the workload's canonical form, as the simulator's rows (e.g. listagg ids sorted: merge order is not compared)
  const rows = run.rows.map((r) => {
    const row: Record<string, string | null> = {};
    for (const f of workload.fields) row[f.name] = r[f.name] ?? null;
    return workload.canonical(row);
  });
  return {
    rows: rowTexts(rows),
    snapshots: run.snapshots.map((s) => `${s.commit_kind} ${s.commit_identifier} ${user(s.commit_user!)}`),
    tags: run.tags.map((t) => `${t.tag_name}@${t.snapshot_id}`),
    jobs: run.jobs.map((j) => `${j.name} ${j.status}${j.cause ? `: ${firstLine(j.cause)}` : ''}`),
    failures: distinct(run.failures.map((f) => f.text)),
    checkpoints: run.checkpointIds.map((c) => `${c.job} ${c.flink}`),
  };
}

/**
 * The request for the Java harness: the scenario's steps with, on each, the checkpoints (job names, in order)
 * the simulator completed during it, the published events of each `publish` step as rows (the workload's
 * own records, as canonical text in field order), the table the workload creates, and the healed phase's
 * checkpoints.
 */
export function flinkRequest({ record, taken }: SimRun, warehouse: string): unknown {
  const scenario: Scenario = record.scenario;
  refuseFaults(scenario);
  const workload = WORKLOADS[scenario.pipeline.workload];
  const jobName = new Map(record.jobs.map((j) => [j.id, j.name]));
  const takenOf = (job: string, id: number, kind: (k: string) => boolean) => {
    const t = taken.find((x) => x.job === job && x.id === id && kind(x.kind));
    if (!t) throw new Error(`no metadata of checkpoint ${id} of job ${job} in the simulator's files`);
    return t;
  };
  const perStep: unknown[][] = scenario.steps.map(() => []);
  const healed: unknown[] = [];
  // checkpoints a savepoint step completed before its savepoint (triggered earlier, by the periodic timer)
  const beforeSavepoint: unknown[][] = scenario.steps.map(() => []);
  let step = 0;
  let savepointDone = false;
  // the checkpoint whose notification the next storage commits belong to
  let notified: { commits: boolean } | undefined;
  for (const e of record.trace) {
    if (e.type === 'sim.step') {
      step = Number(e.details.index) + 1;
      notified = undefined;
      savepointDone = false;
    } else if (e.type === 'savepoint.complete') savepointDone = true;
    else if (e.type === 'checkpoint.complete' || e.type === 'checkpoint.abort') {
      const name = jobName.get(e.job);
      if (name === undefined) throw new Error(`checkpoint of an unknown job ${e.job}`);
      const id = Number(e.details.id);
      const op = scenario.steps[step]?.op;
      const early = (op === 'savepoint' || op === 'stop-with-savepoint') && !savepointDone;
      const list = step >= perStep.length ? healed : early ? beforeSavepoint[step]! : perStep[step]!;
      if (e.type === 'checkpoint.complete') {
        const offsets = takenOf(e.job, id, (k) => k === 'checkpoint').offsets;
        notified = { commits: false };
        list.push(Object.assign(notified, { job: name, id, offsets }));
      } else if (e.details.kind === 'checkpoint' && String(e.details.reason).includes('declined')) {
        // a checkpoint a task declined (fault `coordinator.decline`): the harness makes it fail too
        notified = undefined;
        list.push({ job: name, id, fails: String(e.details.reason) });
      }
    } else if (e.type === 'storage.commit' && notified) notified.commits = true;
  }
  // savepoints (and stop-with-savepoint) in the order their steps took them
  const savepointsTaken = taken.filter((t) => t.kind !== 'checkpoint');
  let next = 0;
  const steps = scenario.steps.map((s, i) => {
    const out: Record<string, unknown> = {
      ...s,
      checkpoints: perStep[i],
      checkpointsBefore: beforeSavepoint[i],
    };
    if (s.op === 'savepoint' || s.op === 'stop-with-savepoint') {
      const sp = savepointsTaken.shift();
      if (!sp) throw new Error(`step ${i} (${s.op}): the simulator wrote no savepoint`);
      out.offsets = sp.offsets;
    }
    if (s.op === 'publish') {
      const events = record.published.slice(next, next + s.count);
      next += s.count;
      out.events = events.map((e) => {
        const row = workload.canonical(workload.record(e.id));
        return { partition: e.partition, values: workload.fields.map((f) => row[f.name] ?? null) };
      });
    }
    return out;
  });
  const [database, name] = workload.table.split('.');
  return {
    name: scenario.name,
    warehouse,
    table: {
      database,
      name,
      fields: workload.fields,
      primaryKeys: workload.primaryKeys ?? [],
      options: { ...workload.options, ...(scenario.table?.options ?? {}) },
    },
    pipeline: {
      parallelism: scenario.pipeline.parallelism ?? 2,
      partitions: scenario.pipeline.partitions ?? 2,
      restarts: scenario.pipeline.restarts ?? 3,
      tolerableFailedCheckpoints: scenario.pipeline.tolerableFailedCheckpoints ?? 0,
    },
    steps,
    healed,
  };
}

/**
 * Fault plans the harness can reproduce: only scripted `coordinator.decline` of a given checkpoint (a
 * checkpoint fails and every task is told; ScenarioRun.failCheckpoint). Every other fault point injects into
 * paimon-sim's own runtime or storage (a file operation, a lost message, a task failing at a given hook of
 * Paimon's operators) and has no real-stack equivalent here: refused, never silently skipped.
 */
export function refuseFaults(scenario: Scenario): void {
  const plan = scenario.faults;
  if (!plan || plan.kind === 'none') return;
  if (plan.kind === 'swarm')
    throw new Error(`${scenario.name}: a swarm fault plan has no real-stack equivalent in the Flink harness`);
  for (const f of plan.faults)
    if (f.point !== 'coordinator.decline' || f.checkpoint === undefined)
      throw new Error(
        `${scenario.name}: fault ${JSON.stringify(f)} has no real-stack equivalent in the Flink harness (supported: coordinator.decline with a checkpoint)`,
      );
}

/** One JVM with one MiniCluster for every scenario of the suite. */
export class FlinkHarness {
  private constructor(private readonly jvm: JvmProcess) {}

  /** Starts the JVM and its MiniCluster; resolves with the harness and the cluster's own start-up time. */
  static async start(): Promise<{ harness: FlinkHarness; clusterStartMs: number }> {
    const jvm = new JvmProcess({
      name: 'Flink harness',
      jar: FLINK_JAR,
      setup: 'test/interop/flink-setup.sh',
      jvmOptions: ['-Xmx768m', '-XX:+UseSerialGC'],
      failure: (_cmd, error, trace) => new Error(`Flink harness: ${error}\n${trace}`),
      // FLINK_HARNESS_LOG=/path keeps the JVM's whole log (Paimon's commit lines explain a difference)
      logFile: process.env['FLINK_HARNESS_LOG'],
    });
    const hello = await jvm.call<{ clusterStartMs: number }>('hello', {});
    return { harness: new FlinkHarness(jvm), clusterStartMs: hello.clusterStartMs };
  }

  /** Runs the scenario of a simulator record on real Flink (same steps and checkpoint schedule). */
  async run(sim: SimRun, warehouse: string): Promise<FlinkRun> {
    const t0 = performance.now();
    const out = await this.jvm.call<JavaRun>('run', { scenario: flinkRequest(sim, warehouse) });
    return { observation: observeJava(out, sim.record), ms: performance.now() - t0, steps: out.steps };
  }

  close(): Promise<void> {
    return this.jvm.close('quit');
  }
}
