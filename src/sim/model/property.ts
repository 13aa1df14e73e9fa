import fc from 'fast-check';
import { type Clock, SystemClock } from '../../common/index.js';
import { CHECKER_NAMES, checkRun, type Verdict } from '../checkers/index.js';
import { ScenarioError } from '../errors.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import type { RunRecord } from '../record/run-record.js';
import { WORKLOADS, type WorkloadName } from '../scenario/pipelines.js';
import { runScenario } from '../scenario/runner.js';
import type { PipelineSpec, Scenario } from '../scenario/scenario.js';
import { faultPlanArb, operatorCommandArbs, pipelineArb, tableOptionsArb } from './arbitraries.js';
import type { OperatorCommand } from './commands/operator-command.js';
import { type RecoveryProcedure, ROLLBACK_TO_SAVEPOINT_TAG } from './procedures.js';
import { RecoveryModel } from './recovery-model.js';
import { ScenarioDraft, scenarioText } from './scenario-draft.js';

/** Checkers a recovery property holds by default: the table is exactly once, and nothing else broke. */
export const RECOVERY_INVARIANT: readonly string[] = [
  'exactly-once',
  'no-loss',
  'no-duplicates',
  'commit-identifiers',
  'referenced-files',
  'tags-resolve',
  'liveness',
  'bounded-waits',
];

export interface RecoveryPropertyOptions {
  /**
   * Measures how long runs take, for the cost reported in the result (default: the system clock). Runs
   * themselves are on virtual time: this clock never changes what a run does.
   */
  readonly wallClock?: Clock;
  /** A workload name, a fixed pipeline, or an arbitrary of pipelines (default: `pipelineArb(workload)`). */
  readonly pipeline: WorkloadName | PipelineSpec | fc.Arbitrary<PipelineSpec>;
  /** What the operator does before each restore (default: `ROLLBACK_TO_SAVEPOINT_TAG`). */
  readonly procedure?: RecoveryProcedure;
  /** Checkers that must pass (default `RECOVERY_INVARIANT`), plus an optional check of your own. */
  readonly invariant?: readonly string[];
  readonly check?: (run: RunRecord) => string | undefined;
  /** Draw table options (`tableOptionsArb`, default true) and fault plans (`faultPlanArb`, default false). */
  readonly tableOptions?: boolean;
  readonly faults?: boolean | fc.Arbitrary<FaultPlan>;
  /** Include task failures among the commands (default true). */
  readonly taskFailures?: boolean;
  /** Operator commands per run (default at most 10). */
  readonly maxCommands?: number;
  readonly numRuns?: number;
  /** fast-check's seed (default: random, and printed on failure); `path` + `seed` replay a failure. */
  readonly seed?: number;
  readonly path?: string;
  /** Stops generating (and shrinking) after this long; the result says how many runs were made. Default 120 s. */
  readonly timeLimitMs?: number;
}

export interface RecoveryPropertyResult {
  /** Runs that played a scenario and checked it (each a distinct simulation seed). */
  readonly runs: number;
  /** Runs whose scenario could not apply (a savepoint aborted, a tag never created); not counted in `runs`. */
  readonly discarded: number;
  /** Why runs were discarded: the first line of each step error, counted. */
  readonly discardReasons: Readonly<Record<string, number>>;
  readonly interrupted: boolean;
  readonly msPerRun: number;
  readonly seed: number;
}

/** A counterexample: the shrunk scenario, the simulation seed, and how to replay it. */
export class RecoveryPropertyFailure extends Error {
  constructor(
    readonly scenario: Scenario,
    readonly simSeed: number,
    readonly failed: readonly Verdict[],
    readonly fcSeed: number,
    readonly path: string,
    extra: string,
  ) {
    super(
      [
        `recovery property failed (fast-check seed=${fcSeed} path="${path}"; replay the shrinking with { seed: ${fcSeed}, path: "${path}" })`,
        ...failed.map((v) => `${v.checker}: ${v.explanation}${v.witness[0] ? ` (${v.witness[0]})` : ''}`),
        extra,
        `replay: save the scenario below as counterexample.json, then`,
        `  npx paimon-sim scenario check counterexample.json --seed ${simSeed}`,
        scenarioText(scenario),
      ]
        .filter((l) => l !== '')
        .join('\n'),
    );
  }
}

/** Thrown inside a run; carries what the failure message needs once fast-check has shrunk it. */
class RunFailure extends Error {
  constructor(
    readonly scenario: Scenario,
    readonly simSeed: number,
    readonly failed: readonly Verdict[],
    readonly extra: string,
  ) {
    super(failed.map((v) => v.checker).join(', ') || extra);
  }
}

/**
 * A recovery property in one call: fast-check draws a pipeline, table options, a simulation seed and a list
 * of operator commands (each a scenario step, the procedure inserted before every restore); the steps play
 * as one scenario and the checkers judge the recorded run. On failure fast-check shrinks the command list,
 * and the error prints the shrunk scenario as a file plus the seed that replays it from the CLI.
 */
export function recoveryProperty(options: RecoveryPropertyOptions): RecoveryPropertyResult {
  const procedure = options.procedure ?? ROLLBACK_TO_SAVEPOINT_TAG;
  const invariant = options.invariant ?? RECOVERY_INVARIANT;
  const wallClock = options.wallClock ?? new SystemClock();
  for (const name of invariant)
    if (!(CHECKER_NAMES as readonly string[]).includes(name))
      throw new ScenarioError(
        'invariant',
        `unknown checker '${name}'; expected one of ${CHECKER_NAMES.join(', ')}`,
      );
  const pipelines = pipelineArbOf(options.pipeline);
  const faults =
    options.faults === true
      ? faultPlanArb
      : options.faults
        ? options.faults
        : fc.constant<FaultPlan>({ kind: 'none' });
  const tableOptions = options.tableOptions === false ? fc.constant({}) : tableOptionsArb;
  let discarded = 0;
  const discardReasons: Record<string, number> = {};
  let played = 0;
  let spentMs = 0;
  const input = pipelines.chain((pipeline) =>
    fc.record({
      pipeline: fc.constant(pipeline),
      simSeed: fc.integer({ min: 0, max: 0xffff_ffff }),
      initial: fc.integer({ min: 1, max: 10 }),
      options: tableOptions,
      faults,
      commands: fc.commands(
        operatorCommandArbs({
          procedure,
          parallelism: pipeline.parallelism ?? 2,
          failures: options.taskFailures !== false,
        }),
        {
          maxCommands: options.maxCommands ?? 16,
          size: 'max',
          ...(options.path === undefined ? {} : { replayPath: options.path }),
        },
      ),
    }),
  );
  const property = fc.property(input, (i) => {
    const scenario = buildScenario(
      procedure,
      i.pipeline,
      i.initial,
      { ...i.options, ...procedure.options },
      i.faults,
      i.commands,
    );
    const started = wallClock.nowMs();
    let run: RunRecord;
    try {
      run = runScenario(scenario, i.simSeed);
    } catch (e) {
      // A step the model could not foresee cannot apply (a savepoint aborted by a fault, or one that committed
      // nothing so Paimon made no tag): the draw tells nothing about the procedure.
      if (e instanceof ScenarioError && /did not complete|doesn't exist/.test(e.message)) {
        discarded++;
        const reason = e.message.replace(/^steps\[\d+\]: /, '').replace(/\d+/g, 'N');
        discardReasons[reason] = (discardReasons[reason] ?? 0) + 1;
        return fc.pre(false);
      }
      throw e;
    } finally {
      spentMs += wallClock.nowMs() - started;
      played++;
    }
    const failed = checkRun(run).filter((v) => invariant.includes(v.checker) && v.status === 'fail');
    const own = options.check?.(run);
    if (failed.length > 0 || own !== undefined) throw new RunFailure(scenario, i.simSeed, failed, own ?? '');
  });
  const result = fc.check(property, {
    numRuns: options.numRuns ?? 20,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
    interruptAfterTimeLimit: options.timeLimitMs ?? 120_000,
    markInterruptAsFailure: false,
    maxSkipsPerRun: 10,
  });
  if (result.failed) {
    const error = result.errorInstance;
    if (error instanceof RunFailure)
      throw new RecoveryPropertyFailure(
        error.scenario,
        error.simSeed,
        error.failed,
        result.seed,
        result.counterexamplePath ?? '',
        error.extra,
      );
    throw new Error(fc.defaultReportMessage(result) ?? 'recovery property failed', { cause: error });
  }
  return {
    runs: result.numRuns,
    discarded,
    discardReasons,
    interrupted: result.interrupted,
    msPerRun: played === 0 ? 0 : Math.round(spentMs / played),
    seed: result.seed,
  };
}

function pipelineArbOf(p: RecoveryPropertyOptions['pipeline']): fc.Arbitrary<PipelineSpec> {
  if (typeof p === 'string') return pipelineArb(p);
  if (p instanceof fc.Arbitrary) return p;
  return fc.constant(p);
}

/**
 * The scenario a command list stands for: `initial` events committed by a first job, the operator's commands, then a
 * healed ending — a few more events and, if no job runs, the latest restorable savepoint resumed with the
 * procedure — waiting until every event is in the table.
 */
export function buildScenario(
  procedure: RecoveryProcedure,
  pipeline: PipelineSpec,
  initial: number,
  options: Readonly<Record<string, string>>,
  faults: FaultPlan,
  commands: Iterable<fc.Command<RecoveryModel, ScenarioDraft>>,
): Scenario {
  const model = new RecoveryModel(WORKLOADS[pipeline.workload]);
  const draft = new ScenarioDraft();
  // the first job commits its first events before the operator acts: the table has a snapshot to go back to
  draft.append(
    { op: 'publish', count: initial },
    { op: 'start', job: model.nextJob() },
    { op: 'run', until: { committed: initial } },
  );
  model.published = initial;
  model.running = 'j0';
  fc.modelRun(() => ({ model, real: draft }), commands as Iterable<OperatorCommand>);
  draft.append({ op: 'heal' }, { op: 'publish', count: 3 });
  if (model.running === undefined) {
    const sp = model.restorable().at(-1)!;
    draft.append(...procedure.beforeRestore(sp), {
      op: 'start',
      job: model.nextJob(),
      restore: { savepoint: sp.name },
    });
  }
  draft.append({ op: 'run', until: { allCommitted: true }, maxMs: 10_000 });
  return draft.toScenario({
    name: 'recovery-counterexample',
    description: `operator commands with the procedure: ${procedure.name}`,
    pipeline,
    options,
    faults,
  });
}
