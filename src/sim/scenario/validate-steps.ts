import type { JobStatus } from '../../runtime/index.js';
import { ScenarioError } from '../errors.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import {
  int,
  type Json,
  knownFields,
  object,
  oneOf,
  optionalBool,
  optionalInt,
  optionalText,
  text,
} from '../json-checks.js';
import { STEP_FIELDS, STEP_OPS, type StepOp } from './steps.js';

const JOB_STATUSES: readonly JobStatus[] = ['RUNNING', 'RESTARTING', 'FINISHED', 'FAILED', 'CANCELED'];

interface Known {
  readonly jobs: Set<string>;
  readonly savepoints: Set<string>;
  readonly tags: Set<string>;
  readonly topics: Set<string>;
  readonly autoTag: boolean;
  healed: boolean;
}

/**
 * Static checks of the steps, in order, before anything runs: known ops and fields, jobs started before
 * use, savepoints taken before they are restored, tags created before they are rolled back to. Errors name
 * the step (`steps[4].restore.savepoint`).
 */
export function validateSteps(
  steps: readonly unknown[],
  context: { autoTag: boolean; faults: FaultPlan },
): void {
  const known: Known = {
    jobs: new Set(),
    savepoints: new Set(),
    tags: new Set(),
    topics: new Set(['main']),
    autoTag: context.autoTag,
    healed: false,
  };
  for (const [i, value] of steps.entries()) validateStep(value, i, known);
  if (context.faults.kind === 'script')
    context.faults.faults.forEach((f, i) => {
      if (f.job !== undefined && !known.jobs.has(f.job))
        throw new ScenarioError(`faults.faults[${i}].job`, `no step starts a job named '${f.job}'`);
    });
}

function validateStep(value: unknown, i: number, known: Known): void {
  const where = `steps[${i}]`;
  const s = object(value, where);
  const op = s.op as StepOp;
  if (!STEP_OPS.includes(op))
    throw new ScenarioError(
      `${where}.op`,
      `unknown step ${JSON.stringify(s.op)}; expected one of ${STEP_OPS.join(', ')}`,
      i,
    );
  const at = (field: string) => `${where}.${field}`;
  try {
    knownFields(s, ['op', 'expectError', ...STEP_FIELDS[op]], where);
    optionalText(s.expectError, at('expectError'));
    STEP_CHECKS[op](s, at, known);
  } catch (e) {
    if (e instanceof ScenarioError && e.step === undefined)
      throw new ScenarioError(e.field, `${e.message.slice(e.field.length + 2)} (step ${i}: ${op})`, i, {
        cause: e,
      });
    throw e;
  }
}

type Check = (s: Json, at: (field: string) => string, known: Known) => void;

const job = (s: Json, at: (f: string) => string, known: Known): string => {
  const name = text(s.job, at('job'));
  if (!known.jobs.has(name))
    throw new ScenarioError(at('job'), `no job named '${name}' was started before this step`);
  return name;
};

const newSavepoint = (s: Json, at: (f: string) => string, known: Known) => {
  const name = text(s.name, at('name'));
  if (known.savepoints.has(name))
    throw new ScenarioError(at('name'), `a savepoint named '${name}' was taken before`);
  known.savepoints.add(name);
};

const STEP_CHECKS: Readonly<Record<StepOp, Check>> = {
  publish: (s, at, known) => {
    int(s.count, at('count'), 0);
    known.topics.add(optionalText(s.topic, at('topic')) ?? 'main');
  },
  start: (s, at, known) => {
    const name = text(s.job, at('job'));
    if (known.jobs.has(name))
      throw new ScenarioError(
        at('job'),
        `a job named '${name}' was started before: give each run its own name`,
      );
    optionalBool(s.allowNonRestoredState, at('allowNonRestoredState'));
    optionalText(s.topic, at('topic'));
    if (s.restore !== undefined) validateRestore(object(s.restore, at('restore')), at, known);
    known.jobs.add(name);
  },
  run: (s, at, known) => {
    optionalInt(s.maxMs, at('maxMs'), 1);
    if (s.until !== undefined) validateCondition(object(s.until, at('until')), at, known);
  },
  checkpoint: (s, at, known) => void job(s, at, known),
  savepoint: (s, at, known) => {
    job(s, at, known);
    newSavepoint(s, at, known);
  },
  'stop-with-savepoint': (s, at, known) => {
    job(s, at, known);
    newSavepoint(s, at, known);
    optionalBool(s.drain, at('drain'));
  },
  cancel: (s, at, known) => void job(s, at, known),
  'fail-task': (s, at, known) => {
    job(s, at, known);
    oneOf(s.operator, ['source', 'writer', 'committer'], at('operator'));
    optionalInt(s.subtask, at('subtask'), 0);
  },
  'rollback-to': (s, at, known) => {
    const given = ['tag', 'savepointTag', 'snapshot'].filter((k) => s[k] !== undefined);
    if (given.length !== 1)
      throw new ScenarioError(
        at('tag'),
        'give exactly one of tag, savepointTag (a savepoint name) or snapshot',
      );
    if (s.snapshot !== undefined) int(s.snapshot, at('snapshot'), 1);
    if (s.tag !== undefined) {
      const tag = text(s.tag, at('tag'));
      if (!known.tags.has(tag))
        throw new ScenarioError(
          at('tag'),
          `tag '${tag}' is not created by an earlier step (create-tag), so it cannot be rolled back to`,
        );
    }
    if (s.savepointTag !== undefined) savepointTag(text(s.savepointTag, at('savepointTag')), at, known);
  },
  'expire-snapshots': (s, at) => {
    optionalInt(s.retainMin, at('retainMin'), 1);
    optionalInt(s.retainMax, at('retainMax'), 1);
    optionalInt(s.olderThanMs, at('olderThanMs'), 0);
  },
  'expire-tags': () => {},
  'remove-orphan-files': (s, at) => void optionalInt(s.olderThanMs, at('olderThanMs'), 0),
  'create-tag': (s, at, known) => {
    known.tags.add(text(s.name, at('name')));
    optionalInt(s.snapshot, at('snapshot'), 1);
  },
  'delete-tag': (s, at, known) => {
    if ((s.name === undefined) === (s.savepointTag === undefined))
      throw new ScenarioError(at('name'), 'give exactly one of name or savepointTag (a savepoint name)');
    if (s.savepointTag !== undefined) {
      savepointTag(text(s.savepointTag, at('savepointTag')), at, known);
      return;
    }
    const tag = text(s.name, at('name'));
    if (!known.tags.has(tag))
      throw new ScenarioError(at('name'), `tag '${tag}' is not created by an earlier step`);
    known.tags.delete(tag);
  },
  'set-option': (s, at) => {
    text(s.key, at('key'));
    if (typeof s.value !== 'string')
      throw new ScenarioError(at('value'), `option values are strings, got ${JSON.stringify(s.value)}`);
  },
  heal: (_s, at, known) => {
    if (known.healed)
      throw new ScenarioError(at('op'), 'the scenario was healed before: one heal step at most');
    known.healed = true;
  },
};

function savepointTag(name: string, at: (f: string) => string, known: Known): void {
  if (!known.savepoints.has(name))
    throw new ScenarioError(at('savepointTag'), `no savepoint named '${name}' is taken before this step`);
  if (!known.autoTag)
    throw new ScenarioError(
      at('savepointTag'),
      "savepoint tags exist only with table option 'sink.savepoint.auto-tag' = 'true'",
    );
}

function validateRestore(r: Json, at: (f: string) => string, known: Known): void {
  const keys = Object.keys(r);
  if (keys.length !== 1 || !['savepoint', 'checkpointOf', 'path'].includes(keys[0]!))
    throw new ScenarioError(
      at('restore'),
      'expected one of { "savepoint": name }, { "checkpointOf": job } or { "path": dir }',
    );
  if (r.savepoint !== undefined) {
    const name = text(r.savepoint, at('restore.savepoint'));
    if (!known.savepoints.has(name))
      throw new ScenarioError(
        at('restore.savepoint'),
        `no savepoint named '${name}' is taken before this step`,
      );
  }
  if (r.checkpointOf !== undefined) {
    const name = text(r.checkpointOf, at('restore.checkpointOf'));
    if (!known.jobs.has(name))
      throw new ScenarioError(
        at('restore.checkpointOf'),
        `no job named '${name}' was started before this step`,
      );
  }
  if (r.path !== undefined) text(r.path, at('restore.path'));
}

const CONDITIONS: readonly string[] = ['committed', 'allCommitted', 'forMs', 'atMs', 'checkpoints', 'status'];

function validateCondition(c: Json, at: (f: string) => string, known: Known): void {
  const kind = Object.keys(c).find((k) => CONDITIONS.includes(k));
  if (!kind)
    throw new ScenarioError(
      at('until'),
      `unknown condition ${JSON.stringify(c)}; expected one of ${CONDITIONS.join(', ')}`,
    );
  knownFields(c, kind === 'checkpoints' || kind === 'status' ? [kind, 'job'] : [kind], at('until'));
  if (kind === 'allCommitted' && c.allCommitted !== true)
    throw new ScenarioError(at('until.allCommitted'), 'expected true');
  if (kind === 'status') oneOf(c.status, JOB_STATUSES, at('until.status'));
  else if (kind !== 'allCommitted') int(c[kind], at(`until.${kind}`), 0);
  if (c.job !== undefined || kind === 'status') {
    const name = text(c.job, at('until.job'));
    if (!known.jobs.has(name))
      throw new ScenarioError(at('until.job'), `no job named '${name}' was started before this step`);
  }
}
