import { isTrue } from '../../common/index.js';
import { CHECKER_NAMES } from '../checkers/checker-names.js';
import { ScenarioError } from '../errors.js';
import { type FaultPlan, validateFaultPlan } from '../faults/fault-plan.js';
import { type Json, knownFields, object, optionalInt, stringMap, text } from '../json-checks.js';
import { WORKLOAD_NAMES, type WorkloadName } from './pipelines.js';
import type { Step } from './steps.js';
import { validateSteps } from './validate-steps.js';

/** The job a scenario runs: a workload read from a log topic into the table by the Paimon sink. */
export interface PipelineSpec {
  readonly workload: WorkloadName;
  /** Job parallelism (default 2): sources and writers. */
  readonly parallelism?: number;
  /** `execution.checkpointing.interval` in ms (default 100). */
  readonly checkpointIntervalMs?: number;
  /** Fixed-delay restart attempts (default 3, delay 10 ms). */
  readonly restarts?: number;
  /** Partitions of each topic (default 2). */
  readonly partitions?: number;
  /**
   * `execution.checkpointing.tolerable-failed-checkpoints` (default 0: a declined or expired checkpoint fails
   * the job over; above it, the job keeps running and its tasks are notified of the abort).
   */
  readonly tolerableFailedCheckpoints?: number;
}

export interface TableSpec {
  /** `append` or `primary-key`: must match the workload's (stated for the reader). */
  readonly kind?: 'append' | 'primary-key';
  /** Table options over the workload's defaults, e.g. `{ "sink.savepoint.auto-tag": "true" }`. */
  readonly options?: Readonly<Record<string, string>>;
}

/** Verdicts a scenario expects from the checkers (default: every applicable checker passes). */
export interface Expectation {
  readonly verdicts?: Readonly<Record<string, 'pass' | 'fail'>>;
  /** A failure (task, job or step) whose text contains this must be recorded. */
  readonly failure?: string;
}

/**
 * A scenario: plain JSON, a complete bug report together with a seed (FoundationDB's test specs). The steps
 * run in the faulty phase (faults armed during cluster steps) until a `heal` step or the end; then the
 * healed phase checks that the job makes progress within `liveness.boundMs` (default 5,000 virtual ms).
 */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly pipeline: PipelineSpec;
  readonly table?: TableSpec;
  readonly steps: readonly Step[];
  readonly faults?: FaultPlan;
  readonly liveness?: { readonly boundMs?: number };
  readonly expect?: Expectation;
}

const TOP = ['name', 'description', 'pipeline', 'table', 'steps', 'faults', 'liveness', 'expect'];
const PIPELINE = [
  'workload',
  'parallelism',
  'checkpointIntervalMs',
  'restarts',
  'partitions',
  'tolerableFailedCheckpoints',
];

/** Parses and validates scenario JSON (text or an already parsed value); nothing runs if it is invalid. */
export function parseScenario(input: string | unknown): Scenario {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new ScenarioError('(document)', `not valid JSON: ${(e as Error).message}`, undefined, {
        cause: e,
      });
    }
  }
  const s = object(value, '(document)');
  knownFields(s, TOP, '');
  text(s.name, 'name');
  if (s.description !== undefined) text(s.description, 'description');
  const pipeline = validatePipeline(s.pipeline);
  const options = validateTable(s.table, pipeline.workload);
  const faults = validateFaultPlan(s.faults);
  if (s.liveness !== undefined) {
    knownFields(object(s.liveness, 'liveness'), ['boundMs'], 'liveness');
    optionalInt((s.liveness as Json).boundMs, 'liveness.boundMs', 1);
  }
  validateExpect(s.expect);
  if (!Array.isArray(s.steps) || s.steps.length === 0)
    throw new ScenarioError('steps', 'expected a non-empty array of steps');
  validateSteps(s.steps, {
    autoTag: isTrue(options['sink.savepoint.auto-tag']),
    faults,
  });
  return s as unknown as Scenario;
}

function validatePipeline(value: unknown): PipelineSpec {
  const p = object(value, 'pipeline');
  knownFields(p, PIPELINE, 'pipeline');
  if (!WORKLOAD_NAMES.includes(p.workload as WorkloadName))
    throw new ScenarioError(
      'pipeline.workload',
      `unknown workload ${JSON.stringify(p.workload)}; expected one of ${WORKLOAD_NAMES.join(', ')}`,
    );
  optionalInt(p.parallelism, 'pipeline.parallelism', 1);
  optionalInt(p.checkpointIntervalMs, 'pipeline.checkpointIntervalMs', 1);
  optionalInt(p.restarts, 'pipeline.restarts', 0);
  optionalInt(p.partitions, 'pipeline.partitions', 1);
  optionalInt(p.tolerableFailedCheckpoints, 'pipeline.tolerableFailedCheckpoints', 0);
  return p as unknown as PipelineSpec;
}

function validateTable(value: unknown, workload: WorkloadName): Record<string, string> {
  if (value === undefined) return {};
  const t = object(value, 'table');
  knownFields(t, ['kind', 'options'], 'table');
  const kind = workload === 'orders-append' ? 'append' : 'primary-key';
  if (t.kind !== undefined && t.kind !== kind)
    throw new ScenarioError(
      'table.kind',
      `workload ${workload} writes a ${kind} table, not ${JSON.stringify(t.kind)}`,
    );
  return stringMap(t.options, 'table.options');
}

function validateExpect(value: unknown): void {
  if (value === undefined) return;
  const e = object(value, 'expect');
  knownFields(e, ['verdicts', 'failure'], 'expect');
  if (e.failure !== undefined) text(e.failure, 'expect.failure');
  if (e.verdicts === undefined) return;
  for (const [k, v] of Object.entries(object(e.verdicts, 'expect.verdicts'))) {
    if (!(CHECKER_NAMES as readonly string[]).includes(k))
      throw new ScenarioError(
        `expect.verdicts.${k}`,
        `unknown checker; expected one of ${CHECKER_NAMES.join(', ')}`,
      );
    if (v !== 'pass' && v !== 'fail')
      throw new ScenarioError(`expect.verdicts.${k}`, `expected 'pass' or 'fail', got ${JSON.stringify(v)}`);
  }
}
