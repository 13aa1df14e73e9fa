"""What DuckDB sees in Parquet files.

    python duckdb_types.py <file>...            -> JSON {file: {column: DuckDB type}}
    python duckdb_types.py --rows <file>...     -> JSON {file: {"types": {column: type}, "rows": [...]}}

With --rows, every value is cast to VARCHAR by DuckDB (rows in file order), to compare with the written rows.
Hive partitioning is off: the columns are what the file holds, not what DuckDB would infer from k=v paths.
"""
import json
import sys

import duckdb


def main(args):
    with_rows = args[:1] == ['--rows']
    files = args[1:] if with_rows else args
    out = {}
    for path in files:
        quoted = path.replace("'", "''")
        rel = duckdb.sql(f"SELECT * FROM read_parquet('{quoted}', hive_partitioning = false)")
        types = {name: str(t) for name, t in zip(rel.columns, rel.types)}
        if with_rows:
            cols = ', '.join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in rel.columns)
            rows = duckdb.sql(f"SELECT {cols} FROM read_parquet('{quoted}', hive_partitioning = false)").fetchall()
            out[path] = {'types': types, 'rows': [dict(zip(rel.columns, r)) for r in rows]}
        else:
            rel.fetchall()  # the data must decode too, not just the footer
            out[path] = types
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv[1:])
