import { PaimonSimError } from '../../common/index.js';
import { SimEnv, type SimEnvOptions } from '../env/sim-env.js';
import { ScenarioError } from '../errors.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import { captureRecord } from '../record/capture.js';
import type { Liveness, RunRecord } from '../record/run-record.js';
import { covers, WORKLOADS } from './pipelines.js';
import { RunContext } from './run-context.js';
import { parseScenario, type Scenario } from './scenario.js';
import { STEP_ACTIONS } from './step-actions.js';
import { describeStep, type Step } from './steps.js';

export interface RunOptions extends SimEnvOptions {
  /** Replaces the scenario's fault plan (the property test and seed sweeps draw their own). */
  readonly faults?: FaultPlan;
}

const DEFAULT_LIVENESS_MS = 5_000;

/**
 * The one interpreter: SimEnv × Scenario → RunRecord. Validates first (nothing runs on a bad scenario),
 * runs the steps with faults armed (the faulty phase) until a `heal` step or the last step, then the healed
 * phase: with faults off, every job still running must complete a checkpoint and the table must show every
 * published event within `liveness.boundMs`. Every wait is bounded and says which bound stopped it.
 */
export function runScenario(input: Scenario | unknown, seed: number, options: RunOptions = {}): RunRecord {
  return runScenarioPhases(input, seed, options, () => {});
}

/** A run's phases, for benchmarks that time them apart (the caller brings the clock: core code reads none). */
export type RunPhase = 'setUp' | 'steps' | 'healed' | 'captured';

/** `runScenario`, calling `reached` as each phase ends. Not exported from the package. */
export function runScenarioPhases(
  input: Scenario | unknown,
  seed: number,
  options: RunOptions,
  reached: (phase: RunPhase) => void,
): RunRecord {
  const scenario = parseScenario(input);
  const plan = options.faults ?? scenario.faults ?? { kind: 'none' };
  const env = SimEnv.create(seed, options);
  const workload = WORKLOADS[scenario.pipeline.workload];
  const ctx = new RunContext(env, scenario, workload);
  createTable(ctx);
  env.injectFaults(plan);
  const label = faultLabel(plan, env.faults.activePoints());
  env.trace.record(0, 'sim', 'sim.start', { scenario: scenario.name, banner: env.banner(label) });
  reached('setUp');
  for (const [i, step] of scenario.steps.entries()) runStep(ctx, step, i);
  reached('steps');
  ctx.faulty = false;
  const liveness = healedPhase(ctx);
  reached('healed');
  const record = captureRecord(ctx, liveness, label);
  reached('captured');
  return record;
}

function createTable(ctx: RunContext): void {
  const { workload, env, scenario } = ctx;
  const [db] = workload.table.split('.');
  env.catalog.createDatabase(db!, true);
  env.catalog.createTable(workload.table, {
    fields: workload.fields,
    ...(workload.primaryKeys ? { primaryKeys: workload.primaryKeys } : {}),
    options: { ...workload.options, ...(scenario.table?.options ?? {}) },
  });
}

function runStep(ctx: RunContext, step: Step, index: number): void {
  ctx.step = index;
  const text = describeStep(step);
  ctx.steps.push({ index, op: step.op, text, atMs: ctx.env.clock.nowMs(), outcome: '' });
  let outcome: string;
  try {
    outcome = (STEP_ACTIONS[step.op] as (c: RunContext, s: Step) => string)(ctx, step);
    if (step.expectError !== undefined) {
      outcome = `succeeded, but expectError was not met (${outcome})`;
      // the record's failure text leaves the expected text out: expected-failure must not match it
      ctx.stepFailures.push({
        atMs: ctx.env.clock.nowMs(),
        source: `step ${index} (${step.op})`,
        text: outcome,
      });
    }
  } catch (e) {
    if (e instanceof ScenarioError || !(e instanceof PaimonSimError)) throw e;
    const message = e.message.split('\n')[0]!;
    if (step.expectError === undefined || !e.message.includes(step.expectError))
      throw new ScenarioError(`steps[${index}]`, `${step.op} cannot apply: ${message}`, index, { cause: e });
    outcome = `failed as expected: ${message}`;
    ctx.stepFailures.push({
      atMs: ctx.env.clock.nowMs(),
      source: `step ${index} (${step.op})`,
      text: e.message,
    });
  }
  ctx.note(outcome);
  ctx.env.trace.record(ctx.env.clock.nowMs(), 'sim', 'sim.step', { index, op: step.op, outcome });
}

/** After the faults: progress within the bound, or the reason there was none (TigerBeetle's liveness mode). */
function healedPhase(ctx: RunContext): Liveness {
  const boundMs = ctx.scenario.liveness?.boundMs ?? DEFAULT_LIVENESS_MS;
  const live = ctx.liveJobs();
  if (live.length === 0) return { boundMs };
  const { env } = ctx;
  const healedAtMs = env.clock.nowMs();
  env.trace.record(healedAtMs, 'sim', 'sim.heal', { jobs: live.map((j) => j.shortId).join(',') });
  const checkpointed = new Set<string>();
  const from = env.trace.events.length;
  const progressed = () => {
    for (let i = from; i < env.trace.events.length; i++) {
      const e = env.trace.events[i]!;
      if (e.type === 'checkpoint.complete') checkpointed.add(e.job);
    }
    return (
      live.every((j) => checkpointed.has(j.shortId) || j.status === 'FINISHED') &&
      covers(ctx.workload, ctx.rows(), ctx.published)
    );
  };
  ctx.step = ctx.scenario.steps.length;
  const w = ctx.runUntil(
    progressed,
    'a checkpoint of every running job and every published event in the table',
    boundMs,
  );
  if (w.met) return { healedAtMs, boundMs, progressAtMs: env.clock.nowMs() };
  const stuck = live
    .filter((j) => !checkpointed.has(j.shortId))
    .map(
      (j) =>
        `job ${j.shortId} ${j.status}${j.failureCause ? ` (${j.failureCause.message.split('\n')[0]})` : ''} completed no checkpoint`,
    );
  return { healedAtMs, boundMs, reason: [w.reason, ...stuck].join('; ') };
}

function faultLabel(plan: FaultPlan, active: readonly string[]): string {
  if (plan.kind === 'none') return 'none';
  if (plan.kind === 'script') return `script(${plan.faults.map((f) => f.point).join(',')})`;
  return `swarm(${active.join(',') || 'no point active'})`;
}
