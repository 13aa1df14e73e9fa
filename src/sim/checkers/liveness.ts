import { type Checker, verdict } from './checker.js';

/** TigerBeetle's liveness mode: once faults stop, the job makes progress within the bound, or says why not. */
export const liveness: Checker = {
  name: 'liveness',
  invariant:
    'after the faults stop, every running job completes a checkpoint and the table catches up within the bound',
  check(run) {
    const l = run.liveness;
    if (l.healedAtMs === undefined)
      return verdict(this, 'skip', 'no job was running when the faults stopped');
    if (l.progressAtMs !== undefined)
      return verdict(
        this,
        'pass',
        `healed at t=${l.healedAtMs}, caught up at t=${l.progressAtMs} (bound ${l.boundMs} ms)`,
      );
    const after = run.trace.filter((e) => e.timeMs >= l.healedAtMs! && e.job !== 'storage').slice(-5);
    return verdict(
      this,
      'fail',
      `no progress within ${l.boundMs} ms after healing at t=${l.healedAtMs}: ${l.reason}`,
      [...after.map((e) => `t=${e.timeMs} job=${e.job} ${e.type} ${JSON.stringify(e.details)}`)],
    );
  },
};
