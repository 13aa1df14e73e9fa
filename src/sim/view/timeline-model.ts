import type { TraceEvent } from '../../common/index.js';
import type { RunRecord } from '../record/run-record.js';

/**
 * A recorded run laid out for the timeline page: one column per event worth drawing (in trace order, so events
 * at the same virtual millisecond stay apart and in the order they happened), one lane per thing that moves.
 * Pure data, so tests can check what the page will show without a browser.
 */
export interface TimelineModel {
  readonly columns: readonly { readonly timeMs: number }[];
  readonly lanes: readonly Lane[];
  readonly marks: readonly Mark[];
  readonly spans: readonly Span[];
  /** Vertical lines across every lane: where a job restored, where the table was rolled back. */
  readonly rules: readonly Rule[];
  readonly events: readonly EventCell[];
  readonly snapshots: readonly SnapshotLine[];
}

export interface Lane {
  readonly id: string;
  readonly label: string;
  /** What the lane shows, in small print under the label. */
  readonly note: string;
}

export type MarkKind =
  | 'step'
  | 'rollback'
  | 'publish'
  | 'job'
  | 'restore'
  | 'failover'
  | 'restart'
  | 'exception'
  | 'fault'
  | 'snapshot'
  | 'snapshot-backwards'
  | 'snapshot-delete'
  | 'tag'
  | 'tag-delete';

export interface Mark {
  readonly lane: string;
  readonly col: number;
  readonly kind: MarkKind;
  /** A few characters drawn on the mark. */
  readonly label: string;
  /** Everything about the event, shown on hover. */
  readonly detail: string;
  /** Snapshot marks: the commit identifier, drawn under the snapshot id. */
  readonly sublabel?: string;
  /** Snapshot marks: the snapshot was deleted later (rolled back or expired). */
  readonly gone?: boolean;
}

export interface Span {
  readonly lane: string;
  readonly fromCol: number;
  readonly toCol: number;
  readonly kind: 'checkpoint' | 'savepoint' | 'aborted' | 'pending';
  readonly label: string;
  readonly detail: string;
}

export interface Rule {
  readonly col: number;
  readonly kind: 'restore' | 'rollback';
  readonly label: string;
}

/** One published event and how often the final table shows it. */
export interface EventCell {
  readonly id: number;
  readonly count: number;
  /** Whether an exactly-once run would show it (an upsert overwritten by a later event of its key would not). */
  readonly visible: boolean;
}

/** A row of the final `$snapshots`, and whether its identifier went back (as the commit-identifiers checker says). */
export interface SnapshotLine {
  readonly id: number;
  readonly kind: string;
  readonly identifier: string;
  readonly user: string;
  readonly backwards: boolean;
}

/** `BatchWriteBuilder.COMMIT_IDENTIFIER` (Long.MAX_VALUE): a batch commit, no checkpoint id. */
const BATCH = '9223372036854775807';

/** Events too fine to draw one by one: they are folded into the checkpoint spans. */
const FOLDED = new Set([
  'checkpoint.ack',
  'checkpoint.barrier',
  'checkpoint.notify',
  'sim.start',
  'job.running',
]);

export function timelineModel(run: RunRecord): TimelineModel {
  const builder = new ModelBuilder(run);
  for (const e of run.trace) if (!FOLDED.has(e.type)) builder.add(e);
  return builder.finish();
}

class ModelBuilder {
  private readonly columns: { timeMs: number }[] = [];
  private readonly lanes = new Map<string, Lane>();
  private readonly marks: Mark[] = [];
  private readonly spans: Span[] = [];
  private readonly rules: Rule[] = [];
  private readonly open = new Map<string, { col: number; kind: string }>();
  /** Snapshots on the table's current lineage: a rollback or expiry removes them. */
  private readonly live = new Map<number, { user: string; identifier: string; kind: string }>();
  private readonly snapshotMark = new Map<number, number>();
  /** Marks of snapshots deleted later (by a rollback or expiry); a snapshot id can be committed again after. */
  private readonly goneMarks = new Set<number>();
  private readonly jobNames = new Map<string, string>();

  constructor(private readonly run: RunRecord) {
    for (const j of run.jobs) this.jobNames.set(j.id, j.name);
    this.lane('steps', 'scenario steps', 'numbered as in the scenario');
    this.lane('source', 'source', 'events published');
  }

  add(e: TraceEvent): void {
    const col = this.columns.push({ timeMs: e.timeMs }) - 1;
    const d = e.details;
    const detail = `t=${e.timeMs} ${e.type}${Object.entries(d)
      .map(([k, v]) => `\n${k}: ${v}`)
      .join('')}`;
    if (e.type === 'sim.step') this.step(col, e, detail);
    else if (e.type.startsWith('checkpoint.') || e.type === 'savepoint.complete')
      this.checkpoint(col, e, detail);
    else if (e.type.startsWith('storage.')) this.storage(col, e, detail);
    else if (e.type === 'fault.injected') this.mark('failures', col, 'fault', 'ϟ', detail);
    else if (e.type === 'task.failure' || e.type === 'job.failed')
      this.mark('failures', col, 'exception', '!', detail);
    else if (e.type === 'job.failover') this.mark('failures', col, 'failover', '↺', detail);
    else if (e.type === 'job.restart') this.mark('failures', col, 'restart', '▶', detail);
    else if (e.type === 'job.restore') {
      this.rules.push({
        col,
        kind: 'restore',
        label: `job ${this.jobLabel(e.job)} restores ${d.kind} ${d.id} (next checkpoint ${d.nextCheckpointId})`,
      });
      this.mark(this.jobLane(e.job), col, 'restore', `⟲${d.id}`, detail);
    } else if (e.type.startsWith('job.'))
      this.mark(this.jobLane(e.job), col, 'job', jobGlyph(e.type), detail);
    else this.mark('steps', col, 'step', e.type === 'sim.heal' ? 'H' : '·', detail);
  }

  private step(col: number, e: TraceEvent, detail: string): void {
    const op = String(e.details.op);
    const outcome = String(e.details.outcome);
    if (op === 'publish') this.mark('source', col, 'publish', `+${publishedCount(outcome)}`, outcome);
    if (op === 'rollback-to') {
      this.rules.push({ col, kind: 'rollback', label: outcome });
      this.mark('steps', col, 'rollback', '⤺', detail);
      return;
    }
    this.mark('steps', col, 'step', String(Number(e.details.index) + 1), detail);
  }

  private checkpoint(col: number, e: TraceEvent, detail: string): void {
    const lane = this.jobLane(e.job);
    const id = e.details.id;
    const key = `${e.job}/${id}`;
    if (e.type === 'checkpoint.trigger') {
      this.open.set(key, { col, kind: String(e.details.kind) });
      return;
    }
    const started = this.open.get(key);
    this.open.delete(key);
    const savepoint = (started?.kind ?? e.details.kind) === 'savepoint';
    const name = `${savepoint ? 'savepoint' : 'checkpoint'} ${id}`;
    if (e.type === 'checkpoint.abort') {
      this.spans.push({
        lane,
        fromCol: started?.col ?? col,
        toCol: col,
        kind: 'aborted',
        label: `✕${id}`,
        detail: `${name} aborted\n${detail}`,
      });
      return;
    }
    if (e.type === 'checkpoint.complete' || e.type === 'savepoint.complete')
      this.spans.push({
        lane,
        fromCol: started?.col ?? col,
        toCol: col,
        kind: savepoint ? 'savepoint' : 'checkpoint',
        label: `${savepoint ? 'sp' : 'cp'}${id}`,
        detail: `${name} completed${started ? ` (triggered at t=${this.columns[started.col]!.timeMs})` : ''}\n${detail}`,
      });
    else this.mark(lane, col, 'exception', '!', detail); // ack-dropped, notify-dropped: lost messages
  }

  private storage(col: number, e: TraceEvent, detail: string): void {
    const d = e.details;
    if (e.type === 'storage.commit') {
      const id = Number(d.snapshot);
      const identifier = String(d.identifier);
      const backwards = goesBack(this.live.values(), String(d.user), identifier, String(d.kind));
      this.live.set(id, { user: String(d.user), identifier, kind: String(d.kind) });
      this.snapshotMark.set(id, this.marks.length);
      const warning = backwards
        ? '\nthe commit identifier went back: this checkpoint was committed before'
        : '';
      this.mark(
        'snapshots',
        col,
        backwards ? 'snapshot-backwards' : 'snapshot',
        String(id),
        detail + warning,
        {
          sublabel: identifier === BATCH ? 'batch' : `id ${identifier}`,
        },
      );
    } else if (e.type === 'storage.snapshot-delete') {
      const id = Number(d.snapshot);
      this.live.delete(id);
      const committed = this.snapshotMark.get(id);
      if (committed !== undefined) this.goneMarks.add(committed);
      this.mark('snapshots', col, 'snapshot-delete', `✕${id}`, detail);
    } else if (e.type === 'storage.tag-create') this.mark('tags', col, 'tag', `⚑${d.snapshot}`, detail);
    else if (e.type === 'storage.tag-delete') this.mark('tags', col, 'tag-delete', '⚐✕', detail);
    else this.mark('snapshots', col, 'snapshot', '·', detail);
  }

  private mark(
    lane: string,
    col: number,
    kind: MarkKind,
    label: string,
    detail: string,
    extra: Partial<Mark> = {},
  ): void {
    const [laneLabel, note] = LANE_LABELS[lane] ?? [lane, ''];
    this.lane(lane, laneLabel, note);
    this.marks.push({ lane, col, kind, label, detail, ...extra });
  }

  private lane(id: string, label: string, note: string): void {
    if (!this.lanes.has(id)) this.lanes.set(id, { id, label, note });
  }

  private jobLane(job: string): string {
    const id = `job:${job}`;
    this.lane(id, `job ${this.jobLabel(job)}`, 'checkpoints, savepoints, restore');
    return id;
  }

  private jobLabel(job: string): string {
    const name = this.jobNames.get(job);
    return name ? `${name} (${job})` : job;
  }

  finish(): TimelineModel {
    // checkpoints still pending at the end of the run: drawn to the last column
    for (const [key, p] of this.open) {
      const [job, id] = key.split('/');
      this.spans.push({
        lane: this.jobLane(job!),
        fromCol: p.col,
        toCol: this.columns.length - 1,
        kind: 'pending',
        label: `…${id}`,
        detail: `${p.kind} ${id} triggered at t=${this.columns[p.col]!.timeMs}, not completed when the run ended`,
      });
    }
    const marks = this.marks.map((m, i) =>
      this.goneMarks.has(i)
        ? { ...m, gone: true, detail: `${m.detail}\ndeleted later (rolled back or expired)` }
        : m,
    );
    return {
      columns: this.columns,
      lanes: orderLanes([...this.lanes.values()]),
      marks,
      spans: this.spans,
      rules: this.rules,
      events: eventCells(this.run),
      snapshots: snapshotLines(this.run),
    };
  }
}

const LANE_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  failures: ['failures', 'faults, exceptions, failovers'],
  snapshots: ['Paimon snapshots', 'snapshot id, commit identifier'],
  tags: ['Paimon tags', 'tag -> snapshot id'],
};

/** Steps and source first, then jobs in order of appearance, then failures, snapshots, tags. */
function orderLanes(lanes: Lane[]): Lane[] {
  const rank = (l: Lane) =>
    l.id === 'steps'
      ? 0
      : l.id === 'source'
        ? 1
        : l.id.startsWith('job:')
          ? 2
          : l.id === 'failures'
            ? 3
            : l.id === 'snapshots'
              ? 4
              : 5;
  return lanes
    .map((l, i) => ({ l, i }))
    .sort((a, b) => rank(a.l) - rank(b.l) || a.i - b.i)
    .map((x) => x.l);
}

/**
 * Paimon deduplicates a restored commit by (commit user, identifier): on the table's lineage a user's data
 * commit must carry a larger identifier than any before it (a COMPACT may repeat its checkpoint's).
 */
function goesBack(
  live: Iterable<{ user: string; identifier: string; kind: string }>,
  user: string,
  identifier: string,
  kind: string,
): boolean {
  if (identifier === BATCH) return false;
  const mine = BigInt(identifier);
  for (const s of live) {
    if (s.user !== user || s.identifier === BATCH) continue;
    const theirs = BigInt(s.identifier);
    if (mine < theirs || (kind !== 'COMPACT' && mine === theirs)) return true;
  }
  return false;
}

function snapshotLines(run: RunRecord): SnapshotLine[] {
  const seen: { user: string; identifier: string; kind: string }[] = [];
  return run.snapshots.map((s) => {
    const backwards = goesBack(seen, s.commitUser, s.commitIdentifier, s.commitKind);
    seen.push({ user: s.commitUser, identifier: s.commitIdentifier, kind: s.commitKind });
    return { id: s.id, kind: s.commitKind, identifier: s.commitIdentifier, user: s.commitUser, backwards };
  });
}

function eventCells(run: RunRecord): EventCell[] {
  const counts = new Map<number, number>();
  for (const id of run.observedIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const visible = new Set(run.visibleIds);
  return run.published.map((p) => ({ id: p.id, count: counts.get(p.id) ?? 0, visible: visible.has(p.id) }));
}

/** `events 0-9 published to topic main` → 10. */
function publishedCount(outcome: string): string {
  const range = /events (\d+)-(\d+)/.exec(outcome);
  if (range) return String(Number(range[2]) - Number(range[1]) + 1);
  return /event \d+/.test(outcome) ? '1' : '';
}

function jobGlyph(type: string): string {
  if (type === 'job.submit') return '▶';
  if (type === 'job.canceled') return '■';
  if (type === 'job.finished') return '✓';
  return '·';
}
