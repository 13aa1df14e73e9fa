import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledScenario,
  checkRun,
  type RunRecord,
  runScenario,
  timelineHtml,
  timelineModel,
} from '../../src/sim/index.js';
import { cli, scratch } from '../cli/cli-helpers.js';

const asIs = runScenario(bundledScenario('savepoint-restore-as-is')!, 7);
const fixed = runScenario(bundledScenario('savepoint-restore-rollback-first')!, 7);

describe('timeline model', () => {
  it('marks the snapshot whose commit identifier went back, as the commit-identifiers checker does', () => {
    const model = timelineModel(asIs);
    const backwards = model.marks.filter((m) => m.kind === 'snapshot-backwards');
    expect(backwards.map((m) => m.label)).toEqual(['4']);
    expect(backwards[0]!.sublabel).toBe('id 3');
    expect(model.snapshots.filter((s) => s.backwards).map((s) => s.id)).toEqual([4]);
    const checker = checkRun(asIs).find((v) => v.checker === 'commit-identifiers')!;
    expect(checker.witness[0]).toContain('snapshot 4');
  });

  it('counts duplicated events from the rows the table shows', () => {
    const model = timelineModel(asIs);
    expect(model.events.filter((e) => e.count === 2).map((e) => e.id)).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    expect(timelineModel(fixed).events.every((e) => e.count === 1)).toBe(true);
  });

  it('draws the restore and the rollback as rules, and the rolled-back snapshot as gone', () => {
    const model = timelineModel(fixed);
    expect(model.rules.map((r) => r.kind)).toEqual(['rollback', 'restore']);
    expect(model.rules[0]!.label).toContain('savepoint-2');
    expect(model.rules[1]!.label).toMatch(/restores savepoint 2 \(next checkpoint 3\)/);
    const gone = model.marks.filter((m) => m.gone);
    expect(gone.map((m) => m.label)).toEqual(['3']);
    // the snapshot id committed again after the rollback is not gone, and its identifier does not go back
    const threes = model.marks.filter((m) => m.lane === 'snapshots' && m.label === '3');
    expect(threes.map((m) => [m.kind, m.gone ?? false])).toEqual([
      ['snapshot', true],
      ['snapshot', false],
    ]);
  });

  it('has a lane per job with its checkpoints and savepoint, pairing trigger and completion', () => {
    const model = timelineModel(asIs);
    const jobs = model.lanes.filter((l) => l.id.startsWith('job:'));
    expect(jobs.map((l) => l.label)).toEqual(asIs.jobs.map((j) => `job ${j.name} (${j.id})`));
    const savepoints = model.spans.filter((s) => s.kind === 'savepoint');
    expect(savepoints).toHaveLength(1);
    expect(savepoints[0]!.fromCol).toBeLessThan(savepoints[0]!.toCol);
    expect(model.lanes.map((l) => l.id).at(-1)).toBe('tags');
  });

  it('shows aborted checkpoints, failures and failovers of a faulted run', () => {
    const faulted = runScenario(bundledScenario('task-faults')!, 1);
    const model = timelineModel(faulted);
    const failures = faulted.trace.filter((e) => e.type === 'task.failure').length;
    expect(failures).toBeGreaterThan(0);
    expect(model.marks.filter((m) => m.kind === 'exception' && m.lane === 'failures')).toHaveLength(failures);
    expect(model.marks.filter((m) => m.kind === 'failover')).toHaveLength(
      faulted.trace.filter((e) => e.type === 'job.failover').length,
    );
  });
});

describe('timeline page', () => {
  it('is self-contained: no external script, style, image or link', () => {
    const html = timelineHtml([{ record: asIs, verdicts: checkRun(asIs) }]);
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('is the same for the same run, and escapes what the run recorded', () => {
    expect(timelineHtml([{ record: asIs }])).toBe(timelineHtml([{ record: asIs }]));
    const odd: RunRecord = { ...asIs, scenario: { ...asIs.scenario, name: '<b>&"x"</b>' } };
    const html = timelineHtml([{ record: odd }]);
    expect(html).toContain('&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>&"x"</b>');
  });
});

describe('paimon-sim --html', () => {
  it('scenario run writes the page and prints where it is', () => {
    const file = join(scratch(), 'sub', 'run.html');
    const run = cli(['scenario', 'run', 'savepoint-restore-as-is', '--seed', '7', '--html', file]);
    expect(run.code).toBe(0);
    expect(run.out.at(-1)).toBe(`timeline: ${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('data-scenario="savepoint-restore-as-is"');
    expect(html).toContain('class="mark snapshot-backwards"');
  });

  it('scenario check --json keeps stdout one JSON document and names the page on stderr', () => {
    const file = join(scratch(), 'check.html');
    const run = cli(['scenario', 'check', 'savepoint-restore-rollback-first', '--json', '--html', file]);
    expect(run.code).toBe(0);
    expect(() => JSON.parse(run.out.join('\n'))).not.toThrow();
    expect(run.err).toEqual([`timeline: ${file}`]);
  });

  it('demo run savepoint writes one page with a section per run', () => {
    const file = join(scratch(), 'demo.html');
    const run = cli(['demo', 'run', 'savepoint', '--html', file]);
    expect(run.code).toBe(0);
    expect(run.out.at(-1)).toContain(`timeline of these runs: ${file}`);
    expect(readFileSync(file, 'utf8').match(/<section class="run"/g)).toHaveLength(4);
  });

  it('the savepoint demo without --html writes the page to a new temporary directory', () => {
    const run = cli(['demo']);
    expect(run.code).toBe(0);
    const path = /timeline of these runs: (\S+)/.exec(run.out.at(-1)!)![1]!;
    expect(path).toMatch(/paimon-sim-demo-[^/]+\/savepoint-timeline\.html$/);
    expect(readFileSync(path, 'utf8')).toContain('<!DOCTYPE html>');
  });

  it('the storage demo refuses --html', () => {
    expect(cli(['demo', 'run', 'storage', '--html', 'x.html']).code).toBe(2);
  });
});
