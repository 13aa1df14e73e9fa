import {
  InjectedFaultError,
  type ManualClock,
  nextFloat,
  type Random,
  type Trace,
} from '../../common/index.js';
import type { JobClient, RuntimeFaults, TaskFaultPoint } from '../../runtime/index.js';
import type { IOKind, IOListener } from '../env/instrumented-file-io.js';
import { type FaultPlan, NO_FAULTS, type ScriptedFault } from './fault-plan.js';
import { FAULT_POINT_NAMES, FAULT_POINTS, type FaultPointName, TIMED_POINTS } from './fault-points.js';

/** A fault that fired: the record's list (and the trace's `fault.injected` events). */
export interface FiredFault {
  readonly point: FaultPointName;
  readonly atMs: number;
  /** The task key, file path or job it hit. */
  readonly at: string;
}

/** A running job the injector may act on (timed faults, declines). */
export interface NamedJob {
  readonly name: string;
  readonly client: JobClient;
}

interface Hit {
  readonly point: FaultPointName;
  readonly at: string;
  readonly task?: string;
  readonly path?: string;
  readonly checkpoint?: number;
}

const IO_POINTS: Record<IOKind, [FaultPointName, FaultPointName]> = {
  write: ['fs.write.before', 'fs.write.after'],
  rename: ['fs.rename.before', 'fs.rename.after'],
  'create-exclusive': ['fs.create-exclusive.before', 'fs.create-exclusive.after'],
  delete: ['fs.delete.before', 'fs.delete.after'],
  'delete-directory': ['fs.delete.before', 'fs.delete.after'],
};

/**
 * Binds a fault plan to one simulated run: the FileIO listener (storage faults), `RuntimeFaults` (task and
 * coordinator faults) and timed faults (crash, restart, cancel). Faults fire only while armed: the runner
 * arms it around cluster steps of the faulty phase, so its own reads and maintenance steps never fail, and
 * disarms it for good when the healed phase starts. Storage faults throw `InjectedFaultError` (storage never
 * swallows it); task faults throw from the runtime's own hook ("Injected failure at …").
 */
export class FaultInjector implements IOListener {
  armed = false;
  readonly fired: FiredFault[] = [];
  /**
   * Virtual time owed by slow IO. The cluster's clock may only move between steps (a step computes its
   * next time from the time it started), so the runner pays this at the next step boundary (`payDebt`).
   */
  private slowDebtMs = 0;
  private plan: FaultPlan = NO_FAULTS;
  private active = new Set<FaultPointName>();
  private readonly matches: number[] = [];
  private readonly timedDone = new Set<number>();

  constructor(
    private readonly random: Random,
    private readonly clock: ManualClock,
    private readonly trace: Trace,
    private readonly jobs: () => readonly NamedJob[],
  ) {}

  /** Installs a plan; a swarm plan draws its active points now, from the fault stream (BUGGIFY's first level). */
  bind(plan: FaultPlan): void {
    this.plan = plan;
    this.active = new Set();
    if (plan.kind === 'swarm') {
      const activation = plan.activation ?? 0.25;
      for (const name of FAULT_POINT_NAMES) {
        const candidate = FAULT_POINTS[name].swarm && (plan.points?.includes(name) ?? true);
        if (candidate && nextFloat(this.random) < activation) this.active.add(name);
      }
    }
  }

  /** Swarm: the points active in this run. */
  activePoints(): FaultPointName[] {
    return [...this.active];
  }

  readonly runtime: RuntimeFaults = {
    failAt: (point: TaskFaultPoint, taskKey: string, checkpointId: number) =>
      this.hit(
        { point: `task.${point}` as FaultPointName, at: taskKey, task: taskKey, checkpoint: checkpointId },
        false,
      ),
    dropAck: (checkpointId: number, taskKey: string) => {
      const hit = { at: taskKey, task: taskKey, checkpoint: checkpointId };
      if (this.hit({ point: 'coordinator.decline', ...hit })) {
        for (const { client } of this.jobs())
          if (client.tasks.some((t) => t.key === taskKey))
            client.declineCheckpoint(
              checkpointId,
              taskKey,
              `Task ${taskKey} declined checkpoint ${checkpointId} (injected)`,
            );
        return true;
      }
      return this.hit({ point: 'coordinator.ack.lost', ...hit });
    },
    dropNotification: (checkpointId: number, taskKey: string) =>
      this.hit({ point: 'coordinator.notify.lost', at: taskKey, task: taskKey, checkpoint: checkpointId }),
  };

  before(kind: IOKind, path: string): void {
    if (this.hit({ point: 'fs.slow', at: path, path })) this.slowDebtMs += this.slowMs(path);
    if (this.hit({ point: IO_POINTS[kind][0], at: path, path }))
      throw new InjectedFaultError(`${IO_POINTS[kind][0]} ${path}`);
  }

  after(kind: IOKind, path: string): void {
    if (this.hit({ point: IO_POINTS[kind][1], at: path, path }))
      throw new InjectedFaultError(`${IO_POINTS[kind][1]} ${path}`);
  }

  /** Moves the clock by the time slow IO took; call between cluster steps only. */
  payDebt(): void {
    if (this.slowDebtMs === 0) return;
    this.clock.advance(this.slowDebtMs);
    this.slowDebtMs = 0;
  }

  /** The earliest virtual time a timed fault is due (the runner stops there), if any. */
  nextTimedMs(): number | undefined {
    if (this.plan.kind !== 'script') return undefined;
    let next: number | undefined;
    this.plan.faults.forEach((f, i) => {
      if (
        TIMED_POINTS.includes(f.point) &&
        !this.timedDone.has(i) &&
        (next === undefined || f.afterMs! < next)
      )
        next = f.afterMs;
    });
    return next;
  }

  /** Fires the timed faults due at the current time. */
  fireTimed(): void {
    if (!this.armed || this.plan.kind !== 'script') return;
    const now = this.clock.nowMs();
    this.plan.faults.forEach((f, i) => {
      if (!TIMED_POINTS.includes(f.point) || this.timedDone.has(i) || f.afterMs! > now) return;
      this.timedDone.add(i);
      for (const { name, client } of this.jobs()) {
        if (f.job !== undefined && f.job !== name) continue;
        if (client.status !== 'RUNNING') continue;
        this.note(f.point, `job ${name}`);
        if (f.point === 'job.cancel') client.cancel();
        else if (f.point === 'job.restart')
          failFirst(client, () => true, 'TaskManager lost (injected job.restart)');
        else
          failFirst(
            client,
            (uid) => uid.startsWith('Global Committer'),
            'JobManager failover (injected coordinator.crash)',
          );
      }
    });
  }

  /** Whether the fault fires at this hit; `quiet` leaves tracing to the caller (the runtime traces task faults). */
  private hit(h: Hit, note = true): boolean {
    if (!this.armed) return false;
    const fire =
      this.plan.kind === 'script' ? this.scripted(h) : this.plan.kind === 'swarm' ? this.swarm(h) : false;
    if (fire) {
      if (note) this.note(h.point, h.at);
      else this.fired.push({ point: h.point, atMs: this.clock.nowMs(), at: h.at });
    }
    return fire;
  }

  private scripted(h: Hit): boolean {
    if (this.plan.kind !== 'script') return false;
    let fire = false;
    this.plan.faults.forEach((f, i) => {
      if (!matches(f, h, this.clock.nowMs())) return;
      const n = (this.matches[i] ?? 0) + 1;
      this.matches[i] = n;
      const first = f.hit ?? 1;
      if (n >= first && n < first + (f.times ?? 1)) fire = true;
    });
    return fire;
  }

  private swarm(h: Hit): boolean {
    if (this.plan.kind !== 'swarm' || !this.active.has(h.point)) return false;
    if (h.path !== undefined && this.plan.path !== undefined && !h.path.includes(this.plan.path))
      return false;
    if (this.fired.length >= (this.plan.maxFaults ?? 3)) return false;
    return nextFloat(this.random) < (this.plan.perHit ?? 0.05);
  }

  private slowMs(path: string): number {
    if (this.plan.kind !== 'script') return 200;
    return (
      this.plan.faults.find((f) => f.point === 'fs.slow' && (f.path === undefined || path.includes(f.path)))
        ?.delayMs ?? 200
    );
  }

  private note(point: FaultPointName, at: string): void {
    this.fired.push({ point, atMs: this.clock.nowMs(), at });
    this.trace.record(this.clock.nowMs(), 'sim', 'fault.injected', { point, at });
  }
}

function matches(f: ScriptedFault, h: Hit, nowMs: number): boolean {
  if (f.point !== h.point) return false;
  if (f.task !== undefined && !(h.task ?? '').includes(f.task)) return false;
  if (f.path !== undefined && !(h.path ?? '').includes(f.path)) return false;
  if (f.checkpoint !== undefined && h.checkpoint !== f.checkpoint) return false;
  return f.afterMs === undefined || nowMs >= f.afterMs;
}

/** Fails the first task whose head operator uid passes `pick` (or the first task): a failover of the job. */
function failFirst(client: JobClient, pick: (uid: string) => boolean, reason: string): void {
  const task = client.tasks.find((t) => pick(t.vertex.uid)) ?? client.tasks[0];
  if (task) client.failTask(task.vertex.uid, task.index, reason);
}
