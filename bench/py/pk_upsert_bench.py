"""The pypaimon side of a primary-key upsert benchmark.

Usage: python pk_upsert_bench.py <warehouse> <rows> <keys>  -> prints one JSON line.

Table bench.pk: id BIGINT (primary key), name STRING, qty INT, price DOUBLE, ts TIMESTAMP(3); bucket = 4,
merge-engine deduplicate (default). Row i (0 <= i < rows) has id = i % keys, name = 'name-<i % 1000>',
qty = i % 100, price = (i % 10000) / 100, ts = 1_700_000_000_000 + i ms. The rows go in 10 batch commits of
(nearly) equal size, rows [c*rows/10, (c+1)*rows/10), then a full compaction if pypaimon can do one, then one
full read to Arrow. The read is checked: one row per key, each the last version written (ts = base + last i).

Output: {"engine", "rows", "keys", "commits", "writeMs", "writeRowsPerSec", "compaction" (bool),
         "compactionNote", "compactMs" | null, "readMs", "readRowsPerSec", "rowsRead", "dataFiles",
         "verified", "peakRssMb"}; readRowsPerSec = rowsRead / read time.
"""
import json
import resource
import sys
import time
from importlib.metadata import version

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pypaimon import CatalogFactory, Schema

COMMITS = 10
TS_BASE = 1_700_000_000_000

warehouse, n, keys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
arrow_schema = pa.schema([
    pa.field('id', pa.int64(), nullable=False),
    ('name', pa.string()),
    ('qty', pa.int32()),
    ('price', pa.float64()),
    ('ts', pa.timestamp('ms')),
])
catalog = CatalogFactory.create({'warehouse': warehouse})
catalog.create_database('bench', True)
catalog.create_table('bench.pk', Schema.from_pyarrow_schema(arrow_schema, primary_keys=['id'],
                                                            options={'bucket': '4'}), False)
table = catalog.get_table('bench.pk')


def batch(lo, hi):
    """Rows [lo, hi) as an Arrow table (built before timing starts)."""
    i = np.arange(lo, hi, dtype=np.int64)
    names = pa.array([f'name-{x}' for x in range(1000)], pa.string())
    return pa.Table.from_arrays([
        pa.array(i % keys, pa.int64()),
        names.take(pa.array(i % 1000)),
        pa.array((i % 100).astype(np.int32), pa.int32()),
        pa.array((i % 10000) / 100, pa.float64()),
        pa.array(TS_BASE + i, pa.int64()).cast(pa.timestamp('ms')),
    ], schema=arrow_schema)


batches = [batch(c * n // COMMITS, (c + 1) * n // COMMITS) for c in range(COMMITS)]

t0 = time.perf_counter()
for data in batches:
    builder = table.new_batch_write_builder()
    write = builder.new_write()
    write.write_arrow(data)
    commit = builder.new_commit()
    commit.commit(write.prepare_commit())
    write.close()
    commit.close()
t1 = time.perf_counter()

# Full compaction: pypaimon 2.1.0 has no compaction API (no compact() on table/write/builder, batch writes never
# compact, FileStoreCommit rejects compact increments it did not produce). Probe instead of assuming.
compact_api = next((f'{type(o).__name__}.{name}' for o in (table, table.new_batch_write_builder())
                    for name in ('compact', 'new_compact', 'new_compact_builder', 'full_compact')
                    if hasattr(o, name)), None)
compacted, compact_ms = False, None
note = (f"pypaimon {version('pypaimon')} has no compaction API: the {COMMITS} commits stay level-0 files, "
        'merged on read' if compact_api is None else f'found {compact_api}, not exercised')

t2 = time.perf_counter()
read_builder = table.new_read_builder()
splits = read_builder.new_scan().plan().splits()
result = read_builder.new_read().to_arrow(splits)
t3 = time.perf_counter()

# Check: one row per key, the last version of each (largest i with i % keys == id, i < n).
expected_rows = min(n, keys)
result = result.take(pc.sort_indices(result, sort_keys=[('id', 'ascending')]))
ids = result.column('id').to_numpy()
last_i = ids + keys * ((n - 1 - ids) // keys)
verified = bool(result.num_rows == expected_rows
                and np.array_equal(ids, np.arange(expected_rows))
                and np.array_equal(result.column('ts').cast(pa.int64()).to_numpy(), TS_BASE + last_i))
if not verified:
    raise SystemExit(f'read {result.num_rows} rows, expected {expected_rows} last versions')

print(json.dumps({
    'engine': 'pypaimon',
    'rows': n,
    'keys': keys,
    'commits': COMMITS,
    'writeMs': (t1 - t0) * 1000,
    'writeRowsPerSec': round(n / (t1 - t0)),
    'compaction': compacted,
    'compactionNote': note,
    'compactMs': compact_ms,
    'readMs': (t3 - t2) * 1000,
    'readRowsPerSec': round(result.num_rows / (t3 - t2)),
    'rowsRead': result.num_rows,
    'dataFiles': sum(len(s.files) for s in splits),
    'verified': verified,
    'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
