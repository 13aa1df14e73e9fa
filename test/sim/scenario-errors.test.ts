import { describe, expect, it } from 'vitest';
import {
  bundledScenario,
  parseScenario,
  runScenario,
  type Scenario,
  ScenarioError,
} from '../../src/sim/index.js';
import { cli } from '../cli/cli-helpers.js';

const base = bundledScenario('savepoint-restore-rollback-first')!;
const withSteps = (steps: unknown[]): unknown => ({ ...base, steps });

function errorOf(input: unknown): ScenarioError {
  try {
    parseScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('no ScenarioError');
}

describe('bad scenarios are refused before anything runs, naming the step and field', () => {
  it('malformed JSON', () => {
    expect(errorOf('{ "name": "x", ').message).toMatch(/^\(document\): not valid JSON/);
  });

  it('an unknown step op names its index', () => {
    const e = errorOf(withSteps([{ op: 'publish', count: 1 }, { op: 'explode' }]));
    expect([e.field, e.step]).toEqual(['steps[1].op', 1]);
    expect(e.message).toContain('unknown step "explode"');
  });

  it('an unknown field of a step', () => {
    const e = errorOf(withSteps([{ op: 'publish', count: 1, colour: 'red' }]));
    expect([e.field, e.step]).toEqual(['steps[0].colour', 0]);
  });

  it('an unknown fault point', () => {
    const e = errorOf({ ...base, faults: { kind: 'script', faults: [{ point: 'fs.melt' }] } });
    expect(e.field).toBe('faults.faults[0].point');
    expect(e.message).toContain('unknown fault point "fs.melt"');
  });

  it('a timed fault without a time', () => {
    expect(errorOf({ ...base, faults: { kind: 'script', faults: [{ point: 'job.restart' }] } }).field).toBe(
      'faults.faults[0].afterMs',
    );
  });

  it('restoring a savepoint no step takes', () => {
    const e = errorOf(
      withSteps([
        { op: 'start', job: 'a' },
        { op: 'start', job: 'b', restore: { savepoint: 'nope' } },
      ]),
    );
    expect([e.field, e.step]).toEqual(['steps[1].restore.savepoint', 1]);
    expect(e.message).toContain("no savepoint named 'nope' is taken before this step");
  });

  it('rolling back to a tag no step creates', () => {
    const e = errorOf(withSteps([{ op: 'rollback-to', tag: 'missing' }]));
    expect([e.field, e.step]).toEqual(['steps[0].tag', 0]);
    expect(e.message).toContain("tag 'missing' is not created by an earlier step");
  });

  it('a savepoint tag without sink.savepoint.auto-tag', () => {
    const steps = [
      { op: 'start', job: 'a' },
      { op: 'savepoint', job: 'a', name: 'sp' },
      { op: 'rollback-to', savepointTag: 'sp' },
    ];
    const e = errorOf({ ...base, table: {}, steps });
    expect(e.field).toBe('steps[2].savepointTag');
  });

  it('delete-tag takes a tag name or a savepoint name, not both, and savepoint tags need auto-tag', () => {
    const start = [
      { op: 'start', job: 'a' },
      { op: 'savepoint', job: 'a', name: 'sp' },
    ];
    const both = errorOf(withSteps([...start, { op: 'delete-tag', name: 'x', savepointTag: 'sp' }]));
    expect([both.field, both.step]).toEqual(['steps[2].name', 2]);
    expect(both.message).toContain('give exactly one of name or savepointTag');
    expect(errorOf(withSteps([...start, { op: 'delete-tag', savepointTag: 'nope' }])).message).toContain(
      "no savepoint named 'nope' is taken before this step",
    );
    const noAutoTag = errorOf({
      ...base,
      table: {},
      steps: [...start, { op: 'delete-tag', savepointTag: 'sp' }],
    });
    expect(noAutoTag.field).toBe('steps[2].savepointTag');
    expect(parseScenario(withSteps([...start, { op: 'delete-tag', savepointTag: 'sp' }]))).toBeDefined();
  });

  it('a step on a job never started, an unknown workload, an unknown checker', () => {
    expect(errorOf(withSteps([{ op: 'cancel', job: 'ghost' }])).field).toBe('steps[0].job');
    expect(errorOf({ ...base, pipeline: { workload: 'nope' } }).field).toBe('pipeline.workload');
    expect(errorOf({ ...base, expect: { verdicts: { 'no-typos': 'pass' } } }).field).toBe(
      'expect.verdicts.no-typos',
    );
  });

  it('a restore path that does not exist fails at that step with the runtime error, naming the step', () => {
    const scenario = withSteps([
      { op: 'publish', count: 1 },
      { op: 'start', job: 'a', restore: { path: '/flink/savepoints/none' } },
    ]);
    expect(() => runScenario(scenario, 1)).toThrow(ScenarioError);
    try {
      runScenario(scenario, 1);
    } catch (e) {
      expect((e as ScenarioError).step).toBe(1);
      expect((e as ScenarioError).message).toMatch(/^steps\[1\]: start cannot apply: /);
    }
  });

  it('the CLI reports a missing scenario as bad usage (exit code 2), naming the bundled ones', () => {
    const r = cli(['scenario', 'run', 'no-such-scenario']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/no scenario file 'no-such-scenario'/);
  });

  it('a valid scenario parses to itself', () => {
    expect(parseScenario(JSON.stringify(base))).toEqual(JSON.parse(JSON.stringify(base)) as Scenario);
  });
});
