import fc from 'fast-check';
import type { FaultPlan, ScriptedFault } from '../faults/fault-plan.js';
import { FAULT_POINTS, type FaultPointName } from '../faults/fault-points.js';
import { WORKLOAD_NAMES, type WorkloadName } from '../scenario/pipelines.js';
import type { PipelineSpec } from '../scenario/scenario.js';
import { CancelCommand } from './commands/cancel-command.js';
import { CreateTagCommand } from './commands/create-tag-command.js';
import { DeleteTagCommand } from './commands/delete-tag-command.js';
import { ExpireCommand } from './commands/expire-command.js';
import { type FailedOperator, FailTaskCommand } from './commands/fail-task-command.js';
import type { OperatorCommand } from './commands/operator-command.js';
import { PublishCommand } from './commands/publish-command.js';
import { RestoreCommand } from './commands/restore-command.js';
import { RollbackCommand } from './commands/rollback-command.js';
import { SavepointCommand } from './commands/savepoint-command.js';
import { StopCommand } from './commands/stop-command.js';
import { WaitCommand } from './commands/wait-command.js';
import type { RecoveryProcedure } from './procedures.js';

/** One of the standard workloads (`WORKLOADS`): append orders, aggregated totals, upserts, partial updates. */
export const workloadArb: fc.Arbitrary<WorkloadName> = fc.constantFrom(...WORKLOAD_NAMES);

/**
 * A pipeline of a workload (any, or the one given): parallelism 1–3, a checkpoint every 20–100 ms, 1–3
 * partitions, and restarts enough that injected task failures never exhaust them.
 */
export function pipelineArb(workload?: WorkloadName): fc.Arbitrary<PipelineSpec> {
  return fc.record({
    workload: workload === undefined ? workloadArb : fc.constant(workload),
    parallelism: fc.integer({ min: 1, max: 3 }),
    checkpointIntervalMs: fc.integer({ min: 20, max: 100 }),
    partitions: fc.integer({ min: 1, max: 3 }),
    restarts: fc.constant(50),
  });
}

/**
 * Table options that change how much history the table keeps, not what it holds: snapshot retention by count
 * (`snapshot.num-retained.min/max`, CoreOptions; min <= max as SchemaValidation requires) and by age
 * (`snapshot.time-retained`, default 1 h). The committer expires with them after every commit; the recovery
 * recipe must survive every drawn value.
 */
export const tableOptionsArb: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      retainMin: fc.integer({ min: 1, max: 10 }),
      extra: fc.integer({ min: 0, max: 20 }),
      timeRetained: fc.constantFrom('1 h', '1 s', '200 ms'),
    },
    { requiredKeys: [] },
  )
  .map((o) => ({
    ...(o.retainMin === undefined
      ? {}
      : {
          'snapshot.num-retained.min': String(o.retainMin),
          'snapshot.num-retained.max': String(o.retainMin + (o.extra ?? 0)),
        }),
    ...(o.timeRetained === undefined ? {} : { 'snapshot.time-retained': o.timeRetained }),
  }));

const SWARM_POINTS = (Object.keys(FAULT_POINTS) as FaultPointName[]).filter((p) => FAULT_POINTS[p].swarm);

/** One scripted fault at a swarm point (a point a run must survive), on one of its first hits. */
export const scriptedFaultArb: fc.Arbitrary<ScriptedFault> = fc.record({
  point: fc.constantFrom(...SWARM_POINTS),
  hit: fc.integer({ min: 1, max: 6 }),
});

/** No faults, a short script of faults, or a BUGGIFY-style swarm drawn from the run's seed. */
export const faultPlanArb: fc.Arbitrary<FaultPlan> = fc.oneof(
  fc.constant<FaultPlan>({ kind: 'none' }),
  fc.array(scriptedFaultArb, { minLength: 1, maxLength: 3 }).map(
    (faults): FaultPlan => ({
      kind: 'script',
      faults,
    }),
  ),
  fc
    .record({
      activation: fc.double({ min: 0.1, max: 0.6, noNaN: true }),
      perHit: fc.double({ min: 0.01, max: 0.08, noNaN: true }),
      maxFaults: fc.integer({ min: 1, max: 4 }),
    })
    .map((s): FaultPlan => ({ kind: 'swarm', ...s })),
);

export interface OperatorCommandOptions {
  readonly procedure: RecoveryProcedure;
  /** The pipeline's parallelism (subtasks a failed task may be). Default 2. */
  readonly parallelism?: number;
  /** Include task failures (failover to the latest checkpoint). Default true. */
  readonly failures?: boolean;
}

/**
 * Arbitraries of every operator action (for `fc.commands`): publish, let time pass, savepoint, stop with a
 * savepoint (± drain), cancel, restore a savepoint (after the procedure), rollback to a savepoint's tag,
 * expire snapshots, create and delete a tag, fail a task.
 */
export function operatorCommandArbs(options: OperatorCommandOptions): fc.Arbitrary<OperatorCommand>[] {
  const pick = fc.nat({ max: 7 });
  // weights: actions that move the story on (events, time, savepoints, stops, restores) come up most
  const weighted: fc.WeightedArbitrary<OperatorCommand>[] = [
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => new PublishCommand(n)) },
    { weight: 3, arbitrary: fc.integer({ min: 20, max: 300 }).map((ms) => new WaitCommand(ms)) },
    { weight: 2, arbitrary: fc.constant(null).map(() => new SavepointCommand()) },
    { weight: 1, arbitrary: fc.boolean().map((drain) => new StopCommand(drain)) },
    { weight: 2, arbitrary: fc.constant(null).map(() => new CancelCommand()) },
    { weight: 3, arbitrary: pick.map((i) => new RestoreCommand(options.procedure, i)) },
    { weight: 1, arbitrary: pick.map((i) => new RollbackCommand(i)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }).map((n) => new ExpireCommand(n)) },
    { weight: 1, arbitrary: fc.constant(null).map(() => new CreateTagCommand()) },
    { weight: 1, arbitrary: pick.map((i) => new DeleteTagCommand(i)) },
  ];
  if (options.failures !== false)
    weighted.push({
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom<FailedOperator>('source', 'writer', 'committer'),
          fc.nat({ max: (options.parallelism ?? 2) - 1 }),
        )
        .map(([op, subtask]) => new FailTaskCommand(op, subtask)),
    });
  return [fc.oneof(...weighted)];
}
