import { type Checker, verdict } from './checker.js';

/** Every `run until` met its condition: a wait that hit its bound is reported, never silently passed over. */
export const boundedWaits: Checker = {
  name: 'bounded-waits',
  invariant: 'every wait of the scenario met its condition before its bound',
  check(run) {
    const stuck = run.waits.filter((w) => !w.met);
    if (stuck.length === 0) return verdict(this, 'pass', `${run.waits.length} waits, all met`);
    return verdict(
      this,
      'fail',
      `${stuck.length} of ${run.waits.length} waits hit a bound`,
      stuck.map((w) => `step ${w.step}: ${w.reason}`),
    );
  },
};
