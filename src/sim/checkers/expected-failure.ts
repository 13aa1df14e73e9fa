import { type Checker, verdict } from './checker.js';

/** The scenario's `expect.failure` text shows in a recorded failure (task, job or step), verbatim. */
export const expectedFailure: Checker = {
  name: 'expected-failure',
  invariant: "a failure containing the scenario's expected text was recorded",
  check(run) {
    const wanted = run.scenario.expect?.failure;
    if (wanted === undefined) return verdict(this, 'skip', 'the scenario expects no particular failure');
    const hit = run.failures.find((f) => f.text.includes(wanted));
    if (hit) return verdict(this, 'pass', `${hit.source} at t=${hit.atMs}: ${hit.text.split('\n')[0]}`);
    return verdict(
      this,
      'fail',
      `no recorded failure contains '${wanted}' (${run.failures.length} failures recorded)`,
      run.failures.map((f) => `${f.source} at t=${f.atMs}: ${f.text.split('\n')[0]}`),
    );
  },
};
