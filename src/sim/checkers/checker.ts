import type { RunRecord } from '../record/run-record.js';

export type VerdictStatus = 'pass' | 'fail' | 'skip';

/** A checker's answer: a short explanation (1–5 lines) and, on failure, a witness (Elle: "T1 < T2 because …"). */
export interface Verdict {
  readonly checker: string;
  readonly status: VerdictStatus;
  readonly explanation: string;
  readonly witness: readonly string[];
}

/** One invariant, checked on a recorded run only (never on a live environment). */
export interface Checker {
  readonly name: string;
  /** The invariant, one sentence. */
  readonly invariant: string;
  check(run: RunRecord): Verdict;
}

/** At most this many witness lines (Paimon's conflict message truncates at `maxEntry` too). */
export const MAX_WITNESS = 8;

export function verdict(
  checker: Checker,
  status: VerdictStatus,
  explanation: string,
  witness: readonly string[] = [],
): Verdict {
  const shown = witness.slice(0, MAX_WITNESS);
  if (witness.length > MAX_WITNESS) shown.push(`… and ${witness.length - MAX_WITNESS} more`);
  return { checker: checker.name, status, explanation, witness: shown };
}
