import { describe, expect, it } from 'vitest';
import { CHECKERS, type Checker, checkRun, surprises } from '../../src/sim/index.js';
import { recordOf } from './record-fixture.js';

const checker = (name: string): Checker => CHECKERS.find((c) => c.name === name)!;

describe('checkers on hand-made recorded runs', () => {
  it('a clean run passes every checker (expected-failure is skipped without an expectation)', () => {
    const verdicts = checkRun(recordOf());
    expect(verdicts.map((v) => [v.checker, v.status])).toEqual(
      CHECKERS.map((c) => [c.name, c.name === 'expected-failure' ? 'skip' : 'pass']),
    );
    expect(surprises(recordOf(), verdicts)).toEqual([]);
  });

  it('exactly-once: an extra and a missing row are both named in the witness', () => {
    const run = recordOf({
      rows: [
        { order_id: '0', amount: '0.00' },
        { order_id: '0', amount: '0.00' },
        { order_id: '1', amount: '1.00' },
      ],
    });
    const v = checker('exactly-once').check(run);
    expect(v.status).toBe('fail');
    expect(v.witness).toEqual([
      'unexpected row {"order_id":"0","amount":"0.00"}',
      'missing row {"order_id":"2","amount":"2.00"}',
    ]);
  });

  it('no-loss: names the lost event with its topic, partition and key', () => {
    const v = checker('no-loss').check(recordOf({ observedIds: [0, 2] }));
    expect(v.status).toBe('fail');
    expect(v.witness).toEqual(['event 1 (topic main, partition 1, key 1) is missing']);
  });

  it('no-duplicates: names each repeated event and the restores that replayed it', () => {
    const run = recordOf({
      observedIds: [0, 1, 1, 2],
      jobs: [{ name: 'b', id: 'bbbbbb', status: 'RUNNING', restoredFrom: '/flink/savepoints/sp-1' }],
    });
    const v = checker('no-duplicates').check(run);
    expect(v.status).toBe('fail');
    expect(v.witness).toEqual(['event 1 shows 2 times']);
    expect(v.explanation).toContain('job b (bbbbbb) restored /flink/savepoints/sp-1');
    expect(checker('no-duplicates').check(recordOf()).status).toBe('pass');
  });

  it('referenced-files: a missing file and an unreadable manifest fail with the referrer named', () => {
    const run = recordOf({
      references: [
        { by: 'snapshot 1', files: 2, missing: ['/w/t/bucket-0/data-1.parquet'] },
        { by: 'tag t1', files: 0, missing: [], error: "File '/w/t/manifest/m-1' not found" },
      ],
    });
    const v = checker('referenced-files').check(run);
    expect(v.status).toBe('fail');
    expect(v.witness).toEqual([
      'snapshot 1 references /w/t/bucket-0/data-1.parquet, which does not exist',
      "tag t1: cannot read its manifests: File '/w/t/manifest/m-1' not found",
    ]);
  });

  it('tags-resolve: an unreadable tag fails', () => {
    const v = checker('tags-resolve').check(
      recordOf({ tags: [{ name: 'x', snapshotId: 3, error: 'gone' }] }),
    );
    expect([v.status, v.witness]).toEqual(['fail', ['tag x (snapshot 3): gone']]);
  });

  it('commit-identifiers: a repeated APPEND identifier fails; COMPACT may share one; batch commits and other users are apart', () => {
    const snap = (id: number, user: string, identifier: string, kind = 'APPEND') => ({
      id,
      commitUser: user,
      commitIdentifier: identifier,
      commitKind: kind,
    });
    const ok = recordOf({
      snapshots: [
        snap(1, 'a', '3'),
        snap(2, 'a', '3', 'COMPACT'),
        snap(3, 'b', '1'),
        snap(4, 'a', '9223372036854775807'),
        snap(5, 'a', '4'),
      ],
    });
    expect(checker('commit-identifiers').check(ok).status).toBe('pass');
    const back = recordOf({
      snapshots: [
        snap(1, 'user-a-long-name', '3'),
        snap(2, 'user-a-long-name', '3'),
        snap(3, 'user-a-long-name', '2'),
      ],
    });
    const v = checker('commit-identifiers').check(back);
    expect(v.status).toBe('fail');
    expect(v.witness).toEqual([
      'user user-a-l: snapshot 2 (APPEND) has identifier 3 after snapshot 1 with 3',
      'user user-a-l: snapshot 3 (APPEND) has identifier 2 after snapshot 2 with 3',
    ]);
  });

  it('expected-failure: passes on a recorded failure containing the text, fails listing what was recorded', () => {
    const scenario = { ...recordOf().scenario, expect: { failure: "doesn't exist" } };
    const failures = [
      { atMs: 5, source: 'step 3 (rollback-to)', text: "Rollback snapshot '1' doesn't exist." },
    ];
    expect(checker('expected-failure').check(recordOf({ scenario, failures })).status).toBe('pass');
    const v = checker('expected-failure').check(
      recordOf({ scenario, failures: [{ atMs: 1, source: 'task x', text: 'boom' }] }),
    );
    expect([v.status, v.witness]).toEqual(['fail', ['task x at t=1: boom']]);
  });

  it('liveness: no progress after healing fails with the reason and the last events; no running job skips', () => {
    const trace = [
      { seq: 0, timeMs: 120, job: 'aaaaaa', type: 'job.failed' as const, details: { error: 'x' } },
    ];
    const v = checker('liveness').check(
      recordOf({ trace, liveness: { healedAtMs: 100, boundMs: 50, reason: 'stopped: maxMs 50 reached' } }),
    );
    expect(v.status).toBe('fail');
    expect(v.explanation).toContain('stopped: maxMs 50 reached');
    expect(v.witness).toEqual(['t=120 job=aaaaaa job.failed {"error":"x"}']);
    expect(checker('liveness').check(recordOf({ liveness: { boundMs: 50 } })).status).toBe('skip');
  });

  it('bounded-waits: a wait that hit its bound fails with the bound and what it waited for', () => {
    const waits = [
      {
        step: 4,
        waitingFor: 'every published event committed',
        met: false,
        reason: 'stopped: maxMs 20000 reached while waiting for every published event committed',
      },
    ];
    const v = checker('bounded-waits').check(recordOf({ waits }));
    expect([v.status, v.witness]).toEqual(['fail', [`step 4: ${waits[0]!.reason}`]]);
  });

  it('surprises: a verdict differing from expect.verdicts is reported, an expected failure is not', () => {
    const scenario = { ...recordOf().scenario, expect: { verdicts: { 'no-loss': 'fail' as const } } };
    const run = recordOf({ scenario });
    expect(surprises(run, checkRun(run)).map((s) => [s.verdict.checker, s.expected])).toEqual([
      ['no-loss', 'fail'],
    ]);
    const lossy = recordOf({ scenario, observedIds: [0], rows: [{ order_id: '0', amount: '0.00' }] });
    expect(surprises(lossy, checkRun(lossy)).map((s) => s.verdict.checker)).toEqual(['exactly-once']);
  });
});
