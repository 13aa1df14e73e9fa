import type { RunRecord } from '../../src/sim/index.js';

const order = (id: number) => ({ order_id: String(id), amount: `${id}.00` });

/** A small hand-made recorded run: 3 orders, written once each, one tag, healed and live. Tests change it. */
export function recordOf(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    scenario: {
      name: 'hand-made',
      pipeline: { workload: 'orders-append' },
      steps: [{ op: 'publish', count: 3 }],
    },
    seed: 1,
    banner: 'seed=1 faults=none scheduler=random storage=memory',
    table: 'shop.orders',
    trace: [],
    digest: '00000000',
    steps: [],
    waits: [{ step: 2, waitingFor: 'the first 3 events committed', met: true, reason: 'met' }],
    published: [0, 1, 2].map((id) => ({ id, topic: 'main', partition: id % 2, key: id })),
    rows: [order(0), order(1), order(2)],
    expectedRows: [order(0), order(1), order(2)],
    observedIds: [0, 1, 2],
    visibleIds: [0, 1, 2],
    snapshots: [
      { id: 1, commitUser: 'user-a', commitIdentifier: '1', commitKind: 'APPEND' },
      { id: 2, commitUser: 'user-a', commitIdentifier: '2', commitKind: 'APPEND' },
    ],
    tags: [{ name: 'savepoint-1', snapshotId: 1 }],
    references: [
      { by: 'snapshot 1', files: 2, missing: [] },
      { by: 'tag savepoint-1', files: 2, missing: [] },
    ],
    failures: [],
    faults: [],
    jobs: [{ name: 'a', id: 'aaaaaa', status: 'RUNNING' }],
    liveness: { healedAtMs: 100, boundMs: 5000, progressAtMs: 150 },
    ...overrides,
  };
}
