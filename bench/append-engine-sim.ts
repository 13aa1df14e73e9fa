/**
 * One engine run of the append benchmark (paimon-sim side), in its own process so peak RSS is its own:
 * write N rows to a fresh append table in one batch commit, then read them all back.
 * Mode `rows` (default) writes row objects (`TableWrite.write`) and reads to Arrow and to rows; mode `arrow`
 * writes the same values as one Arrow table (`TableWrite.writeArrow`, columnar, as pypaimon's `write_arrow`)
 * and reads to Arrow.
 * Usage: tsx bench/append-engine-sim.ts <warehouse> <rows> [rows|arrow]  → prints one JSON line.
 */
import { FileSystemCatalog, Timestamp } from '../src/index.js';
import { BENCH_FIELDS, benchArrow, benchRows } from './append-data.js';

const [warehouse, rowsArg, mode = 'rows'] = process.argv.slice(2);
const n = Number(rowsArg ?? 1_000_000);
const catalog = new FileSystemCatalog({ warehouse: warehouse! });
catalog.createDatabase('bench', true);
const table = catalog.createTable('bench.append', { fields: BENCH_FIELDS });
// The input is built before the clock starts (pypaimon's side builds its pyarrow table first too).
const input = mode === 'arrow' ? benchArrow(n) : benchRows(n, (ms) => new Timestamp(ms));

const t0 = performance.now();
const builder = table.newBatchWriteBuilder();
const write = builder.newWrite();
if (Array.isArray(input)) write.write(input);
else write.writeArrow(input);
builder.newCommit().commit(write.prepareCommit());
const t1 = performance.now();
const arrowTable = table.newReadBuilder().readArrow();
const t2 = performance.now();
const read = mode === 'arrow' ? undefined : table.newReadBuilder().readRows();
const t3 = performance.now();
// The same read again, warm (compiled code, wasm memory grown): what a long-running reader sees.
const again = table.newReadBuilder().readArrow();
const t4 = performance.now();
if (again.numRows !== n) throw new Error(`read ${again.numRows} rows, expected ${n}`);
// And the same write again, to a second table, warm.
const second = catalog.createTable('bench.append_again', { fields: BENCH_FIELDS });
const t5 = performance.now();
const builder2 = second.newBatchWriteBuilder();
const write2 = builder2.newWrite();
if (Array.isArray(input)) write2.write(input);
else write2.writeArrow(input);
builder2.newCommit().commit(write2.prepareCommit());
const t6 = performance.now();
if (arrowTable.numRows !== n || (read && read.length !== n))
  throw new Error(`read ${arrowTable.numRows}/${read?.length} rows, expected ${n}`);

console.log(
  JSON.stringify({
    engine: mode === 'arrow' ? 'paimon-sim (Arrow)' : 'paimon-sim',
    rows: n,
    writeMs: t1 - t0,
    readMs: t2 - t1,
    ...(read ? { readRowsMs: t3 - t2 } : {}),
    readWarmMs: t4 - t3,
    writeWarmMs: t6 - t5,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
