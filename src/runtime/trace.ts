/**
 * The job event trace: one event per step that matters for recovery (trigger, barrier, ack, complete, notify,
 * abort, savepoint, restore, failover, restart, finish). Same seed, same trace — byte for byte.
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
  | 'checkpoint.complete'
  | 'checkpoint.notify'
  | 'checkpoint.notify-dropped'
  | 'checkpoint.abort'
  | 'savepoint.complete'
  | 'task.failure'
  | 'job.failover'
  | 'job.restart';

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

  ofType(type: TraceEventType): TraceEvent[] {
    return this.events.filter((e) => e.type === type);
  }
}
