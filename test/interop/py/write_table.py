"""Writes an interop case with pypaimon: python write_table.py <warehouse> <case.json>.

A case: {"table": "db.t", "fields": [{"name", "type"}], "partitionKeys": [], "primaryKeys": [],
"options": {}, "commits": [{"rows": [...], "overwrite": null | {} | {"k": "v"}}]} with rows in the shared
JSON encoding (values.py).
"""
import json
import sys

import pyarrow as pa
from pypaimon import CatalogFactory, Schema

from values import arrow_schema, to_arrow_column


def main(warehouse, case_path):
    with open(case_path) as f:
        case = json.load(f)
    catalog = CatalogFactory.create({'warehouse': warehouse})
    database = case['table'].split('.')[0]
    catalog.create_database(database, True)
    schema = arrow_schema(case['fields'])
    catalog.create_table(case['table'], Schema.from_pyarrow_schema(
        schema, partition_keys=case.get('partitionKeys') or None, primary_keys=case.get('primaryKeys') or None,
        options=case.get('options') or {}), False)
    table = catalog.get_table(case['table'])
    for commit in case['commits']:
        columns = [to_arrow_column(f['type'], [row[f['name']] for row in commit['rows']]) for f in case['fields']]
        data = pa.Table.from_arrays(columns, schema=schema)
        builder = table.new_batch_write_builder()
        if commit.get('overwrite') is not None:
            builder = builder.overwrite(commit['overwrite'] or None)
        write = builder.new_write()
        write.write_arrow(data)
        table_commit = builder.new_commit()
        table_commit.commit(write.prepare_commit())
        write.close()
        table_commit.close()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
