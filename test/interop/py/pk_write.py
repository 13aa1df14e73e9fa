"""Writes a primary-key interop case with pypaimon: python pk_write.py <warehouse> <case.json>

A PK case is the write_table.py case plus row kinds:

    {"table": "db.t",
     "fields": [{"name": "id", "type": "BIGINT"}, {"name": "v", "type": "STRING"},
                {"name": "rk", "type": "STRING"}],          # Paimon type strings, ids 0..n-1
     "partitionKeys": [],
     "primaryKeys": ["id"],                                 # non-empty; pypaimon forces them NOT NULL
     "options": {"bucket": "2", "merge-engine": "deduplicate", "rowkind.field": "rk"},
     "commits": [{"rows": [{"id": "1", "v": "a", "rk": null}, ...],   # shared JSON encoding (values.py)
                  "kinds": ["+I", ...]},                    # optional, parallel to rows: +I | -U | +U | -D
                 ...]}

Row kinds: pypaimon 2.1.0 has no RowKind argument on write_arrow; the only way to write -U/+U/-D is the
table option `rowkind.field` naming a STRING column of the table, whose value ('+I', '-U', '+U', '-D') is the
row's kind (pypaimon/write/row_kind.py). So:
  - "kinds" given: the case must set options["rowkind.field"] to a STRING field; each row's value in that
    column is replaced by its kind before writing (so a read shows the kind of the surviving version).
  - "kinds" absent: every row is written as is (+I, or whatever its rowkind.field column holds).
"options" go to the table unchanged (set "bucket": without it pypaimon's default is -1 = dynamic bucket for a
PK table; "merge-engine" defaults to deduplicate). Each commit is one batch write + commit (new write builder,
commitKind APPEND); the Arrow data gets the table's field types, so PK columns are `required` in Parquet.
Prints nothing; a pypaimon error exits non-zero with its traceback.
"""
import json
import sys

from pypaimon import CatalogFactory

from values import base_type, paimon_schema, to_arrow_table

KINDS = ('+I', '-U', '+U', '-D')


def rows_with_kinds(case, commit):
    """The commit's rows, with the rowkind.field column set from "kinds" when given."""
    rows = commit['rows']
    kinds = commit.get('kinds')
    if kinds is None:
        return rows
    if len(kinds) != len(rows):
        raise ValueError('"kinds" has %d entries for %d rows' % (len(kinds), len(rows)))
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ValueError('unknown row kinds %s (use %s)' % (bad, ', '.join(KINDS)))
    column = (case.get('options') or {}).get('rowkind.field')
    if column is None:
        if any(k != '+I' for k in kinds):
            raise ValueError('"kinds" other than +I need options["rowkind.field"] = a STRING column: '
                             'pypaimon 2.1.0 writes row kinds only through that column')
        return rows
    types = {f['name']: f['type'] for f in case['fields']}
    if not base_type(types.get(column, '')).startswith(('STRING', 'VARCHAR', 'CHAR')):
        raise ValueError('rowkind.field %r must be a STRING column of the table' % column)
    return [dict(row, **{column: kind}) for row, kind in zip(rows, kinds)]


def main(warehouse, case_path):
    with open(case_path) as f:
        case = json.load(f)
    if not case.get('primaryKeys'):
        raise ValueError('a PK case needs "primaryKeys" (use write_table.py for append tables)')
    catalog = CatalogFactory.create({'warehouse': warehouse})
    catalog.create_database(case['table'].split('.')[0], True)
    catalog.create_table(case['table'], paimon_schema(case), False)
    table = catalog.get_table(case['table'])
    # The Arrow batches carry the table's nullability (pypaimon makes PK fields NOT NULL): pypaimon writes the
    # batch's nullability into Parquet, so this gives `required` PK / _KEY_ columns as Java writes them.
    fields = [{'name': f.name, 'type': str(f.type)} for f in table.table_schema.fields]
    for commit in case['commits']:
        builder = table.new_batch_write_builder()
        write = builder.new_write()
        write.write_arrow(to_arrow_table(fields, rows_with_kinds(case, commit)))
        table_commit = builder.new_commit()
        table_commit.commit(write.prepare_commit())
        write.close()
        table_commit.close()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
