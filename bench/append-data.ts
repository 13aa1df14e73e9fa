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
