import { differenceIsCheckable, type Result } from './harness.js';

/**
 * A known finding outside this change's reach, fixed in another branch. Each entry matches results by file
 * kind, mutation kind, and a pattern on the error text or difference or on the mutation's detail.
 */
export interface KnownFinding {
  readonly fileKind: string;
  readonly mutation: string;
  readonly pattern: RegExp;
  readonly why: string;
}

function matches(k: KnownFinding, r: Result): boolean {
  return (
    k.fileKind === r.mutation.fileKind &&
    k.mutation === r.mutation.kind &&
    (k.pattern.test(r.detail) || k.pattern.test(r.mutation.detail))
  );
}

/** Known findings that no result matches any more: fixed, so their entry should go. */
export function staleKnownFindings(results: readonly Result[], known: readonly KnownFinding[]): string[] {
  const reported = results.filter(
    (r) => r.outcome === 'untyped-error' || (r.outcome === 'different' && differenceIsCheckable(r.mutation)),
  );
  return known.filter((k) => !reported.some((r) => matches(k, r))).map((k) => k.why);
}

/** Untyped errors and checkable silent differences, each as one line naming what happened. */
export function findings(results: readonly Result[], known: readonly KnownFinding[]) {
  const isKnown = (r: Result) => known.some((k) => matches(k, r));
  const line = (r: Result) =>
    `${r.mutation.fileKind} ${r.mutation.kind} (${r.mutation.detail}) ${r.mutation.path.replace(/^\/warehouse\/db\.db\//, '')} → ${r.op}: ${r.detail}`;
  const untyped = results.filter((r) => r.outcome === 'untyped-error');
  const slow = results.filter((r) => r.outcome === 'slow');
  const silent = results.filter((r) => r.outcome === 'different' && differenceIsCheckable(r.mutation));
  return {
    untyped: untyped.filter((r) => !isKnown(r)).map(line),
    knownUntyped: untyped.filter(isKnown).map(line),
    slow: slow.map(line),
    silent: silent.filter((r) => !isKnown(r)).map(line),
    knownSilent: silent.filter(isKnown).map(line),
    uncheckedDifferences: results
      .filter((r) => r.outcome === 'different' && !differenceIsCheckable(r.mutation))
      .map(line),
  };
}
