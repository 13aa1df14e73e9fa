/**
 * The checkers' names, in the order they run. A leaf module so scenario validation (which names checkers in
 * `expect.verdicts`) need not import the checkers, which read recorded runs, which hold scenarios.
 * checkers/index.ts checks that CHECKERS has exactly these names.
 */
export const CHECKER_NAMES = [
  'exactly-once',
  'no-loss',
  'no-duplicates',
  'referenced-files',
  'tags-resolve',
  'commit-identifiers',
  'expected-failure',
  'liveness',
  'bounded-waits',
] as const;

export type CheckerName = (typeof CHECKER_NAMES)[number];
