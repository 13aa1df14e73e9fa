/**
 * Which Parquet library paimon-sim writes and reads data files with: the same rows of a mixed schema
 * (BIGINT NOT NULL, INT, STRING, DOUBLE, DECIMAL(10, 2), TIMESTAMP(3); every nullable column ~10 % null)
 * through parquet-wasm (paimon-sim's FileFormat), hyparquet-writer + hyparquet, and parquetjs-lite.
 * Each candidate runs in its own process so that its peak RSS is its own. Every file is read back by the
 * candidate itself and, when a Python with pyarrow is found (PYTHON, else test/interop/.venv), by pyarrow:
 * logical types, values and footer statistics against what was written.
 *
 * Usage: npx tsx bench/parquet-codecs.ts [rows]   (default 1,000,000). Prints a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextInt, SeededRandom } from '../src/common/random.js';
import { getFileFormat } from '../src/storage/format/registry.js';
import { parseDataType, rowType } from '../src/storage/spec/data-types.js';
import { decimalFromUnscaled, type Row, Timestamp } from '../src/storage/spec/values.js';

const CANDIDATES = ['parquet-wasm', 'hyparquet', 'parquetjs-lite'] as const;
type Candidate = (typeof CANDIDATES)[number] | 'baseline';

const TYPE = rowType(
  [
    ['id', 'BIGINT NOT NULL'],
    ['qty', 'INT'],
    ['name', 'STRING'],
    ['price', 'DOUBLE'],
    ['amount', 'DECIMAL(10, 2)'],
    ['ts', 'TIMESTAMP(3)'],
  ].map(([name, type], id) => ({ id, name: name!, type: parseDataType(type!) })),
);

interface Columns {
  id: bigint[];
  qty: (number | null)[];
  name: (string | null)[];
  price: (number | null)[];
  /** Unscaled DECIMAL(10, 2). */
  amount: (bigint | null)[];
  tsMillis: (number | null)[];
}

/** The benchmark's data, from a fixed seed. */
function generate(n: number): Columns {
  const random = new SeededRandom(42);
  const maybe = <T>(v: T): T | null => (nextInt(random, 10) === 0 ? null : v);
  const c: Columns = { id: [], qty: [], name: [], price: [], amount: [], tsMillis: [] };
  for (let i = 0; i < n; i++) {
    c.id.push(BigInt(i) * 7919n - 3_000_000_000n);
    c.qty.push(maybe(nextInt(random, 2000) - 1000));
    c.name.push(maybe(`customer-${nextInt(random, 50_000)}-${'x'.repeat(nextInt(random, 20))}`));
    c.price.push(maybe(nextInt(random, 1_000_000) / 100));
    c.amount.push(maybe(BigInt(nextInt(random, 2_000_000_000)) - 1_000_000_000n));
    c.tsMillis.push(maybe(1_700_000_000_000 + i * 37 + nextInt(random, 1000)));
  }
  return c;
}

/** One text line per row, the same whichever library produced the values: how read-backs are compared. */
function canonical(
  id: unknown,
  qty: unknown,
  name: unknown,
  price: unknown,
  amount: string | null,
  ts: unknown,
) {
  return `${id}|${qty}|${name}|${price}|${amount}|${ts}`;
}

function expectedLines(c: Columns): string[] {
  return c.id.map((id, i) =>
    canonical(
      id,
      c.qty[i],
      c.name[i],
      c.price[i],
      c.amount[i] === null ? null : decimalFromUnscaled(c.amount[i]!, 2),
      c.tsMillis[i],
    ),
  );
}

interface Measured {
  candidate: string;
  compression: string;
  writeMs: number;
  readMs: number | null;
  readError?: string;
  fileBytes: number;
  exact: boolean | null;
  maxRssMb: number;
  file: string;
}

// ---------------------------------------------------------------------------------------------------------
// One candidate (child process)

async function runCandidate(candidate: Candidate, n: number, file: string): Promise<Measured> {
  const columns = generate(n);
  const result: Measured = {
    candidate,
    compression: '',
    writeMs: 0,
    readMs: null,
    fileBytes: 0,
    exact: null,
    maxRssMb: 0,
    file,
  };
  const time = async <T>(f: () => T | Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const v = await f();
    return [v, performance.now() - t0];
  };
  let lines: string[] | undefined;
  if (candidate === 'parquet-wasm') {
    const rows: Row[] = columns.id.map((id, i) => ({
      id,
      qty: columns.qty[i],
      name: columns.name[i],
      price: columns.price[i],
      amount: columns.amount[i] === null ? null : decimalFromUnscaled(columns.amount[i]!, 2),
      ts: columns.tsMillis[i] === null ? null : new Timestamp(columns.tsMillis[i]!),
    }));
    const format = getFileFormat('parquet');
    result.compression = 'zstd';
    const [bytes, writeMs] = await time(() =>
      format.write(TYPE, rows, { compression: 'zstd', random: new SeededRandom(1) }),
    );
    writeFileSync(file, bytes);
    const [back, readMs] = await time(() => format.read(bytes, TYPE, file));
    Object.assign(result, { writeMs, readMs, fileBytes: bytes.length });
    lines = back.map((r) =>
      canonical(
        r.id,
        r.qty,
        r.name,
        r.price,
        r.amount as string | null,
        (r.ts as Timestamp | null)?.epochMillis ?? null,
      ),
    );
  } else if (candidate === 'hyparquet') {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const { parquetReadObjects } = await import('hyparquet');
    const { compressors } = await import('hyparquet-compressors');
    const zstd = await import('@bokuweb/zstd-wasm');
    await zstd.init();
    result.compression = 'zstd';
    const schema = [
      { name: 'root', num_children: 6 },
      { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
      { name: 'qty', type: 'INT32', repetition_type: 'OPTIONAL' },
      { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'price', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      {
        name: 'amount',
        type: 'INT64',
        converted_type: 'DECIMAL',
        scale: 2,
        precision: 10,
        repetition_type: 'OPTIONAL',
      },
      {
        name: 'ts',
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' },
        repetition_type: 'OPTIONAL',
      },
    ];
    const [buffer, writeMs] = await time(() =>
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: columns.id, nullable: false },
          { name: 'qty', data: columns.qty },
          { name: 'name', data: columns.name },
          { name: 'price', data: columns.price },
          { name: 'amount', data: columns.amount },
          { name: 'ts', data: columns.tsMillis.map((t) => (t === null ? null : BigInt(t))) },
        ],
        // biome-ignore lint/suspicious/noExplicitAny: hyparquet's SchemaElement union is wider than this literal
        schema: schema as any,
        codec: 'ZSTD',
        compressors: { ZSTD: (input: Uint8Array) => zstd.compress(input, 1) },
        rowGroupSize: 1 << 20,
      }),
    );
    const bytes = new Uint8Array(buffer);
    writeFileSync(file, bytes);
    try {
      const [objects, readMs] = await time(() => parquetReadObjects({ file: buffer, compressors }));
      result.readMs = readMs;
      lines = objects.map((r) =>
        canonical(
          r['id'],
          r['qty'],
          r['name'],
          r['price'],
          r['amount'] === null || r['amount'] === undefined ? null : Number(r['amount']).toFixed(2),
          r['ts'] === null || r['ts'] === undefined ? null : (r['ts'] as Date).getTime(),
        ),
      );
    } catch (e) {
      result.readError = (e as Error).message;
    }
    Object.assign(result, { writeMs, fileBytes: bytes.length });
  } else if (candidate === 'parquetjs-lite') {
    const parquet = (await import('parquetjs-lite')).default;
    // No DECIMAL and no zstd in parquetjs-lite: the amount is its unscaled INT64, compression snappy.
    result.compression = 'snappy';
    const schema = new parquet.ParquetSchema({
      id: { type: 'INT64' },
      qty: { type: 'INT32', optional: true },
      name: { type: 'UTF8', optional: true },
      price: { type: 'DOUBLE', optional: true },
      amount: { type: 'INT64', optional: true },
      ts: { type: 'TIMESTAMP_MILLIS', optional: true },
    });
    const [, writeMs] = await time(async () => {
      const writer = await parquet.ParquetWriter.openFile(schema, file, { compression: 'SNAPPY' });
      for (let i = 0; i < n; i++) {
        const row: Record<string, unknown> = { id: Number(columns.id[i]) };
        if (columns.qty[i] !== null) row['qty'] = columns.qty[i];
        if (columns.name[i] !== null) row['name'] = columns.name[i];
        if (columns.price[i] !== null) row['price'] = columns.price[i];
        if (columns.amount[i] !== null) row['amount'] = Number(columns.amount[i]);
        if (columns.tsMillis[i] !== null) row['ts'] = new Date(columns.tsMillis[i]!);
        await writer.appendRow(row);
      }
      await writer.close();
    });
    Object.assign(result, { writeMs, fileBytes: readFileSync(file).length });
    try {
      const [rows, readMs] = await time(async () => {
        const reader = await parquet.ParquetReader.openFile(file);
        const cursor = reader.getCursor();
        const out: Record<string, unknown>[] = [];
        for (let r = await cursor.next(); r; r = await cursor.next()) out.push(r as Record<string, unknown>);
        await reader.close();
        return out;
      });
      result.readMs = readMs;
      const v = (x: unknown) => (x === undefined ? null : x);
      lines = rows.map((r) =>
        canonical(
          v(r['id']),
          v(r['qty']),
          v(r['name']),
          v(r['price']),
          r['amount'] === undefined || r['amount'] === null
            ? null
            : decimalFromUnscaled(BigInt(r['amount'] as number), 2),
          r['ts'] === undefined || r['ts'] === null ? null : (r['ts'] as Date).getTime(),
        ),
      );
    } catch (e) {
      result.readError = (e as Error).message;
    }
  }
  if (lines) {
    const expected = expectedLines(columns);
    result.exact = lines.length === expected.length && lines.every((l, i) => l === expected[i]);
  }
  result.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// pyarrow's view of a file: logical types, statistics, values

const PYARROW_CHECK = String.raw`
import json, sys, decimal
import pyarrow.parquet as pq
path = sys.argv[1]
f = pq.ParquetFile(path)
out = {"columns": {}, "valuesReadable": True}
schema = f.schema
for i in range(len(schema)):
    c = schema.column(i)
    lt = c.logical_type
    out["columns"][c.name] = {"physical": c.physical_type, "logical": str(lt.to_json()) if lt is not None and lt.type != "NONE" else None}
for i in range(len(schema)):
    name = schema.column(i).name
    stats = [f.metadata.row_group(g).column(i).statistics for g in range(f.metadata.num_row_groups)]
    col = out["columns"][name]
    col["nullCount"] = sum(s.null_count for s in stats) if all(s is not None and s.has_null_count for s in stats) else None
    col["hasMinMax"] = all(s is not None and s.has_min_max for s in stats)
    try:
        col["min"] = str(min(s.min for s in stats)); col["max"] = str(max(s.max for s in stats))
    except Exception as e:
        col["statsError"] = str(e)[:80]
try:
    t = f.read()
    out["rows"] = t.num_rows
    out["types"] = {n: str(t.schema.field(n).type) for n in t.schema.names}
    out["nulls"] = {n: t.column(n).null_count for n in t.schema.names}
except Exception as e:
    out["valuesReadable"] = False
    out["readError"] = str(e)[:120]
print(json.dumps(out))
`;

function findPython(): string | undefined {
  const candidates = [process.env['PYTHON'], join(import.meta.dirname, '../test/interop/.venv/bin/python')];
  return candidates.find((p) => p && existsSync(p));
}

function pyarrowView(python: string, file: string): Record<string, unknown> {
  const r = spawnSync(python, ['-c', PYARROW_CHECK, file], { encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').slice(-1)[0] };
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** What pyarrow must find in every file: row count, per-column null counts, statistics min/max. */
function expectedFooter(c: Columns) {
  const nulls = (a: readonly unknown[]) => a.filter((v) => v === null).length;
  return {
    rows: c.id.length,
    nulls: {
      qty: nulls(c.qty),
      name: nulls(c.name),
      price: nulls(c.price),
      amount: nulls(c.amount),
      ts: nulls(c.tsMillis),
    },
    idMin: String(c.id.reduce((a, b) => (a < b ? a : b))),
    idMax: String(c.id.reduce((a, b) => (a > b ? a : b))),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Driver

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--candidate') {
    const result = await runCandidate(args[1] as Candidate, Number(args[2]), args[3]!);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const n = Number(args[0] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'parquet-codecs-'));
  const self = fileURLToPath(import.meta.url);
  const python = findPython();
  const expected = expectedFooter(generate(n));
  const results: (Measured & { pyarrow?: Record<string, unknown> })[] = [];
  for (const candidate of ['baseline', ...CANDIDATES] as Candidate[]) {
    const file = join(dir, `${candidate}.parquet`);
    const child = spawnSync(
      process.execPath,
      // The same large heap for every candidate, so that none is timed while the collector fights for room.
      [...process.execArgv, '--max-old-space-size=8192', self, '--candidate', candidate, String(n), file],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      },
    );
    if (child.status !== 0) {
      console.error(`${candidate} failed:\n${child.stderr}`);
      continue;
    }
    const measured = JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
    results.push(
      candidate !== 'baseline' && python && existsSync(file)
        ? { ...measured, pyarrow: pyarrowView(python, file) }
        : measured,
    );
  }
  rmSync(dir, { recursive: true, force: true });

  const baseline = results.find((r) => r.candidate === 'baseline');
  const perSec = (ms: number | null) =>
    ms === null ? '—' : Math.round((n / ms) * 1000).toLocaleString('en-US');
  console.log(
    `Parquet libraries, ${n.toLocaleString('en-US')} rows; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(`Peak RSS of the data generation alone: ${baseline?.maxRssMb ?? '?'} MB\n`);
  console.log(
    '| library | codec | write rows/s | read rows/s | file MB | peak RSS MB | values exact | pyarrow: types | pyarrow: stats |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |');
  for (const r of results.filter((x) => x.candidate !== 'baseline')) {
    const py = r.pyarrow;
    const cols = (py?.['columns'] ?? {}) as Record<string, Record<string, unknown>>;
    const types = py
      ? Object.entries(cols)
          .map(([k, v]) => `${k}: ${v['physical']}${v['logical'] ? ` ${v['logical']}` : ''}`)
          .join('; ')
      : 'not checked';
    const statsOk =
      py &&
      Object.values(cols).every((v) => v['hasMinMax'] === true) &&
      py['rows'] === expected.rows &&
      Object.entries(expected.nulls).every(([k, v]) => cols[k]?.['nullCount'] === v) &&
      cols['id']?.['min'] === expected.idMin &&
      cols['id']?.['max'] === expected.idMax;
    const stats = py
      ? statsOk
        ? 'min/max + null counts correct'
        : `wrong or missing: ${JSON.stringify(cols)}`
      : 'not checked';
    const read = r.readMs === null ? `fails: ${r.readError}` : perSec(r.readMs);
    console.log(
      `| ${r.candidate} | ${r.compression} | ${perSec(r.writeMs)} | ${read} | ${(r.fileBytes / 1e6).toFixed(2)} | ${r.maxRssMb} | ${r.exact ?? '—'} | ${types.replaceAll('|', '/')} | ${stats} |`,
    );
    if (py && py['valuesReadable'] === false)
      console.log(`|  | pyarrow cannot read the values: ${py['readError']} |`);
  }
  console.log(`\nexpected: ${JSON.stringify(expected)}`);
}

await main();
