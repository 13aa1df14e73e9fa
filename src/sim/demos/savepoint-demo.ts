import { CATALOGUE } from '../catalogue/index.js';
import { narrate, tableSummary } from '../catalogue/narrate.js';
import type { RunRecord } from '../record/run-record.js';
import { runScenario } from '../scenario/runner.js';
import type { Scenario } from '../scenario/scenario.js';

/** What one run of the demo observed, for narration and for tests. */
export interface SavepointDemoOutcome {
  readonly rows: number;
  readonly distinctRows: number;
  readonly identifiers: string[];
  readonly failures: string[];
  /** Variant 'customer-totals': the sum of every customer's total (the orders' amounts add up to 190). */
  readonly total?: number;
}

/**
 * 'orders': an append table of orders (replays duplicate rows). 'customer-totals': a primary-key table with
 * `merge-engine` = aggregation summing each customer's order amounts (replays are counted twice; the rows
 * stay one per customer, so the damage is invisible without knowing the right totals).
 */
export type SavepointDemoVariant = 'orders' | 'customer-totals';

function scenarioOf(variant: SavepointDemoVariant, rollbackFirst: boolean): Scenario {
  const prefix = variant === 'orders' ? 'savepoint-restore' : 'customer-totals';
  return CATALOGUE.find((s) => s.name === `${prefix}-${rollbackFirst ? 'rollback-first' : 'as-is'}`)!;
}

/**
 * The savepoint conflict and its fix, as bundled scenarios: a job writes 10 events, takes a savepoint
 * (auto-tagged `savepoint-<id>`), writes 10 more, and is cancelled. Restoring the savepoint as is replays the
 * last 10 events into a table that already has them; rolling the table back to the savepoint's tag first
 * gives exactly the 20 events. The log is the narration of the recorded run.
 */
export function runSavepointScenario(
  rollbackFirst: boolean,
  seed = 7,
  variant: SavepointDemoVariant = 'orders',
): SavepointDemoOutcome & { log: string[] } {
  const run = runScenario(scenarioOf(variant, rollbackFirst), seed);
  return { ...outcomeOf(run, variant), log: run.steps.map((s) => `${s.text}: ${s.outcome}`) };
}

function outcomeOf(run: RunRecord, variant: SavepointDemoVariant): SavepointDemoOutcome {
  const key = variant === 'orders' ? 'order_id' : 'customer_id';
  return {
    rows: run.rows.length,
    distinctRows: new Set(run.rows.map((r) => r[key])).size,
    identifiers: run.snapshots.map((s) => s.commitIdentifier),
    failures: run.trace.filter((e) => e.type === 'task.failure').map((e) => String(e.details.error)),
    ...(variant === 'customer-totals'
      ? { total: run.rows.reduce((sum, r) => sum + Number(r.total), 0) }
      : {}),
  };
}

/**
 * Tells the demo's stories on `out`; `onRun` receives each recorded run with its story's heading (the CLI
 * draws them as one timeline page).
 */
export function runSavepointDemo(
  out: (line: string) => void,
  onRun: (heading: string, run: RunRecord) => void = () => {},
  options: { readonly dir?: string } = {},
): SavepointDemoOutcome[] {
  // with a directory, each story keeps its warehouse and savepoints on disk: <dir>/<scenario name>/
  const play = (scenario: Scenario) =>
    runScenario(scenario, 7, options.dir ? { storage: { dir: `${options.dir}/${scenario.name}` } } : {});
  out('# The savepoint conflict between Flink and Paimon, and its fix\n');
  out('A Flink job writes orders into a Paimon table with sink.savepoint.auto-tag = true.');
  out('Each story is a bundled scenario (paimon-sim scenario list), narrated from its recorded run.\n');
  const outcomes: SavepointDemoOutcome[] = [];
  const story = (title: string, variant: SavepointDemoVariant, rollbackFirst: boolean, moral: string) => {
    out(title);
    const run = play(scenarioOf(variant, rollbackFirst));
    onRun(title.replace(/^#+ /, ''), run);
    for (const line of narrate(run).slice(1)) out(line);
    out(`- ${moral}\n`);
    outcomes.push(outcomeOf(run, variant));
    return run;
  };
  story(
    '## 1. Restore an old savepoint as is',
    'orders',
    false,
    'no error, but duplicates: the table was ahead of the savepoint, so the replayed orders were appended again, and identifiers went backwards (the restored run continues at the savepoint id + 1).',
  );
  story(
    '## 2. rollback_to the savepoint tag first, then restore',
    'orders',
    true,
    "exactly once: the tag holds the table as it was at the savepoint, the source resumes from the savepoint's offsets.",
  );
  out('## 3. The same with a primary-key table: customer totals (merge-engine aggregation, sum)');
  for (const rollbackFirst of [false, true]) {
    const run = play(scenarioOf('customer-totals', rollbackFirst));
    onRun(
      `3. customer totals: ${rollbackFirst ? 'rollback_to the savepoint tag, then restore' : 'restore as is'}`,
      run,
    );
    const outcome = outcomeOf(run, 'customer-totals');
    out(
      `- ${rollbackFirst ? 'rollback_to the savepoint tag, then restore' : 'restore as is'}: ${tableSummary(run)}; totals sum to ${outcome.total} (orders sum to 190)${rollbackFirst ? '' : ': orders 10-19 were replayed and counted twice, with no error'}`,
    );
    outcomes.push(outcome);
  }
  if (options.dir) {
    out(`\nThe runs' warehouses are kept in ${options.dir}/<scenario>/warehouse, e.g.:`);
    out(`  paimon-sim snapshots ${options.dir}/${scenarioOf('orders', false).name}/warehouse shop.orders`);
  }
  return outcomes;
}
