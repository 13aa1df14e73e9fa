"""Prints the column types DuckDB sees in Parquet files: python duckdb_types.py <file>... -> JSON {file: {col: type}}."""
import json
import sys

import duckdb

out = {}
for path in sys.argv[1:]:
    rows = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    out[path] = {name: col_type for name, col_type, *_ in rows}
    duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()
print(json.dumps(out))
