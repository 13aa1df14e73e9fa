import { ScenarioError } from '../errors.js';
import { knownFields, object, optionalInt, optionalText } from '../json-checks.js';
import { FAULT_POINTS, type FaultPointName, isFaultPoint, TIMED_POINTS } from './fault-points.js';

/**
 * One fault written by hand: this point, on these hits. Filters narrow the hits that count: `task` (a
 * substring of the task key, e.g. 'Writer' or 'source#1'), `path` (a substring of the file path, e.g.
 * 'snapshot-'), `checkpoint` (the checkpoint id at the hit), `afterMs` (virtual time). It fires on the
 * `hit`-th matching hit (1-based, default 1) and the `times - 1` matching hits after it (default times 1).
 * Timed points (coordinator.crash, job.restart, job.cancel) fire once at `afterMs` on job `job` (default:
 * every running job).
 */
export interface ScriptedFault {
  readonly point: FaultPointName;
  readonly task?: string;
  readonly path?: string;
  readonly checkpoint?: number;
  readonly afterMs?: number;
  readonly hit?: number;
  readonly times?: number;
  /** fs.slow: virtual milliseconds the call takes (default 200). */
  readonly delayMs?: number;
  readonly job?: string;
}

/**
 * A fault plan, JSON. `script`: the faults listed. `swarm` (FoundationDB's BUGGIFY): each swarm point is
 * activated for the run with probability `activation` (default 0.25), drawn from the seed's fault stream;
 * an active point fires on each hit with probability `perHit` (default 0.05), at most `maxFaults` times in
 * the run (default 3). `points` restricts the draw; `path` restricts file faults (e.g. '/warehouse/').
 */
export type FaultPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'script'; readonly faults: readonly ScriptedFault[] }
  | {
      readonly kind: 'swarm';
      readonly activation?: number;
      readonly perHit?: number;
      readonly maxFaults?: number;
      readonly points?: readonly FaultPointName[];
      readonly path?: string;
    };

export const NO_FAULTS: FaultPlan = { kind: 'none' };

const SCRIPT_FIELDS = ['point', 'task', 'path', 'checkpoint', 'afterMs', 'hit', 'times', 'delayMs', 'job'];
const SWARM_FIELDS = ['kind', 'activation', 'perHit', 'maxFaults', 'points', 'path'];

export function validateFaultPlan(value: unknown, where = 'faults'): FaultPlan {
  if (value === undefined) return NO_FAULTS;
  const plan = object(value, where);
  switch (plan.kind) {
    case 'none':
      return NO_FAULTS;
    case 'script': {
      knownFields(plan, ['kind', 'faults'], where);
      if (!Array.isArray(plan.faults))
        throw new ScenarioError(`${where}.faults`, 'expected an array of faults');
      for (const [i, f] of plan.faults.entries()) validateScripted(f, `${where}.faults[${i}]`);
      return plan as FaultPlan;
    }
    case 'swarm': {
      knownFields(plan, SWARM_FIELDS, where);
      for (const p of ['activation', 'perHit'] as const) {
        const v = plan[p];
        if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1))
          throw new ScenarioError(
            `${where}.${p}`,
            `expected a probability in [0, 1], got ${JSON.stringify(v)}`,
          );
      }
      optionalInt(plan.maxFaults, `${where}.maxFaults`, 0);
      if (plan.points !== undefined) {
        if (!Array.isArray(plan.points))
          throw new ScenarioError(`${where}.points`, 'expected an array of fault point names');
        for (const [i, p] of plan.points.entries()) point(p, `${where}.points[${i}]`);
      }
      optionalText(plan.path, `${where}.path`);
      return plan as FaultPlan;
    }
    default:
      throw new ScenarioError(
        `${where}.kind`,
        `unknown fault plan kind ${JSON.stringify(plan.kind)}: expected 'none', 'script' or 'swarm'`,
      );
  }
}

function validateScripted(value: unknown, where: string): void {
  const f = object(value, where);
  knownFields(f, SCRIPT_FIELDS, where);
  const name = point(f.point, `${where}.point`);
  for (const k of ['task', 'path', 'job'] as const) optionalText(f[k], `${where}.${k}`);
  optionalInt(f.checkpoint, `${where}.checkpoint`, 0);
  optionalInt(f.afterMs, `${where}.afterMs`, 0);
  optionalInt(f.hit, `${where}.hit`, 1);
  optionalInt(f.times, `${where}.times`, 1);
  optionalInt(f.delayMs, `${where}.delayMs`, 0);
  if (TIMED_POINTS.includes(name) && f.afterMs === undefined)
    throw new ScenarioError(`${where}.afterMs`, `${name} fires at a time: give afterMs (virtual ms)`);
}

function point(value: unknown, where: string): FaultPointName {
  if (!isFaultPoint(value))
    throw new ScenarioError(
      where,
      `unknown fault point ${JSON.stringify(value)}; known: ${Object.keys(FAULT_POINTS).join(', ')}`,
    );
  return value;
}
