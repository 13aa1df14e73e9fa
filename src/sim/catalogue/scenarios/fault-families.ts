import type { FaultPlan } from '../../faults/fault-plan.js';
import type { WorkloadName } from '../../scenario/pipelines.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { Step } from '../../scenario/steps.js';

/** Two batches of events with faults armed, then healed: the table must end exactly once, and live. */
function underFaults(
  name: string,
  description: string,
  workload: WorkloadName,
  faults: FaultPlan,
  extra: Step[] = [],
): Scenario {
  return {
    name,
    description,
    pipeline: { workload, parallelism: 2, checkpointIntervalMs: 50, restarts: 10 },
    table: { options: { 'sink.savepoint.auto-tag': 'true' } },
    steps: [
      { op: 'publish', count: 12 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 12 } },
      { op: 'publish', count: 12 },
      ...extra,
      { op: 'run', until: { allCommitted: true } },
      { op: 'heal' },
      { op: 'publish', count: 6 },
      { op: 'run', until: { allCommitted: true } },
    ],
    faults,
  };
}

export const storageFaults = underFaults(
  'storage-faults',
  'Commits crash around every kind of file operation: a snapshot claimed but unacknowledged, a manifest not written, a hint rename lost, a slow write.',
  'orders-append',
  {
    kind: 'script',
    faults: [
      { point: 'fs.create-exclusive.after', path: '/snapshot/snapshot-', hit: 2 },
      { point: 'fs.write.before', path: '/manifest/', hit: 4 },
      { point: 'fs.rename.before', path: 'LATEST', hit: 2 },
      { point: 'fs.write.after', path: '/bucket-', hit: 2 },
      { point: 'fs.slow', path: '/manifest/', hit: 6, delayMs: 150 },
    ],
  },
);

export const taskFaults = underFaults(
  'task-faults',
  'Operators crash in each callback: processElement, snapshotState (before and after), notifyCheckpointComplete (before and after the Paimon commit), initializeState on restart.',
  'keyed-upserts',
  {
    kind: 'script',
    faults: [
      { point: 'task.process-element', task: 'Writer', hit: 7 },
      { point: 'task.before-snapshot', task: 'source', hit: 3 },
      { point: 'task.after-snapshot', task: 'Writer', hit: 6 },
      { point: 'task.before-notify-complete', task: 'Global Committer', hit: 2 },
      { point: 'task.after-notify-complete', task: 'Global Committer', hit: 2 },
      { point: 'task.initialize-state', task: 'Writer', hit: 3 },
    ],
  },
);

export const coordinatorFaults = underFaults(
  'coordinator-faults',
  'The checkpoint coordinator loses acknowledgements and notifications, a task declines, and the JobManager fails over.',
  'customer-totals-sum',
  {
    kind: 'script',
    faults: [
      { point: 'coordinator.ack.lost', task: 'Writer', hit: 2 },
      { point: 'coordinator.notify.lost', task: 'Global Committer', hit: 3, times: 2 },
      { point: 'coordinator.decline', task: 'source', hit: 9 },
      { point: 'coordinator.crash', afterMs: 120 },
    ],
  },
);

export const jobFaults: Scenario = {
  name: 'job-faults',
  description:
    'The job loses a TaskManager and restarts, then is cancelled without a savepoint and started again from its last retained checkpoint.',
  pipeline: { workload: 'partial-updates', parallelism: 2, checkpointIntervalMs: 50, restarts: 5 },
  steps: [
    { op: 'publish', count: 10 },
    { op: 'start', job: 'a' },
    { op: 'run', until: { committed: 10 } },
    { op: 'publish', count: 10 },
    { op: 'run', until: { atMs: 400 } },
    { op: 'start', job: 'b', restore: { checkpointOf: 'a' } },
    { op: 'publish', count: 5 },
    { op: 'run', until: { allCommitted: true } },
  ],
  faults: {
    kind: 'script',
    faults: [
      { point: 'job.restart', afterMs: 60, job: 'a' },
      { point: 'job.cancel', afterMs: 300, job: 'a' },
    ],
  },
};

export const swarmFaults: Scenario = {
  ...underFaults(
    'swarm',
    "FoundationDB's BUGGIFY: the seed activates a random set of fault points for the run, and each hit of an active point fires with a small probability.",
    'orders-append',
    { kind: 'swarm', activation: 0.5, perHit: 0.05, maxFaults: 4 },
  ),
};
