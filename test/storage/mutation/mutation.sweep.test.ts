import { describe, expect, it } from 'vitest';
import { fuzzDecoders } from './decoder-fuzz.js';
import { findings } from './findings.js';
import { buildFixture } from './fixture.js';
import { baselineOf, chooseMutations, runMutation, summaryTable } from './harness.js';
import { KNOWN_SWEEP_FINDINGS } from './known-findings.js';

/**
 * The long form of mutation.test.ts (`npm run test:sweeps`): every file of every kind, every mutation kind,
 * several seeds (MUTATION_SWEEP_SEEDS=1,2,3 by default), every operation run (no skipping, which also
 * checks that the CI test's skipping of unaffected operations never hides a change), plus a decoder-only
 * fuzz of the binary files.
 */
const SEEDS = (process.env['MUTATION_SWEEP_SEEDS'] ?? '1,2,3').split(',').map(Number);
/** More than the fixture has of any kind: every file. */
const ALL_FILES = 1_000;
const DECODES_PER_FILE = 1_500;

const fixture = buildFixture();

describe.each(SEEDS)('storage mutation sweep, seed %i', (seed) => {
  it('gives only the unmutated result or typed errors, never a hang or a checkable silent difference', () => {
    const baseline = baselineOf(fixture);
    const mutations = chooseMutations(fixture, seed, ALL_FILES);
    const results = mutations.flatMap((m) => runMutation(baseline, m, false));
    console.log(summaryTable(results, mutations.length));
    const f = findings(results, KNOWN_SWEEP_FINDINGS);
    expect(f.untyped).toEqual([]);
    expect(f.slow).toEqual([]);
    expect(f.silent).toEqual([]);
    // An operation that asked the filesystem nothing the mutation changed returns what it did unmutated.
    const unsound = results.filter((r) => r.skippable && r.outcome !== 'same');
    expect(unsound.map((r) => `${r.mutation.detail} ${r.mutation.path} ${r.op}: ${r.outcome}`)).toEqual([]);
  });

  it('decodes corrupt manifests, index files and data files with typed errors only', () => {
    const { decodes, untyped } = fuzzDecoders(fixture, seed, () => DECODES_PER_FILE);
    console.log(`${decodes} corrupt files decoded`);
    expect(untyped).toEqual([]);
  });
});
