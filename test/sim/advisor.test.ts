import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledScenario, CATALOGUE, CONFLICTS, formatAdvice } from '../../src/sim/index.js';
import { cli } from '../cli/cli-helpers.js';
import { adviceBefore, restoreSteps } from './advisor-helpers.js';

const conflictNames = new Set(CONFLICTS.map((c) => c.conflict.name));
const restoring = CATALOGUE.filter((s) => restoreSteps(s).length > 0);

describe('restore advisor on the catalogue', () => {
  it.each(restoring.map((s) => [s.name, s] as const))('%s', (name, scenario) => {
    const advice = restoreSteps(scenario).map((i) => adviceBefore(scenario, i, 1));
    const text = advice.map((a) => formatAdvice(a).join('\n')).join('\n\n');
    if (conflictNames.has(name))
      expect(
        advice.some((a) => !a.safe),
        text,
      ).toBe(true);
    else
      expect(
        advice.every((a) => a.safe),
        text,
      ).toBe(true);
  });

  it('names the exception, the rows and the tag to roll back to', () => {
    const asIs = bundledScenario('savepoint-restore-as-is')!;
    const a = adviceBefore(asIs, restoreSteps(asIs)[0]!, 1);
    expect(a.rollbackTo).toEqual({ tag: expect.stringMatching(/^savepoint-\d+$/) });
    expect(a.rowsReplayed).toBeGreaterThan(0);
    expect(a.findings[0]!.what).toContain(`${a.rowsReplayed} row(s) would be appended a second time`);

    const deleted = bundledScenario('cannot-recover-deleted-files')!;
    const d = adviceBefore(deleted, restoreSteps(deleted)[0]!, 1);
    expect(d.findings.map((f) => f.exception)).toContainEqual(
      expect.stringContaining('Cannot recover from this checkpoint because some files in the snapshot'),
    );

    const idle = bundledScenario('idle-savepoint-no-tag')!;
    const i = adviceBefore(idle, restoreSteps(idle)[0]!, 1);
    expect(i.rollbackTo).toEqual({ snapshot: expect.any(Number) });
    expect(formatAdvice(i).join('\n')).toContain('committed nothing (idle writers)');
  });

  it('names the rule behind the compaction, tag-collision and drained entries', () => {
    const at = (name: string) => {
      const s = bundledScenario(name)!;
      return adviceBefore(s, restoreSteps(s)[0]!, 1);
    };
    const compaction = at('compaction-conflict-on-restore');
    expect(compaction.findings.map((f) => f.exception)).toContain(
      'File deletion conflicts detected! Give up committing.',
    );
    expect(formatAdvice(compaction).join('\n')).toContain('which is not previously added');

    const collision = at('savepoint-tag-name-collision');
    expect(collision.findings.filter((f) => f.severity === 'error').map((f) => f.what)).toEqual([
      expect.stringMatching(/^The table is at tag 'savepoint-\d+' .* made by another job/),
    ]);
    // before the wrong rollback: the advisor does not offer the other job's tag, but a snapshot of this job
    const s = bundledScenario('savepoint-tag-name-collision')!;
    const steps = s.steps.filter((x) => x.op !== 'rollback-to');
    const before = adviceBefore({ ...s, steps }, restoreSteps({ ...s, steps })[0]!, 1);
    expect(before.rollbackTo).toEqual({ snapshot: expect.any(Number) });
    expect(formatAdvice(before).join('\n')).toContain('a tag name collision');

    const drained = at('resume-drained-savepoint');
    expect(drained.safe).toBe(false);
    expect(drained.findings.map((f) => f.what)).toContainEqual(expect.stringContaining('ends a drained job'));
  });

  it('names the dropped committer state and the lost savepoint tag', () => {
    const at = (name: string) => {
      const s = bundledScenario(name)!;
      return adviceBefore(s, restoreSteps(s)[0]!, 1);
    };
    const dropped = at('committer-state-dropped');
    const uid = dropped.findings.find((f) => f.exception?.includes('Cannot map checkpoint/savepoint state'))!;
    expect(uid.severity).toBe('error');
    expect(uid.exception).toContain('for operator Global Committer_orders_v1 to the new program');
    expect(uid.what).toMatch(
      /'Global Committer_orders_v2'.*1 checkpoint\(s\) not yet committed: identifiers \d+, 6 row\(s\)/,
    );
    expect(uid.todo).toContain("'sink.operator-uid.suffix' = 'v1'");
    // the committables would be committed if the uid were kept: the advisor says nothing else about them
    expect(dropped.findings.map((f) => f.severity)).toEqual(['error']);

    const lost = at('savepoint-tag-deleted-by-abort');
    expect(lost.safe).toBe(false);
    expect(lost.findings.map((f) => f.what)).toContainEqual(
      expect.stringMatching(
        /^Tag 'savepoint-2' is gone, though savepoint 2's checkpoint was committed \(snapshot 2\), and \d+ snapshot\(s\) of other commit users/,
      ),
    );
    expect(lost.rollbackTo).toEqual({ snapshot: 2 });
  });

  it('paimon-sim advise reads a savepoint and a warehouse kept by scenario run --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paimon-sim-advise-cli-'));
    try {
      const asIs = bundledScenario('savepoint-restore-as-is')!;
      const { expect: _e, ...rest } = asIs;
      const file = join(dir, 'before-restore.json');
      writeFileSync(file, JSON.stringify({ ...rest, steps: asIs.steps.slice(0, restoreSteps(asIs)[0]) }));
      const out = join(dir, 'run');
      const ran = cli(['scenario', 'run', file, '--seed', '1', '--out', out, '--json']);
      expect(ran.code).toBe(0);
      const record = JSON.parse(ran.out.join('\n')) as { steps: { op: string; outcome: string }[] };
      const sp = /at (\/flink\/savepoints\/[^\s;]+)/.exec(
        record.steps.find((s) => s.op === 'savepoint')!.outcome,
      )![1]!;
      const advised = cli([
        'advise',
        '--savepoint',
        join(out, sp),
        '--table',
        join(out, 'warehouse'),
        'shop.orders',
      ]);
      expect(advised.code).toBe(1);
      const text = advised.out.join('\n');
      expect(text).toMatch(/^NOT SAFE: restoring savepoint \d+/);
      expect(text).toMatch(/CALL sys\.rollback_to\(`table` => 'shop\.orders', tag => 'savepoint-\d+'\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
