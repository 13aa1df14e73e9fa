import { ManualClock } from '../../common/clock.js';
import { SeededRandom } from '../../common/random.js';
import { LogSource, LogTopic, MiniCluster, StreamEnvironment, sinkToPaimon } from '../../runtime/index.js';
import { FileSystemCatalog } from '../../storage/catalog.js';
import { rollbackToTag } from '../../storage/lifecycle/rollback.js';
import type { Row } from '../../storage/spec/values.js';

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

const EVENTS = 20;

/**
 * The savepoint conflict and its fix, on a deterministic cluster: a job writes 10 events, takes a savepoint
 * (auto-tagged `savepoint-<id>`), writes 10 more, and is cancelled. Restoring the savepoint as is replays the
 * last 10 events into a table that already has them (duplicates); rolling the table back to the savepoint's
 * tag first gives exactly the 20 events.
 */
export function runSavepointScenario(
  rollbackFirst: boolean,
  seed = 7,
  variant: SavepointDemoVariant = 'orders',
): SavepointDemoOutcome & { log: string[] } {
  const totals = variant === 'customer-totals';
  const log: string[] = [];
  const clock = new ManualClock(0);
  const cluster = new MiniCluster({ clock, random: new SeededRandom(seed) });
  const catalog = new FileSystemCatalog({
    warehouse: '/warehouse',
    fileIO: cluster.fileIO,
    clock,
    random: new SeededRandom(seed + 1),
  });
  catalog.createDatabase('shop');
  const name = totals ? 'shop.customer_totals' : 'shop.orders';
  catalog.createTable(
    name,
    totals
      ? {
          fields: [
            { name: 'customer_id', type: 'BIGINT NOT NULL' },
            { name: 'total', type: 'BIGINT' },
          ],
          primaryKeys: ['customer_id'],
          options: {
            bucket: '2',
            'merge-engine': 'aggregation',
            'fields.total.aggregate-function': 'sum',
            'sink.savepoint.auto-tag': 'true',
          },
        }
      : {
          fields: [
            { name: 'order_id', type: 'BIGINT NOT NULL' },
            { name: 'amount', type: 'DECIMAL(10, 2)' },
          ],
          options: { 'sink.savepoint.auto-tag': 'true' },
        },
  );
  const table = () => catalog.getTable(name);
  const topic = new LogTopic<Row>('orders', 2);
  // customer-totals: order i of amount i belongs to customer i % 4
  const order = (i: number): Row =>
    totals ? { customer_id: BigInt(i % 4), total: BigInt(i) } : { order_id: BigInt(i), amount: `${i}.00` };
  const build = () => {
    const env = new StreamEnvironment({
      parallelism: 2,
      checkpointing: { intervalMs: 100 },
      restartStrategy: { type: 'fixed-delay', attempts: 3, delayMs: 10 },
    });
    sinkToPaimon(
      env.fromSource<Row>(() => new LogSource(topic), { uid: 'orders-source' }),
      table,
    );
    return env.build('orders-to-paimon');
  };
  const rowCount = () => table().newReadBuilder().readRows().length;
  const total = () =>
    table()
      .newReadBuilder()
      .readRows()
      .reduce((sum, r) => sum + Number(r.total), 0);
  // until the first n orders are in the table (customer-totals: their amounts 0 + 1 + … + n-1 are summed)
  const runUntilRows = (n: number) => {
    const done = () => (totals ? total() >= (n * (n - 1)) / 2 : rowCount() >= n);
    for (let i = 0; i < 400 && !done(); i++) cluster.run({ untilMs: clock.nowMs() + 50 });
  };

  topic.appendAll(Array.from({ length: 10 }, (_, i) => order(i)));
  const job = cluster.submit(build());
  runUntilRows(10);
  let savepoint = '';
  const id = job.triggerSavepoint((r) => {
    savepoint = r.path;
  });
  topic.appendAll(Array.from({ length: 10 }, (_, i) => order(10 + i)));
  runUntilRows(20);
  log.push(`job ${job.shortId} wrote orders 0-9, then savepoint ${id} was taken (${savepoint})`);
  log.push(
    `orders 10-19 committed; tags: ${catalog
      .getSystemTable(`${name}$tags`)
      .readRows()
      .map((t) => `${t.tag_name} -> snapshot ${t.snapshot_id}`)
      .join(', ')}`,
  );
  job.cancel();
  log.push(`job cancelled with ${rowCount()} rows in the table`);
  if (rollbackFirst) {
    const r = rollbackToTag(table(), `savepoint-${id}`);
    log.push(
      `CALL sys.rollback_to(tag => 'savepoint-${id}'): snapshot ${r.previousSnapshotId} -> ${r.currentSnapshotId}, ${rowCount()} rows`,
    );
  }
  const resumed = cluster.submit(build(), { restoreFrom: savepoint });
  log.push(`restored savepoint ${id} as job ${resumed.shortId} (next checkpoint id ${id + 1})`);
  for (let i = 0; i < 40; i++) cluster.run({ untilMs: clock.nowMs() + 50 });
  const rows = table().newReadBuilder().readRows();
  const identifiers = table()
    .snapshotManager.snapshots()
    .map((s) => s.commitIdentifier.toString());
  const failures = cluster.trace.ofType('task.failure').map((e) => String(e.details.error));
  return {
    rows: rows.length,
    distinctRows: new Set(rows.map((r) => String(totals ? r.customer_id : r.order_id))).size,
    identifiers,
    failures,
    log,
    ...(totals ? { total: total() } : {}),
  };
}

export function runSavepointDemo(out: (line: string) => void): SavepointDemoOutcome[] {
  out('# The savepoint conflict between Flink and Paimon, and its fix\n');
  out('A Flink job writes orders into a Paimon table with sink.savepoint.auto-tag = true.\n');
  const outcomes: SavepointDemoOutcome[] = [];
  for (const rollbackFirst of [false, true]) {
    out(
      rollbackFirst
        ? '## 2. rollback_to the savepoint tag first, then restore'
        : '## 1. Restore an old savepoint as is',
    );
    const outcome = runSavepointScenario(rollbackFirst);
    for (const line of outcome.log) out(`- ${line}`);
    out(
      `- result: ${outcome.rows} rows, ${outcome.distinctRows} distinct orders (of ${EVENTS}); commit identifiers in $snapshots: ${outcome.identifiers.join(', ')}`,
    );
    out(
      rollbackFirst
        ? "- exactly once: the tag holds the table as it was at the savepoint, the source resumes from the savepoint's offsets.\n"
        : '- no error, but duplicates: the table was ahead of the savepoint, so the replayed orders were appended again, and\n  identifiers went backwards (a new run restarts at the savepoint id + 1).\n',
    );
    outcomes.push(outcome);
  }
  out('## 3. The same with a primary-key table: customer totals (merge-engine aggregation, sum)');
  for (const rollbackFirst of [false, true]) {
    const outcome = runSavepointScenario(rollbackFirst, 7, 'customer-totals');
    out(
      `- ${rollbackFirst ? 'rollback_to the savepoint tag, then restore' : 'restore as is'}: ${outcome.rows} rows (one per customer), totals sum to ${outcome.total} (orders sum to 190)${rollbackFirst ? '' : ': orders 10-19 were replayed and counted twice, with no error'}`,
    );
    outcomes.push(outcome);
  }
  return outcomes;
}
