import type { CanonicalRow } from '../scenario/pipelines.js';
import { type Checker, verdict } from './checker.js';

const text = (r: CanonicalRow) => JSON.stringify(r);

/** The table equals the model: what a failure-free, exactly-once run of the published events produces. */
export const exactlyOnce: Checker = {
  name: 'exactly-once',
  invariant: 'the final table equals the model of every published event applied exactly once',
  check(run) {
    const expected = new Map<string, number>();
    for (const r of run.expectedRows) expected.set(text(r), (expected.get(text(r)) ?? 0) + 1);
    const extra: string[] = [];
    for (const r of run.rows) {
      const n = expected.get(text(r)) ?? 0;
      if (n > 0) expected.set(text(r), n - 1);
      else extra.push(`unexpected row ${text(r)}`);
    }
    const missing = [...expected].flatMap(([r, n]) => Array.from({ length: n }, () => `missing row ${r}`));
    if (extra.length === 0 && missing.length === 0)
      return verdict(
        this,
        'pass',
        `${run.rows.length} rows, equal to the model of ${run.published.length} events`,
      );
    return verdict(
      this,
      'fail',
      `the table (${run.rows.length} rows) differs from the model of ${run.published.length} events (${run.expectedRows.length} rows): ${extra.length} unexpected, ${missing.length} missing`,
      [...extra, ...missing],
    );
  },
};
