import { covers } from './pipelines.js';
import type { RunContext } from './run-context.js';
import type { Condition } from './steps.js';

/** What a `run` step is waiting for, in words (for "stopped: … while waiting for <this>"). */
export function describeCondition(c: Condition): string {
  if ('committed' in c) return `the first ${c.committed} events committed`;
  if ('allCommitted' in c) return 'every published event committed';
  if ('forMs' in c) return `${c.forMs} ms to pass`;
  if ('atMs' in c) return `t=${c.atMs}`;
  if ('checkpoints' in c) return `${c.checkpoints} more checkpoints${c.job ? ` of job ${c.job}` : ''}`;
  return `job ${c.job} to be ${c.status}`;
}

/** The condition as a predicate over the run, evaluated between slices. */
export function conditionCheck(ctx: RunContext, c: Condition): () => boolean {
  const now = () => ctx.env.clock.nowMs();
  if ('committed' in c) return () => covers(ctx.workload, ctx.rows(), ctx.published.slice(0, c.committed));
  if ('allCommitted' in c) return () => covers(ctx.workload, ctx.rows(), ctx.published);
  if ('forMs' in c) {
    const end = now() + c.forMs;
    return () => now() >= end;
  }
  if ('atMs' in c) return () => now() >= c.atMs;
  if ('checkpoints' in c) {
    const trace = ctx.env.trace;
    const from = trace.events.length;
    const ids = () => (c.job ? new Set([ctx.jobs.get(c.job)!.shortId]) : undefined);
    return () => {
      const only = ids();
      let n = 0;
      for (let i = from; i < trace.events.length; i++) {
        const e = trace.events[i]!;
        if (e.type === 'checkpoint.complete' && (!only || only.has(e.job))) n++;
      }
      return n >= c.checkpoints;
    };
  }
  return () => ctx.jobs.get(c.job)!.status === c.status;
}
