import * as arrow from 'apache-arrow';
/** The benchmark's table and rows; bench/py/append_bench.py generates the same values. */
export const BENCH_FIELDS = [
  { name: 'id', type: 'BIGINT NOT NULL' },
  { name: 'name', type: 'STRING' },
  { name: 'qty', type: 'INT' },
  { name: 'price', type: 'DOUBLE' },
  { name: 'ts', type: 'TIMESTAMP(3)' },
];

export function benchRows<T>(n: number, timestamp: (epochMs: number) => T): Record<string, unknown>[] {
  const rows = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = {
      id: BigInt(i),
      name: `name-${i % 1000}`,
      qty: i % 100,
      price: (i % 10000) / 100,
      ts: timestamp(1_700_000_000_000 + i),
    };
  }
  return rows;
}

/** The rows of `benchRows` as one Arrow table in the layout `TableWrite.writeArrow` takes (as pypaimon's). */
export function benchArrow(n: number): arrow.Table {
  const id = new BigInt64Array(n);
  const qty = new Int32Array(n);
  const price = new Float64Array(n);
  const ts = new BigInt64Array(n);
  const names = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    id[i] = BigInt(i);
    names[i] = `name-${i % 1000}`;
    qty[i] = i % 100;
    price[i] = (i % 10000) / 100;
    ts[i] = BigInt(1_700_000_000_000 + i);
  }
  const timestamp = arrow.makeData({ type: new arrow.TimestampMillisecond(), length: n, data: ts });
  return new arrow.Table({
    id: arrow.makeVector(id),
    name: arrow.vectorFromArray(names, new arrow.Utf8()),
    qty: arrow.makeVector(qty),
    price: arrow.makeVector(price),
    ts: arrow.makeVector(timestamp),
  });
}
