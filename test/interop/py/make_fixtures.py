"""Writes the golden pypaimon warehouse under test/fixtures/pypaimon/ (run once; the output is committed).

    test/interop/.venv/bin/python test/interop/py/make_fixtures.py [out_dir]

out_dir defaults to test/fixtures/pypaimon; the warehouse goes to <out_dir>/warehouse (replaced) and the
expected contents to <out_dir>/expected.json (rows in the shared JSON encoding of values.py, per snapshot).

Tables (pypaimon 2.1.0, default options unless stated):
  db.append_t  append table partitioned by p, bucket -1 (unaware); 2 appends, then an overwrite of p='x'.
               One partition value has special characters ('a b/c=d%e') to pin partition-path escaping.
               Tags: 'tag-plain' -> snapshot 1 (no retention), 'tag-retained' -> snapshot 2 (time_retained '1 h').
  db.stats_t  append table, unpartitioned, 'metadata.stats-mode' = 'full' (pypaimon's default is 'none'),
               one commit of 3 rows over 14 column types (one all-null row): real _VALUE_STATS BinaryRows.
  db.pk_t      primary key (id), bucket 2, 'rowkind.field' = 'rk'; 3 commits: insert, update, delete (-D).
"""
import json
import os
import shutil
import sys

from pypaimon import CatalogFactory

from values import paimon_schema, to_arrow_table, read_rows

APPEND_FIELDS = [
    {'name': 'id', 'type': 'BIGINT NOT NULL'},
    {'name': 'name', 'type': 'STRING'},
    {'name': 'price', 'type': 'DECIMAL(10, 2)'},
    {'name': 'ts3', 'type': 'TIMESTAMP(3)'},
    {'name': 'ts6', 'type': 'TIMESTAMP(6)'},
    {'name': 'day', 'type': 'DATE'},
    {'name': 'p', 'type': 'STRING'},
]
APPEND_COMMITS = [
    {'rows': [
        {'id': '1', 'name': 'ada', 'price': '12.30', 'ts3': '2024-01-02T03:04:05.123',
         'ts6': '2024-01-02T03:04:05.123456', 'day': '2024-01-02', 'p': 'x'},
        {'id': '2', 'name': None, 'price': None, 'ts3': None, 'ts6': None, 'day': None, 'p': 'x'},
        {'id': '3', 'name': 'grace', 'price': '-0.01', 'ts3': '1969-12-31T23:59:59.999',
         'ts6': '1969-12-31T23:59:59.999999', 'day': '1969-12-31', 'p': 'a b/c=d%e'},
    ]},
    {'rows': [
        {'id': '4', 'name': 'a string longer than seven bytes', 'price': '99999999.99',
         'ts3': '2000-01-01T00:00:00.000', 'ts6': '2000-01-01T00:00:00.000001', 'day': '2000-01-01', 'p': 'y'},
    ]},
    {'overwrite': {'p': 'x'}, 'rows': [
        {'id': '5', 'name': 'x-new', 'price': '1.00', 'ts3': '2024-06-30T12:00:00.500',
         'ts6': '2024-06-30T12:00:00.500000', 'day': '2024-06-30', 'p': 'x'},
    ]},
]

PK_FIELDS = [
    {'name': 'id', 'type': 'BIGINT NOT NULL'},
    {'name': 'v', 'type': 'STRING'},
    {'name': 'n', 'type': 'INT'},
    {'name': 'rk', 'type': 'STRING'},
]
PK_COMMITS = [
    {'rows': [
        {'id': '1', 'v': 'one', 'n': 1, 'rk': '+I'},
        {'id': '2', 'v': 'two', 'n': 2, 'rk': '+I'},
        {'id': '3', 'v': 'three', 'n': 3, 'rk': '+I'},
    ]},
    {'rows': [
        {'id': '2', 'v': 'two-updated', 'n': 20, 'rk': '+U'},
        {'id': '4', 'v': 'four', 'n': None, 'rk': '+I'},
    ]},
    {'rows': [
        {'id': '1', 'v': 'one', 'n': 1, 'rk': '-D'},
    ]},
]

STATS_FIELDS = [
    {'name': 'b', 'type': 'BOOLEAN'},
    {'name': 'i8', 'type': 'TINYINT'},
    {'name': 'i16', 'type': 'SMALLINT'},
    {'name': 'i32', 'type': 'INT'},
    {'name': 'i64', 'type': 'BIGINT'},
    {'name': 'f32', 'type': 'FLOAT'},
    {'name': 'f64', 'type': 'DOUBLE'},
    {'name': 's', 'type': 'STRING'},
    {'name': 'bin', 'type': 'BYTES'},
    {'name': 'd10', 'type': 'DECIMAL(10, 2)'},
    {'name': 'd28', 'type': 'DECIMAL(28, 6)'},
    {'name': 'ts3', 'type': 'TIMESTAMP(3)'},
    {'name': 'ts6', 'type': 'TIMESTAMP(6)'},
    {'name': 'day', 'type': 'DATE'},
]
STATS_COMMITS = [
    {'rows': [
        {'b': True, 'i8': -128, 'i16': 300, 'i32': -7, 'i64': '9223372036854775807', 'f32': 1.5, 'f64': -2.25,
         's': 'short', 'bin': '00ff', 'd10': '-12.34', 'd28': '1234567890123456789012.123456',
         'ts3': '2024-01-02T03:04:05.123', 'ts6': '2024-01-02T03:04:05.123456', 'day': '2024-01-02'},
        {'b': False, 'i8': 127, 'i16': -300, 'i32': 7, 'i64': '-9223372036854775808', 'f32': -0.5, 'f64': 1e300,
         's': 'a longer string, more than 16 bytes', 'bin': '0102030405060708090a', 'd10': '99999999.99',
         'd28': '-0.000001', 'ts3': '1969-12-31T23:59:59.999', 'ts6': '1969-12-31T23:59:59.999999',
         'day': '1969-12-31'},
        {'b': None, 'i8': None, 'i16': None, 'i32': None, 'i64': None, 'f32': None, 'f64': None, 's': None,
         'bin': None, 'd10': None, 'd28': None, 'ts3': None, 'ts6': None, 'day': None},
    ]},
]

TABLES = [
    {'table': 'db.append_t', 'fields': APPEND_FIELDS, 'partitionKeys': ['p'], 'primaryKeys': [],
     'options': {}, 'commits': APPEND_COMMITS,
     'tags': [{'name': 'tag-plain', 'snapshot': 1}, {'name': 'tag-retained', 'snapshot': 2, 'retained': '1 h'}]},
    {'table': 'db.stats_t', 'fields': STATS_FIELDS, 'partitionKeys': [], 'primaryKeys': [],
     'options': {'metadata.stats-mode': 'full'}, 'commits': STATS_COMMITS},
    {'table': 'db.pk_t', 'fields': PK_FIELDS, 'partitionKeys': [], 'primaryKeys': ['id'],
     'options': {'bucket': '2', 'rowkind.field': 'rk'}, 'commits': PK_COMMITS},
]


def main(out_dir):
    warehouse = os.path.abspath(os.path.join(out_dir, 'warehouse'))
    shutil.rmtree(warehouse, ignore_errors=True)
    catalog = CatalogFactory.create({'warehouse': warehouse})
    catalog.create_database('db', True)
    expected = {}
    for spec in TABLES:
        catalog.create_table(spec['table'], paimon_schema(spec), False)
        table = catalog.get_table(spec['table'])
        for commit in spec['commits']:
            builder = table.new_batch_write_builder()
            if 'overwrite' in commit:
                builder = builder.overwrite(commit['overwrite'])
            write = builder.new_write()
            write.write_arrow(to_arrow_table(spec['fields'], commit['rows']))
            table_commit = builder.new_commit()
            table_commit.commit(write.prepare_commit())
            write.close()
            table_commit.close()
        for tag in spec.get('tags', []):
            table.create_tag(tag['name'], tag['snapshot'], time_retained=tag.get('retained'))
        snapshots = {}
        for snapshot_id in range(1, len(spec['commits']) + 1):
            snapshots[str(snapshot_id)] = read_rows(table.copy({'scan.snapshot-id': str(snapshot_id)}))
        expected[spec['table']] = {'fields': spec['fields'], 'partitionKeys': spec['partitionKeys'],
                                   'primaryKeys': spec['primaryKeys'], 'options': spec['options'],
                                   'commits': spec['commits'], 'tags': spec.get('tags', []),
                                   'rowsBySnapshot': snapshots}
    with open(os.path.join(out_dir, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', 'fixtures', 'pypaimon'))
