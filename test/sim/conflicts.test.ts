import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  CONFLICTS,
  checkRun,
  replayInstructions,
  runScenario,
  surprises,
} from '../../src/sim/index.js';

/** Checkers that judge the table and the job; expected-failure only confirms the message. */
const JUDGES = [
  'exactly-once',
  'no-loss',
  'no-duplicates',
  'commit-identifiers',
  'referenced-files',
  'tags-resolve',
  'liveness',
];

describe('the conflict catalogue', () => {
  it.each(CONFLICTS.map((c) => [c.title, c] as const))('%s: flagged, and its twin passes', (_t, c) => {
    const bad = runScenario(c.conflict, 1);
    const badVerdicts = checkRun(bad);
    expect(surprises(bad, badVerdicts), replayInstructions(bad).join('\n')).toEqual([]);
    expect(
      badVerdicts.filter((v) => JUDGES.includes(v.checker) && v.status === 'fail').length,
    ).toBeGreaterThan(0);

    const good = runScenario(c.fixed, 1);
    const goodVerdicts = checkRun(good);
    expect(c.fixed.expect).toBeUndefined();
    expect(
      goodVerdicts.filter((v) => v.status === 'fail').map((v) => `${v.checker}: ${v.explanation}`),
      replayInstructions(good).join('\n'),
    ).toEqual([]);
  });

  it('every conflict and twin is bundled, with a distinct name', () => {
    const names = CATALOGUE.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of CONFLICTS) expect(names).toEqual(expect.arrayContaining([c.conflict.name, c.fixed.name]));
  });
});
