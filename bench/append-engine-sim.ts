/**
 * One engine run of the append benchmark (paimon-sim side), in its own process so peak RSS is its own:
 * write N rows to a fresh append table in one batch commit, then read them all back.
 * Usage: tsx bench/append-engine-sim.ts <warehouse> <rows>  → prints one JSON line.
 */
import { FileSystemCatalog, Timestamp } from '../src/index.js';
import { BENCH_FIELDS, benchRows } from './append-data.js';

const [warehouse, rowsArg] = process.argv.slice(2);
const n = Number(rowsArg ?? 1_000_000);
const catalog = new FileSystemCatalog({ warehouse: warehouse! });
catalog.createDatabase('bench', true);
const table = catalog.createTable('bench.append', { fields: BENCH_FIELDS });
const rows = benchRows(n, (ms) => new Timestamp(ms));

const t0 = performance.now();
const builder = table.newBatchWriteBuilder();
const write = builder.newWrite();
write.write(rows);
builder.newCommit().commit(write.prepareCommit());
const t1 = performance.now();
const arrowTable = table.newReadBuilder().readArrow();
const t2 = performance.now();
const read = table.newReadBuilder().readRows();
const t3 = performance.now();
if (arrowTable.numRows !== n || read.length !== n)
  throw new Error(`read ${arrowTable.numRows}/${read.length} rows, expected ${n}`);

console.log(
  JSON.stringify({
    engine: 'paimon-sim',
    rows: n,
    writeMs: t1 - t0,
    readMs: t2 - t1,
    readRowsMs: t3 - t2,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
