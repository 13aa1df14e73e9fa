/**
 * The job event trace: one event per step that matters for recovery (trigger, barrier, ack, complete, notify,
 * abort, savepoint, restore, failover, restart, finish, injected faults). Same seed, same trace — byte for byte.
 */
export type TraceEventType =
  | 'job.submit'
  | 'job.restore'
  | 'job.running'
  | 'job.finished'
  | 'job.failed'
  | 'job.canceled'
  | 'checkpoint.trigger'
  | 'checkpoint.barrier'
  | 'checkpoint.ack'
  | 'checkpoint.ack-dropped'
  | 'checkpoint.complete'
  | 'checkpoint.notify'
  | 'checkpoint.notify-dropped'
  | 'checkpoint.abort'
  | 'savepoint.complete'
  | 'fault.injected'
  | 'task.failure'
  | 'job.failover'
  | 'job.restart'
  // Events written by others into the same trace: storage (commits, tags, expiry) and the simulator's steps.
  | `storage.${string}`
  | `sim.${string}`;

export interface TraceEvent {
  readonly seq: number;
  readonly timeMs: number;
  readonly job: string;
  readonly type: TraceEventType;
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

export class Trace {
  readonly events: TraceEvent[] = [];

  record(
    timeMs: number,
    job: string,
    type: TraceEventType,
    details: Record<string, string | number | boolean> = {},
  ): void {
    this.events.push({ seq: this.events.length, timeMs, job, type, details });
  }

  /** One line per event: `t=000000123 job=1a2b3c checkpoint.complete id=3 kind=checkpoint`. */
  lines(): string[] {
    return this.events.map(
      (e) =>
        `t=${String(e.timeMs).padStart(9, '0')} job=${e.job} ${e.type}${Object.entries(e.details)
          .map(([k, v]) => ` ${k}=${v}`)
          .join('')}`,
    );
  }

  /** A short hash of all lines (FNV-1a): run a seed twice and compare, as madsim's determinism check does. */
  digest(): string {
    let h = 0x811c9dc5;
    for (const line of this.lines()) {
      for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
      h = Math.imul(h ^ 10, 0x01000193);
    }
    return (h >>> 0).toString(16).padStart(8, '0');
  }

  ofType(type: TraceEventType): TraceEvent[] {
    return this.events.filter((e) => e.type === type);
  }
}
