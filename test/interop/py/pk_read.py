"""Reads the merged rows of a primary-key table with pypaimon: python pk_read.py <warehouse> <db.t> [--snapshot N] [--files]

Output (one JSON object):
    {"snapshotId": N | null,                 # the snapshot read (latest unless --snapshot)
     "primaryKeys": ["id", ...],
     "rows": [{...}, ...],                   # merged rows, shared JSON encoding (values.py), sorted by the
                                             # primary key in declared order (Arrow order: numbers by value,
                                             # strings/binary bytewise), not by JSON text as read_table.py does
     "files": [...]}                         # only with --files: the data files of the scan plan, sorted by
                                             # (partition, bucket, level, minSequenceNumber):
                                             # {"partition": [...], "bucket", "level", "fileName", "rowCount",
                                             #  "minSequenceNumber", "maxSequenceNumber", "deleteRowCount",
                                             #  "rawConvertible"}  (rawConvertible = the split's flag)
The rows are what pypaimon's batch read returns: k-way merge by key with the table's merge engine, -U/-D
dropped — except for splits pypaimon marks raw-convertible (see /work/notes/pk-pypaimon-facts.md: a bucket whose
only file has deleteRowCount 0 is read raw, so its -D rows would show up).
read_table.py also reads PK tables (same merged rows, sorted by JSON text, plus schema/snapshots/tags).
"""
import argparse
import json

import pyarrow.compute as pc
from pypaimon import CatalogFactory

from values import column_to_json


def plain(v):
    return v if v is None or isinstance(v, (int, float, str, bool)) else str(v)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('warehouse')
    parser.add_argument('table')
    parser.add_argument('--snapshot', type=int)
    parser.add_argument('--files', action='store_true')
    args = parser.parse_args()

    table = CatalogFactory.create({'warehouse': args.warehouse}).get_table(args.table)
    view = table if args.snapshot is None else table.copy({'scan.snapshot-id': str(args.snapshot)})
    schema = view.table_schema
    fields = [{'name': f.name, 'type': str(f.type)} for f in schema.fields]
    primary_keys = list(schema.primary_keys)

    read_builder = view.new_read_builder()
    splits = read_builder.new_scan().plan().splits()
    data = read_builder.new_read().to_arrow(splits)
    rows = []
    if data is not None and data.num_rows > 0:
        data = data.take(pc.sort_indices(data, sort_keys=[(k, 'ascending') for k in primary_keys]))
        columns = {f['name']: column_to_json(f['type'], data.column(f['name'])) for f in fields}
        rows = [{name: columns[name][i] for name in columns} for i in range(data.num_rows)]

    if args.snapshot is not None:
        snapshot_id = args.snapshot
    else:
        latest = table.snapshot_manager().get_latest_snapshot()
        snapshot_id = None if latest is None else latest.id
    out = {'snapshotId': snapshot_id, 'primaryKeys': primary_keys, 'rows': rows}
    if args.files:
        files = []
        for split in splits:
            for f in split.files:
                files.append({
                    'partition': [plain(v) for v in split.partition.values], 'bucket': split.bucket,
                    'level': f.level, 'fileName': f.file_name, 'rowCount': f.row_count,
                    'minSequenceNumber': f.min_sequence_number, 'maxSequenceNumber': f.max_sequence_number,
                    'deleteRowCount': f.delete_row_count, 'rawConvertible': bool(split.raw_convertible)})
        out['files'] = sorted(files, key=lambda f: (json.dumps(f['partition']), f['bucket'], f['level'],
                                                    f['minSequenceNumber']))
    print(json.dumps(out))


if __name__ == '__main__':
    main()
