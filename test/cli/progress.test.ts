import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WRITE_PROGRESS_EVERY } from '../../src/cli/commands/write-command.js';
import { BarProgress, LineProgress, progressFor } from '../../src/cli/io/progress.js';
import { main } from '../../src/cli/main.js';
import { bundledScenario } from '../../src/sim/index.js';
import { cli, scratch } from './cli-helpers.js';

describe('progress reporter', () => {
  it('plain mode prints a line every `every` units and the last count once', () => {
    const lines: string[] = [];
    const p = new LineProgress((l) => lines.push(l), 'job', { unit: 'rows', total: 25, every: 10 });
    for (let done = 1; done <= 25; done++) p.update(done, `at ${done}`);
    p.finish();
    expect(lines).toEqual(['job: 10/25 rows (at 10)', 'job: 20/25 rows (at 20)', 'job: 25/25 rows (at 25)']);
  });

  it('plain mode prints where it stopped when finished early', () => {
    const lines: string[] = [];
    const p = new LineProgress((l) => lines.push(l), 'sweep', { unit: 'seeds', total: 100, every: 10 });
    for (let done = 1; done <= 13; done++) p.update(done);
    p.finish('stopped');
    expect(lines).toEqual(['sweep: 10/100 seeds', 'sweep: 13/100 seeds (stopped)']);
  });

  it('a terminal gets one bar redrawn in place, ended by a newline', () => {
    let text = '';
    const p = new BarProgress(
      (t) => {
        text += t;
      },
      'sweep',
      { unit: 'seeds', total: 4, every: 1 },
    );
    p.update(1, 'seed 1');
    p.update(4, 'seed 4');
    p.finish();
    expect(text).toBe(
      `\rsweep [${'#'.repeat(6)}${'-'.repeat(18)}] 1/4 seeds seed 1\x1b[K\rsweep [${'#'.repeat(24)}] 4/4 seeds seed 4\x1b[K\n`,
    );
  });

  it('chooses the bar only when stderr is a terminal that takes raw text', () => {
    const io = { out() {}, err() {}, readStdin: () => '' };
    const opts = { unit: 'rows', total: 1, every: 1 };
    expect(progressFor(io, 'x', opts)).toBeInstanceOf(LineProgress);
    expect(progressFor({ ...io, stderrIsTTY: true }, 'x', opts)).toBeInstanceOf(LineProgress);
    expect(progressFor({ ...io, stderrIsTTY: true, errRaw() {} }, 'x', opts)).toBeInstanceOf(BarProgress);
  });
});

describe('paimon-sim scenario sweep', () => {
  it('checks every seed, reports progress as plain lines, and exits 0 when all runs are as expected', () => {
    const run = cli(['scenario', 'sweep', 'savepoint-restore-as-is', '--seeds', '3', '--from', '4']);
    expect(run.code).toBe(0);
    expect(run.err).toEqual(['scenario sweep: 3/3 seeds (seed 6)']);
    expect(run.out).toEqual(['swept 3 seeds (4..6): every run as the scenario expects']);
  });

  it('stops at the first surprising seed and prints how to replay it', () => {
    const { expect: _expected, ...withoutExpect } = bundledScenario('savepoint-restore-as-is')!;
    const file = join(scratch(), 'no-expect.json');
    writeFileSync(file, JSON.stringify(withoutExpect));
    const run = cli(['scenario', 'sweep', file, '--seeds', '20', '--from', '9']);
    expect(run.code).toBe(1);
    expect(run.err).toEqual(['scenario sweep: 1/20 seeds']);
    expect(run.out[0]).toMatch(/^seed 9 surprised: exactly-once fail \(expected pass\)/);
    expect(run.out).toContain(`replay: npx paimon-sim scenario check ${file} --seed 9`);
    expect(run.out.at(-1)).toBe('swept 1 of 20 seeds (9..9): 0 as expected, seed 9 surprised');
  });

  it('refuses a missing or bad --seeds', () => {
    expect(cli(['scenario', 'sweep', 'savepoint-restore-as-is']).code).toBe(2);
    expect(cli(['scenario', 'sweep', 'savepoint-restore-as-is', '--seeds', '0']).code).toBe(2);
    expect(
      cli(['scenario', 'sweep', 'savepoint-restore-as-is', '--seeds', '2', '--from', '4294967295']).code,
    ).toBe(2);
  });
});

describe('paimon-sim write progress', () => {
  it(`prints a plain line every ${WRITE_PROGRESS_EVERY} rows on a non-terminal stderr`, () => {
    const wh = scratch();
    cli(['create-database', wh, 'db']);
    cli(['create-table', wh, 'db.big', '--schema', 'id INT']);
    const rows = WRITE_PROGRESS_EVERY + 5;
    const stdin = `${Array.from({ length: rows }, (_, i) => `{"id":${i}}`).join('\n')}\n`;
    const err: string[] = [];
    const out: string[] = [];
    const code = main(['write', wh, 'db.big'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      readStdin: () => stdin,
    });
    expect(code).toBe(0);
    expect(err).toEqual([`write: ${WRITE_PROGRESS_EVERY}/${rows} rows`, `write: ${rows}/${rows} rows`]);
    expect(out).toEqual([`wrote ${rows} rows to db.big (snapshot 1)`]);
  });
});
