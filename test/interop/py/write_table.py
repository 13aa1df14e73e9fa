"""Writes an interop case with pypaimon: python write_table.py <warehouse> <case.json>

A case (harness.ts writes it): {"table": "db.t", "fields": [{"name", "type"}] (Paimon type strings),
"partitionKeys": [], "primaryKeys": [], "options": {}, "commits": [{"rows": [...], "overwrite": {...}?}]},
rows in the shared JSON encoding (values.py). Creates the database and table (field ids 0..n-1), then runs one
batch commit per entry in order: an append, or with "overwrite" ({} or {"k": "v"}) an overwrite through
write_builder.overwrite(...). Prints nothing.
"""
import json
import sys

from pypaimon import CatalogFactory

from values import paimon_schema, to_arrow_table


def main(warehouse, case_path):
    with open(case_path) as f:
        case = json.load(f)
    catalog = CatalogFactory.create({'warehouse': warehouse})
    catalog.create_database(case['table'].split('.')[0], True)
    catalog.create_table(case['table'], paimon_schema(case), False)
    table = catalog.get_table(case['table'])
    for commit in case['commits']:
        builder = table.new_batch_write_builder()
        if commit.get('overwrite') is not None:
            builder = builder.overwrite(commit['overwrite'])
        write = builder.new_write()
        write.write_arrow(to_arrow_table(case['fields'], commit['rows']))
        table_commit = builder.new_commit()
        table_commit.commit(write.prepare_commit())
        write.close()
        table_commit.close()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
