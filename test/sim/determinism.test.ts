import { describe, expect, it } from 'vitest';
import { nextUuid, type Random } from '../../src/common/index.js';
import { bundledScenario, runScenario } from '../../src/sim/index.js';

type Component = 'scheduler' | 'ids' | 'table' | 'faults';

// The swarm scenario uses every stream: the schedule (scheduler), commit users (ids), file names (table) and
// which fault points fire when (faults).
const scenario = bundledScenario('swarm')!;
const SEED = 11;

/** The stream of `component`, drawing one UUID more just before its `at`-th draw (an extra id in new code). */
function oneMoreUuid(component: Component, at: number) {
  return (c: Component, stream: Random): Random => {
    if (c !== component) return stream;
    let draws = 0;
    return {
      nextUint32() {
        if (draws++ === at) nextUuid(stream);
        return stream.nextUint32();
      },
    };
  };
}

function traceOf(wrapStream?: (c: Component, s: Random) => Random): string[] {
  const run = runScenario(scenario, SEED, wrapStream ? { wrapStream } : {});
  return run.trace.map(
    (e) =>
      `t=${e.timeMs} job=${e.job} ${e.type}${Object.entries(e.details)
        .map(([k, v]) => ` ${k}=${v}`)
        .join('')}`,
  );
}

/** A commit's user comes from the ids stream: the one thing in the trace that stream decides. */
const withoutCommitUsers = (lines: string[]) => lines.map((l) => l.replace(/ user=[0-9a-f]{8}/, ' user=…'));

/** File names (data files, manifests, manifest lists) carry UUIDs from the table stream: its own ids. */
const withoutFileIds = (lines: string[]) =>
  lines.map((l) => l.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'));

describe('one seed, one stream per component (issue 11, item 5)', () => {
  const base = traceOf();

  it('the run exercises what the check is about: scheduling, faults, commits', () => {
    expect(base.some((l) => l.includes('fault.injected'))).toBe(true);
    expect(base.some((l) => l.includes('storage.commit'))).toBe(true);
    expect(base.some((l) => l.includes('checkpoint.complete'))).toBe(true);
    expect(traceOf()).toEqual(base); // same seed, same trace
  });

  it('one more UUID drawn from the table stream changes only file names', () => {
    const perturbed = traceOf(oneMoreUuid('table', 3));
    expect(perturbed).not.toEqual(base); // a faulted file's name is in the trace: it did change…
    expect(withoutFileIds(perturbed)).toEqual(withoutFileIds(base)); // …and nothing else: same schedule, same faults
  });

  it('one more UUID drawn from the ids stream changes only the commit users', () => {
    const perturbed = traceOf(oneMoreUuid('ids', 0));
    expect(perturbed).not.toEqual(base); // the commit users did change…
    expect(withoutCommitUsers(perturbed)).toEqual(withoutCommitUsers(base)); // …and nothing else did
  });

  it('negative control: one more draw in the scheduler stream does move the schedule', () => {
    const perturbed = traceOf(oneMoreUuid('scheduler', 5));
    const masked = (lines: string[]) => withoutFileIds(withoutCommitUsers(lines));
    expect(masked(perturbed)).not.toEqual(masked(base));
  });

  it('negative control: one more draw in the fault stream changes which faults fire', () => {
    const perturbed = traceOf(oneMoreUuid('faults', 0));
    const faults = (lines: string[]) => lines.filter((l) => l.includes('fault.injected'));
    expect(faults(perturbed)).not.toEqual(faults(base));
  });
});
