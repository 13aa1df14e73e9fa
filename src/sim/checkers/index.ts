import type { RunRecord } from '../record/run-record.js';
import { boundedWaits } from './bounded-waits.js';
import type { Checker, Verdict } from './checker.js';
import { CHECKER_NAMES } from './checker-names.js';
import { commitIdentifiers } from './commit-identifiers.js';
import { exactlyOnce } from './exactly-once.js';
import { expectedFailure } from './expected-failure.js';
import { liveness } from './liveness.js';
import { noDuplicates } from './no-duplicates.js';
import { noLoss } from './no-loss.js';
import { referencedFiles } from './referenced-files.js';
import { tagsResolve } from './tags-resolve.js';

export type { Checker, Verdict, VerdictStatus } from './checker.js';

export const CHECKERS: readonly Checker[] = [
  exactlyOnce,
  noLoss,
  noDuplicates,
  referencedFiles,
  tagsResolve,
  commitIdentifiers,
  expectedFailure,
  liveness,
  boundedWaits,
];

export { CHECKER_NAMES } from './checker-names.js';

if (CHECKERS.map((c) => c.name).join() !== CHECKER_NAMES.join()) {
  throw new Error(
    `checker-names.ts lists ${CHECKER_NAMES.join(', ')} but CHECKERS has ${CHECKERS.map((c) => c.name).join(', ')}`,
  );
}

export function checkRun(run: RunRecord): Verdict[] {
  return CHECKERS.map((c) => c.check(run));
}

/** A verdict that differs from what the scenario expects (`expect.verdicts`; default: pass). */
export interface Surprise {
  readonly verdict: Verdict;
  readonly expected: 'pass' | 'fail';
}

/** Compares verdicts with the scenario's expectations; empty when everything came out as expected. */
export function surprises(run: RunRecord, verdicts: readonly Verdict[]): Surprise[] {
  const expected = run.scenario.expect?.verdicts ?? {};
  return verdicts
    .filter((v) => v.status !== 'skip')
    .map((v) => ({ verdict: v, expected: expected[v.checker] ?? 'pass' }))
    .filter((s) => s.verdict.status !== s.expected);
}
