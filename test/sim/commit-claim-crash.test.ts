import { expect, it } from 'vitest';
import { bundledScenario, checkRun, runScenario } from '../../src/sim/index.js';

/**
 * Found by the simulator (storage-faults): a crash right after snapshot-N was claimed made the commit delete
 * the manifests of a snapshot that existed, leaving the table unreadable ("manifest-list-… not found").
 * Paimon keeps them (`FileStoreCommitImpl.tryCommitOnce`: "commit exception, not sure about the situation
 * and should not clean up the files").
 */
it('a crash after claiming a snapshot keeps its manifests: the table stays readable and exactly once', () => {
  const scenario = {
    ...bundledScenario('storage-faults')!,
    faults: {
      kind: 'script' as const,
      faults: [{ point: 'fs.create-exclusive.after' as const, path: '/snapshot/snapshot-', hit: 2 }],
    },
  };
  const run = runScenario(scenario, 1);
  expect(run.faults.map((f) => f.at)).toEqual(['/warehouse/shop.db/orders/snapshot/snapshot-2']);
  const verdicts = Object.fromEntries(checkRun(run).map((v) => [v.checker, v.status]));
  expect(verdicts).toMatchObject({
    'exactly-once': 'pass',
    'referenced-files': 'pass',
    'no-duplicates': 'pass',
    liveness: 'pass',
  });
});
