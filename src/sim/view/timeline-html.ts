import type { Verdict } from '../checkers/checker.js';
import type { RunRecord } from '../record/run-record.js';
import { TIMELINE_CSS, TIMELINE_SCRIPT } from './timeline-assets.js';
import { type Lane, type Mark, type Span, type TimelineModel, timelineModel } from './timeline-model.js';

/** One recorded run on the page, with the checkers' verdicts when there are any. */
export interface TimelineRun {
  readonly record: RunRecord;
  readonly verdicts?: readonly Verdict[];
  /** Section heading (default: the scenario's name). */
  readonly heading?: string;
}

/**
 * One self-contained HTML page (inline CSS, SVG and a few lines of script; nothing loaded from the network)
 * with a section per run: lanes for steps, the source, each job's checkpoints and savepoints, faults and
 * failovers, Paimon snapshots and tags; commit identifiers going back, duplicated events, restores and
 * rollbacks are marked. Deterministic: the same records give the same bytes.
 */
export function timelineHtml(runs: readonly TimelineRun[], title = 'paimon-sim timeline'): string {
  const sections = runs.map((r, i) => section(r, i));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${TIMELINE_CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${runs.length > 1 ? contents(runs) : ''}
<p class="hint">Hover or focus a mark for its details. Time runs left to right; each column is one event, in the order it happened (t = virtual milliseconds).</p>
${sections.join('\n')}
<script>${TIMELINE_SCRIPT}</script>
</body>
</html>
`;
}

/** Links to the sections, each with whether its run came out clean. */
function contents(runs: readonly TimelineRun[]): string {
  const items = runs.map((r, i) => {
    const failed = (r.verdicts ?? []).filter((v) => v.status === 'fail').length;
    const status = failed > 0 ? `<span class="bad">${failed} failed</span>` : '<span class="ok">clean</span>';
    return `<li><a href="#run-${i + 1}">${esc(r.heading ?? r.record.scenario.name)}</a> ${status}</li>`;
  });
  return `<ol class="contents">${items.join('')}</ol>`;
}

const COL = 30;
const LABEL_W = 190;
const HEAD_H = 58;
const LANE_H = 46;
const SPAN_ROW_H = 17;

function section(run: TimelineRun, index: number): string {
  const { record } = run;
  const model = timelineModel(record);
  const verdicts = run.verdicts ?? [];
  return `<section class="run" id="run-${index + 1}" data-scenario="${esc(record.scenario.name)}">
<h2>${esc(run.heading ?? record.scenario.name)}</h2>
${record.scenario.description ? `<p class="description">${esc(record.scenario.description)}</p>` : ''}
<p class="banner">${esc(`${record.banner} · table ${record.table} · trace digest ${record.digest}`)}</p>
${alerts(model, verdicts)}
${legend()}
<div class="scroll">${svg(model)}</div>
<pre class="detail" aria-live="polite">Hover a mark for its details.</pre>
${eventsStrip(model)}
${snapshotTable(model)}
${tagTable(record)}
${verdictList(verdicts)}
</section>`;
}

/** What is wrong, at a glance: the failed verdicts and the counts behind them. */
function alerts(model: TimelineModel, verdicts: readonly Verdict[]): string {
  const items: string[] = [];
  const duplicated = model.events.filter((e) => e.count > 1).length;
  const missing = model.events.filter((e) => e.count === 0 && e.visible).length;
  const backwards = model.snapshots.filter((s) => s.backwards).map((s) => s.id);
  if (backwards.length > 0)
    items.push(
      `commit identifiers went back at snapshot${backwards.length > 1 ? 's' : ''} ${backwards.join(', ')}`,
    );
  if (duplicated > 0)
    items.push(`${duplicated} event${duplicated > 1 ? 's' : ''} in the table more than once`);
  if (missing > 0) items.push(`${missing} published event${missing > 1 ? 's' : ''} missing from the table`);
  for (const v of verdicts) if (v.status === 'fail') items.push(`FAIL ${v.checker}: ${v.explanation}`);
  if (items.length === 0) {
    const passed = verdicts.filter((v) => v.status === 'pass').length;
    return `<p class="alerts ok">${verdicts.length > 0 ? `all ${passed} checked verdicts pass` : 'no duplicates, no missing events, identifiers increasing'}</p>`;
  }
  return `<ul class="alerts bad">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
}

function legend(): string {
  const item = (cls: string, text: string) => `<span class="key ${cls}"></span>${esc(text)}`;
  return `<p class="legend">${[
    item('k-checkpoint', 'checkpoint'),
    item('k-savepoint', 'savepoint'),
    item('k-aborted', 'aborted'),
    item('k-snapshot', 'snapshot'),
    item('k-backwards', 'identifier went back'),
    item('k-gone', 'deleted later'),
    item('k-restore', 'restore'),
    item('k-rollback', 'rollback'),
    item('k-exception', 'exception'),
  ].join(' ')}</p>`;
}

function svg(model: TimelineModel): string {
  const rows = spanRows(model.spans);
  const heights = new Map(
    model.lanes.map((l) => [l.id, LANE_H + Math.max(0, laneRows(rows, l) - 1) * SPAN_ROW_H]),
  );
  const tops = new Map<string, number>();
  let y = HEAD_H;
  for (const lane of model.lanes) {
    tops.set(lane.id, y);
    y += heights.get(lane.id)!;
  }
  const width = LABEL_W + Math.max(1, model.columns.length) * COL + 20;
  const x = (col: number) => LABEL_W + col * COL + COL / 2;
  const parts: string[] = [];
  parts.push(...model.lanes.map((l, i) => laneBack(l, tops.get(l.id)!, heights.get(l.id)!, width, i)));
  parts.push(timeAxis(model, x, y));
  for (const s of model.spans) parts.push(spanSvg(s, x, tops.get(s.lane)! + 24 + rows.get(s)! * SPAN_ROW_H));
  for (const m of model.marks)
    parts.push(markSvg(m, x(m.col), tops.get(m.lane)! + (m.lane.startsWith('job:') ? 13 : LANE_H / 2)));
  model.rules.forEach((r, i) => {
    const rx = x(r.col) - COL / 2 + 2;
    const ty = 14 + (i % 2) * 14;
    const anchor = rx > width - 320 ? 'end' : 'start';
    parts.push(
      `<g class="rule ${r.kind}" data-kind="${r.kind}" data-detail="${esc(r.label)}" tabindex="0"><title>${esc(r.label)}</title><line x1="${rx}" y1="${ty + 4}" x2="${rx}" y2="${y}"/><text x="${anchor === 'end' ? rx - 4 : rx + 4}" y="${ty}" text-anchor="${anchor}">${esc(`${r.kind === 'restore' ? '⟲' : '⤺'} ${r.label}`)}</text></g>`,
    );
  });
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 4}" viewBox="0 0 ${width} ${y + 4}" role="img" aria-label="timeline">${parts.join('')}</svg>`;
}

function laneBack(lane: Lane, top: number, height: number, width: number, i: number): string {
  return `<g class="lane" data-lane="${esc(lane.id)}"><rect class="${i % 2 ? 'odd' : 'even'}" x="0" y="${top}" width="${width}" height="${height}"/><text class="lane-label" x="8" y="${top + 18}">${esc(lane.label)}</text><text class="lane-note" x="8" y="${top + 32}">${esc(lane.note)}</text></g>`;
}

/** A tick where virtual time moves on (labelled when there is room). */
function timeAxis(model: TimelineModel, x: (col: number) => number, bottom: number): string {
  const out: string[] = [];
  let lastLabel = -10;
  model.columns.forEach((c, col) => {
    if (col > 0 && model.columns[col - 1]!.timeMs === c.timeMs) return;
    const lx = x(col) - COL / 2;
    out.push(`<line class="tick" x1="${lx}" y1="${HEAD_H - 8}" x2="${lx}" y2="${bottom}"/>`);
    if (col - lastLabel >= 2) {
      out.push(`<text class="tick-label" x="${lx + 2}" y="${HEAD_H - 10}">t=${c.timeMs}</text>`);
      lastLabel = col;
    }
  });
  return `<g class="axis">${out.join('')}</g>`;
}

function markSvg(m: Mark, cx: number, cy: number): string {
  const cls = `mark ${m.kind}${m.gone ? ' gone' : ''}`;
  const head = `<g class="${cls}" data-kind="${m.kind}" data-lane="${esc(m.lane)}" data-detail="${esc(m.detail)}" tabindex="0"><title>${esc(m.detail)}</title>`;
  if (m.kind === 'snapshot' || m.kind === 'snapshot-backwards')
    return `${head}<rect x="${cx - 13}" y="${cy - 17}" width="26" height="20" rx="4"/><text x="${cx}" y="${cy - 3}">${esc(m.label)}</text><text class="sub" x="${cx}" y="${cy + 14}">${esc(m.sublabel ?? '')}</text></g>`;
  if (m.kind === 'tag' || m.kind === 'tag-delete' || m.kind === 'snapshot-delete' || m.kind === 'publish')
    return `${head}<rect x="${cx - 14}" y="${cy - 10}" width="28" height="20" rx="3"/><text x="${cx}" y="${cy + 4}">${esc(m.label)}</text></g>`;
  if (m.kind === 'rollback')
    return `${head}<path d="M${cx} ${cy - 12}L${cx + 12} ${cy}L${cx} ${cy + 12}L${cx - 12} ${cy}Z"/><text x="${cx}" y="${cy + 4}">${esc(m.label)}</text></g>`;
  return `${head}<circle cx="${cx}" cy="${cy}" r="10"/><text x="${cx}" y="${cy + 4}">${esc(m.label)}</text></g>`;
}

function spanSvg(s: Span, x: (col: number) => number, top: number): string {
  const x1 = x(s.fromCol) - 11;
  const x2 = x(s.toCol) + 11;
  return `<g class="span ${s.kind}" data-kind="${s.kind}" data-lane="${esc(s.lane)}" data-detail="${esc(s.detail)}" tabindex="0"><title>${esc(s.detail)}</title><rect x="${x1}" y="${top}" width="${x2 - x1}" height="14" rx="3"/><text x="${x1 + 3}" y="${top + 11}">${esc(s.label)}</text></g>`;
}

/** Spans of one lane that overlap go on separate rows. */
function spanRows(spans: readonly Span[]): Map<Span, number> {
  const rows = new Map<Span, number>();
  const ends = new Map<string, number[]>();
  for (const s of [...spans].sort((a, b) => a.fromCol - b.fromCol)) {
    const laneEnds = ends.get(s.lane) ?? [];
    let row = laneEnds.findIndex((end) => end < s.fromCol);
    if (row < 0) row = laneEnds.length;
    laneEnds[row] = s.toCol;
    ends.set(s.lane, laneEnds);
    rows.set(s, row);
  }
  return rows;
}

function laneRows(rows: Map<Span, number>, lane: Lane): number {
  let max = 0;
  for (const [s, row] of rows) if (s.lane === lane.id) max = Math.max(max, row + 1);
  return max;
}

function eventsStrip(model: TimelineModel): string {
  if (model.events.length === 0) return '';
  const cells = model.events.map((e) => {
    const cls = e.count > 1 ? 'dup' : e.count === 1 ? 'once' : e.visible ? 'missing' : 'superseded';
    const what =
      e.count > 1
        ? `in the table ${e.count} times (duplicated)`
        : e.count === 1
          ? 'in the table once'
          : e.visible
            ? 'missing from the table'
            : 'not shown (a later event of its key replaced it)';
    const text = `event ${e.id}: ${what}`;
    return `<span class="event ${cls}" data-event="${e.id}" data-detail="${esc(text)}" title="${esc(text)}" tabindex="0">${e.id}${e.count > 1 ? `<sup>×${e.count}</sup>` : ''}</span>`;
  });
  return `<h3>Published events in the final table</h3><div class="events">${cells.join('')}</div>`;
}

function snapshotTable(model: TimelineModel): string {
  const rows = model.snapshots.map(
    (s) =>
      `<tr class="${s.backwards ? 'backwards' : ''}" data-snapshot="${s.id}"><td>${s.id}</td><td>${esc(s.kind)}</td><td>${esc(s.identifier)}${s.backwards ? ' ⚠ went back' : ''}</td><td>${esc(s.user)}</td></tr>`,
  );
  return `<h3>$snapshots at the end</h3><table class="snapshots"><thead><tr><th>snapshot</th><th>kind</th><th>commit identifier</th><th>commit user</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function tagTable(record: RunRecord): string {
  if (record.tags.length === 0) return '<h3>$tags at the end</h3><p>none</p>';
  const rows = record.tags.map(
    (t) =>
      `<tr class="${t.error ? 'broken' : ''}"><td>${esc(t.name)}</td><td>${t.snapshotId}</td><td>${esc(t.error ?? 'readable')}</td></tr>`,
  );
  return `<h3>$tags at the end</h3><table class="tags"><thead><tr><th>tag</th><th>snapshot</th><th>read</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function verdictList(verdicts: readonly Verdict[]): string {
  if (verdicts.length === 0) return '';
  const items = verdicts.map(
    (v) =>
      `<li class="verdict ${v.status}" data-checker="${esc(v.checker)}"><b>${v.status.toUpperCase()}</b> ${esc(v.checker)}: ${esc(v.explanation)}${v.witness.length > 0 ? `<ul>${v.witness.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}</li>`,
  );
  return `<h3>Verdicts</h3><ul class="verdicts">${items.join('')}</ul>`;
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
