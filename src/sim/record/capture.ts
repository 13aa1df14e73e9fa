import { PaimonSimError } from '../../common/index.js';
import type { FileStoreTable, ReadBuilder } from '../../storage/index.js';
import type { FaultInjector } from '../faults/injector.js';
import { type CanonicalRow, sortRows } from '../scenario/pipelines.js';
import type { RunContext } from '../scenario/run-context.js';
import type {
  Failure,
  JobRecord,
  Liveness,
  References,
  RunRecord,
  SnapshotRow,
  TagRow,
} from './run-record.js';

/** Reads everything checkers need out of a finished run (faults disarmed: these reads must not fail). */
export function captureRecord(ctx: RunContext, liveness: Liveness, faultsLabel: string): RunRecord {
  const { env, workload } = ctx;
  const table = ctx.table();
  const rows = readable(ctx);
  const tags = table.tagManager().tags();
  const snapshots: SnapshotRow[] = table.snapshotManager.snapshots().map((s) => ({
    id: s.id,
    commitUser: s.commitUser,
    commitIdentifier: String(s.commitIdentifier),
    commitKind: s.commitKind,
  }));
  // Snapshots share most of their files: each file's path and existence is worked out once per capture.
  // Keyed by the file's metadata object: manifests decoded once are shared between the plans.
  const present = new Map<object, { path: string; exists: boolean }>();
  const references = [
    ...snapshots.map((s) => referencesOf(table, present, `snapshot ${s.id}`, (b) => b.withSnapshot(s.id))),
    ...tags.map((t) => referencesOf(table, present, `tag ${t.name}`, (b) => b.withTag(t.name))),
  ];
  const tagRows: TagRow[] = tags.map((t) => {
    const error = tryRead(() => table.newReadBuilder().withTag(t.name).readRows());
    return { name: t.name, snapshotId: t.snapshot.id, ...(error ? { error } : {}) };
  });
  return {
    scenario: ctx.scenario,
    seed: env.seed,
    banner: env.banner(faultsLabel),
    table: ctx.tableName,
    trace: [...env.trace.events],
    digest: env.trace.digest(),
    steps: ctx.steps,
    waits: ctx.waits,
    published: ctx.published,
    rows,
    expectedRows: sortRows(workload.model(ctx.published)),
    observedIds: rows.flatMap((r) => workload.idsOf(r)).sort((a, b) => a - b),
    visibleIds: workload.visible(ctx.published),
    snapshots,
    tags: tagRows,
    references,
    failures: failures(ctx),
    faults: [...(env.faults as FaultInjector).fired],
    jobs: jobs(ctx),
    liveness,
  };
}

/** The final rows; a table that cannot be read is a recorded failure (and no rows), not a crash of the runner. */
function readable(ctx: RunContext): CanonicalRow[] {
  try {
    return ctx.rows();
  } catch (e) {
    if (!(e instanceof PaimonSimError)) throw e;
    ctx.stepFailures.push({
      atMs: ctx.env.clock.nowMs(),
      source: 'reading the final table',
      text: e.message,
    });
    return [];
  }
}

function referencesOf(
  table: FileStoreTable,
  present: Map<object, { path: string; exists: boolean }>,
  by: string,
  at: (b: ReadBuilder) => ReadBuilder,
): References {
  let entries: ReturnType<ReadBuilder['plan']>;
  try {
    entries = at(table.newReadBuilder()).plan();
  } catch (e) {
    return { by, files: 0, missing: [], error: (e as Error).message.split('\n')[0]! };
  }
  const missing: string[] = [];
  for (const e of entries) {
    let file = present.get(e.file);
    if (file === undefined) {
      // Workload tables are unpartitioned: a data file lives in bucket-<n>/ under the table.
      const path = e.file.externalPath ?? table.paths.dataFile('', e.bucket, e.file.fileName);
      file = { path, exists: table.io.exists(path) };
      present.set(e.file, file);
    }
    if (!file.exists) missing.push(file.path);
  }
  return { by, files: entries.length, missing };
}

function tryRead(read: () => unknown): string | undefined {
  try {
    read();
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

function failures(ctx: RunContext): Failure[] {
  const fromTrace: Failure[] = [];
  for (const e of ctx.env.trace.events) {
    if (e.type === 'task.failure')
      fromTrace.push({
        atMs: e.timeMs,
        source: `task ${e.details.task} (job ${e.job})`,
        text: String(e.details.error),
      });
    else if (e.type === 'job.failed')
      fromTrace.push({ atMs: e.timeMs, source: `job ${e.job}`, text: String(e.details.error) });
  }
  return [...fromTrace, ...ctx.stepFailures].sort((a, b) => a.atMs - b.atMs);
}

function jobs(ctx: RunContext): JobRecord[] {
  return [...ctx.jobs].map(([name, j]) => {
    const restoredFrom = ctx.restoredFrom.get(name);
    return {
      name,
      id: j.shortId,
      status: j.status,
      ...(restoredFrom ? { restoredFrom } : {}),
      ...(j.status === 'FAILED' && j.failureCause ? { cause: j.failureCause.message.split('\n')[0]! } : {}),
    };
  });
}
