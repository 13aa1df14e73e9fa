import { type Checker, verdict } from './checker.js';

/** Jepsen's duplicate: one event shows more than once (appended twice, or summed twice). */
export const noDuplicates: Checker = {
  name: 'no-duplicates',
  invariant: 'no event shows in the table more than once',
  check(run) {
    const counts = new Map<number, number>();
    for (const id of run.observedIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const dup = [...counts].filter(([, n]) => n > 1);
    if (dup.length === 0) return verdict(this, 'pass', `${counts.size} events, each once`);
    const restores = run.jobs
      .filter((j) => j.restoredFrom)
      .map((j) => `job ${j.name} (${j.id}) restored ${j.restoredFrom}`);
    return verdict(
      this,
      'fail',
      `${dup.length} events show more than once${restores.length ? `; replays come from restores: ${restores.join('; ')}` : ''}`,
      dup.map(([id, n]) => `event ${id} shows ${n} times`),
    );
  },
};
