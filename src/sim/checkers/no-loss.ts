import { type Checker, verdict } from './checker.js';

/** Jepsen's lost write: an event the model keeps visible is not in the table. */
export const noLoss: Checker = {
  name: 'no-loss',
  invariant: 'every published event the model keeps visible is in the table',
  check(run) {
    const seen = new Set(run.observedIds);
    const lost = run.visibleIds.filter((id) => !seen.has(id));
    if (lost.length === 0)
      return verdict(this, 'pass', `all ${run.visibleIds.length} visible events are in the table`);
    const byId = new Map(run.published.map((e) => [e.id, e]));
    return verdict(
      this,
      'fail',
      `${lost.length} of ${run.visibleIds.length} events are lost (published, never in the table)`,
      lost.map((id) => {
        const e = byId.get(id);
        return `event ${id} (topic ${e?.topic}, partition ${e?.partition}, key ${e?.key}) is missing`;
      }),
    );
  },
};
