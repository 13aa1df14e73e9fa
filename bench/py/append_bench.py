"""The pypaimon side of bench/append-write-read.ts: same table, same rows, same steps.

Usage: python append_bench.py <warehouse> <rows>  -> prints one JSON line.
"""
import json
import resource
import sys
import time

import pyarrow as pa
from pypaimon import CatalogFactory, Schema

warehouse, n = sys.argv[1], int(sys.argv[2])
arrow_schema = pa.schema([
    pa.field('id', pa.int64(), nullable=False),
    ('name', pa.string()),
    ('qty', pa.int32()),
    ('price', pa.float64()),
    ('ts', pa.timestamp('ms')),
])
catalog = CatalogFactory.create({'warehouse': warehouse})
catalog.create_database('bench', True)
catalog.create_table('bench.append', Schema.from_pyarrow_schema(arrow_schema), False)
table = catalog.get_table('bench.append')

ids = list(range(n))
data = pa.Table.from_pydict({
    'id': ids,
    'name': [f'name-{i % 1000}' for i in ids],
    'qty': [i % 100 for i in ids],
    'price': [(i % 10000) / 100 for i in ids],
    'ts': pa.array([1_700_000_000_000 + i for i in ids], pa.timestamp('ms')),
}, schema=arrow_schema)

t0 = time.perf_counter()
builder = table.new_batch_write_builder()
write = builder.new_write()
write.write_arrow(data)
commit = builder.new_commit()
commit.commit(write.prepare_commit())
write.close()
commit.close()
t1 = time.perf_counter()
read_builder = table.new_read_builder()
splits = read_builder.new_scan().plan().splits()
result = read_builder.new_read().to_arrow(splits)
t2 = time.perf_counter()
if result.num_rows != n:
    raise SystemExit(f'read {result.num_rows} rows, expected {n}')

print(json.dumps({
    'engine': 'pypaimon',
    'rows': n,
    'writeMs': (t1 - t0) * 1000,
    'readMs': (t2 - t1) * 1000,
    'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
