import type { JobClient } from '../../runtime/index.js';
import {
  expireConfigOf,
  expireSnapshots,
  expireTags,
  removeOrphanFiles,
  rollbackToSnapshot,
  rollbackToTag,
} from '../../storage/index.js';
// not exported by storage/index.ts: tag expiry by time (`TagTimeExpire`)
import { ScenarioError } from '../errors.js';
import { conditionCheck, describeCondition } from './conditions.js';
import type { RunContext } from './run-context.js';
import type { Restore, Step } from './steps.js';

type Action<S> = (ctx: RunContext, step: S) => string;
type Of<O extends Step['op']> = Extract<Step, { op: O }>;

/** What each step does; each returns a one-line outcome for the narration and the trace. */
export const STEP_ACTIONS: { readonly [O in Step['op']]: Action<Of<O>> } = {
  publish: (ctx, s) => {
    const from = ctx.published.length;
    ctx.publish(s.count, s.topic);
    return `events ${from}-${ctx.published.length - 1} published to topic ${s.topic ?? 'main'}`;
  },
  start: (ctx, s) => start(ctx, s),
  run: (ctx, s) => {
    if (!s.until) {
      ctx.runUntil(() => false, `${s.maxMs ?? 1000} ms to pass`, s.maxMs ?? 1000, true);
      return `ran to t=${ctx.env.clock.nowMs()}`;
    }
    const c = s.until;
    // time conditions bound themselves exactly: the wait ends at that time, not at a slice after it
    const limit =
      s.maxMs ??
      ('forMs' in c ? c.forMs : 'atMs' in c ? Math.max(0, c.atMs - ctx.env.clock.nowMs()) : undefined);
    const w = ctx.runUntil(conditionCheck(ctx, c), describeCondition(c), limit, 'forMs' in c || 'atMs' in c);
    return w.met ? `${describeCondition(s.until)}: met at t=${ctx.env.clock.nowMs()}` : w.reason;
  },
  checkpoint: (ctx, s) => {
    const job = running(ctx, s.job);
    const id = job.triggerCheckpoint();
    return `checkpoint ${id}: ${awaitSnapshot(ctx, job, id, 'checkpoint.complete')}`;
  },
  savepoint: (ctx, s) => {
    const job = running(ctx, s.job);
    const taken: { job: string; id: number; path?: string; error?: string } = { job: s.job, id: -1 };
    taken.id = job.triggerSavepoint((r) => {
      taken.path = r.path;
    });
    ctx.savepoints.set(s.name, taken);
    const outcome = awaitSnapshot(ctx, job, taken.id, 'savepoint.complete');
    if (!taken.path) taken.error = outcome;
    return `savepoint ${taken.id} (${s.name}): ${outcome}`;
  },
  'stop-with-savepoint': (ctx, s) => {
    const job = running(ctx, s.job);
    const id = job.stopWithSavepoint(s.drain ?? false);
    const w = ctx.runUntil(
      () => job.status !== 'RUNNING' || job.stopResult !== undefined,
      `job ${s.job} to stop with savepoint ${id}`,
    );
    const result = job.stopResult;
    const taken = { job: s.job, id, ...(result && !(result instanceof Error) ? { path: result.path } : {}) };
    ctx.savepoints.set(s.name, {
      ...taken,
      ...(taken.path ? {} : { error: result instanceof Error ? result.message : w.reason }),
    });
    if (result instanceof Error) return `stop-with-savepoint ${id} failed: ${result.message}`;
    return taken.path ? `savepoint ${id} (${s.name}) at ${taken.path}; job ${job.status}` : w.reason;
  },
  cancel: (ctx, s) => {
    const job = job_(ctx, s.job);
    job.cancel();
    return `job ${job.shortId} ${job.status}`;
  },
  'fail-task': (ctx, s) => {
    const job = running(ctx, s.job);
    const table = ctx.tableName.split('.').pop()!;
    const uid =
      s.operator === 'source'
        ? 'source'
        : s.operator === 'writer'
          ? `Writer_${table}`
          : `Global Committer_${table}`;
    job.failTask(uid, s.subtask ?? 0, `${s.operator} subtask ${s.subtask ?? 0} failed (scenario step)`);
    return `${uid}#${s.subtask ?? 0} failed; job ${job.status}`;
  },
  'rollback-to': (ctx, s) => {
    const table = ctx.table();
    const tag = s.savepointTag !== undefined ? `savepoint-${savepointId(ctx, s.savepointTag)}` : s.tag;
    const r = tag !== undefined ? rollbackToTag(table, tag) : rollbackToSnapshot(table, s.snapshot!);
    const target = tag !== undefined ? `tag ${tag}` : `snapshot ${s.snapshot}`;
    return `rollback_to ${target}: snapshot ${r.previousSnapshotId} -> ${r.currentSnapshotId}, ${ctx.rows().length} rows`;
  },
  'expire-snapshots': (ctx, s) => {
    const table = ctx.table();
    const base = expireConfigOf(table);
    const r = expireSnapshots(table, {
      ...base,
      ...(s.retainMin === undefined ? {} : { retainMin: s.retainMin }),
      ...(s.retainMax === undefined ? {} : { retainMax: s.retainMax }),
      ...(s.olderThanMs === undefined ? {} : { timeRetainedMs: s.olderThanMs }),
    });
    return r.expired.length === 0 ? 'no snapshot expired' : `expired snapshots ${r.expired.join(', ')}`;
  },
  'expire-tags': (ctx) => {
    const expired = expireTags(ctx.table());
    return expired.length === 0 ? 'no tag expired' : `expired tags ${expired.join(', ')}`;
  },
  'remove-orphan-files': (ctx, s) => {
    const table = ctx.table();
    // no age given: every orphan (on local storage file times are the wall clock's, not the virtual one)
    const olderThan =
      s.olderThanMs === undefined ? Number.MAX_SAFE_INTEGER : table.env.clock.nowMs() - s.olderThanMs;
    const removed = removeOrphanFiles(table, olderThan);
    return removed.length === 0 ? 'no orphan file' : `removed ${removed.length} orphan files`;
  },
  'create-tag': (ctx, s) => {
    ctx.table().tagManager().createTagAt(s.name, s.snapshot);
    return `tag ${s.name} created`;
  },
  'delete-tag': (ctx, s) => {
    const tag = s.savepointTag !== undefined ? `savepoint-${savepointId(ctx, s.savepointTag)}` : s.name!;
    ctx.table().tagManager().deleteTag(tag);
    return `tag ${tag} deleted`;
  },
  'set-option': (ctx, s) => {
    ctx.env.catalog.alterTable(ctx.tableName, [{ kind: 'setOption', key: s.key, value: s.value }]);
    return `${s.key} = ${s.value}`;
  },
  heal: (ctx) => {
    ctx.faulty = false;
    return `faults stop at t=${ctx.env.clock.nowMs()}`;
  },
};

function start(ctx: RunContext, s: Of<'start'>): string {
  const restoreFrom = s.restore && restorePath(ctx, s.restore);
  const job = ctx.env.cluster.submit(ctx.buildJob(s.topic), {
    ...(restoreFrom ? { restoreFrom } : {}),
    ...(s.allowNonRestoredState ? { allowNonRestoredState: true } : {}),
  });
  ctx.jobs.set(s.job, job);
  ctx.env.jobs.push({ name: s.job, client: job });
  if (!restoreFrom) return `job ${s.job} = ${job.shortId} started`;
  ctx.restoredFrom.set(s.job, restoreFrom);
  return `job ${s.job} = ${job.shortId} restored ${JSON.stringify(s.restore)} (id ${job.restoredCheckpointId}; next checkpoint id ${job.coordinator.nextId})`;
}

function restorePath(ctx: RunContext, r: Restore): string {
  if ('path' in r) return r.path;
  if ('checkpointOf' in r) {
    const latest = job_(ctx, r.checkpointOf).coordinator.latest();
    if (!latest)
      throw new ScenarioError(
        `steps[${ctx.step}].restore.checkpointOf`,
        `job '${r.checkpointOf}' completed no checkpoint`,
        ctx.step,
      );
    return latest.path;
  }
  const taken = ctx.savepoints.get(r.savepoint)!;
  if (!taken.path)
    throw new ScenarioError(
      `steps[${ctx.step}].restore.savepoint`,
      `savepoint '${r.savepoint}' did not complete: ${taken.error ?? 'unknown'}`,
      ctx.step,
    );
  return taken.path;
}

function savepointId(ctx: RunContext, name: string): number {
  return ctx.savepoints.get(name)!.id;
}

function job_(ctx: RunContext, name: string): JobClient {
  return ctx.jobs.get(name)!;
}

function running(ctx: RunContext, name: string): JobClient {
  const job = job_(ctx, name);
  if (job.status === 'RESTARTING') ctx.runUntil(() => job.status !== 'RESTARTING', `job ${name} to restart`);
  return job;
}

/** Waits (bounded) for checkpoint/savepoint `id` of `job` to complete or abort; says which. */
function awaitSnapshot(
  ctx: RunContext,
  job: JobClient,
  id: number,
  completeType: 'checkpoint.complete' | 'savepoint.complete',
): string {
  const trace = ctx.env.trace;
  const from = trace.events.length;
  const ended = () => {
    for (let i = from; i < trace.events.length; i++) {
      const e = trace.events[i]!;
      if (
        e.job === job.shortId &&
        e.details.id === id &&
        (e.type === completeType || e.type === 'checkpoint.abort')
      )
        return e;
    }
    return undefined;
  };
  // the snapshot may already be done (nothing to wait for), or the job may have gone
  const w = ctx.runUntil(
    () => ended() !== undefined || job.status !== 'RUNNING',
    `${completeType.split('.')[0]} ${id} of job ${job.shortId}`,
  );
  const e = ended();
  if (e?.type === completeType) return `completed at ${e.details.path}`;
  if (e) return `aborted: ${e.details.reason}`;
  return w.met ? `not completed: job ${job.status}` : w.reason;
}
