"""Reads a table with pypaimon and prints it as JSON: python read_table.py <warehouse> <db.table> [snapshot_id].

Output: {"schema": {...}, "rows": [...], "snapshots": [...], "tags": [...]}, values in the shared encoding
(values.py), rows sorted by their JSON text so both sides compare them as multisets.
"""
import json
import os
import sys

from pypaimon import CatalogFactory

from values import column_to_json


def main(warehouse, identifier, snapshot_id=None):
    catalog = CatalogFactory.create({'warehouse': warehouse})
    table = catalog.get_table(identifier)
    if snapshot_id is not None:
        table = table.copy({'scan.snapshot-id': snapshot_id})
    schema = table.table_schema
    fields = [{'id': f.id, 'name': f.name, 'type': str(f.type)} for f in schema.fields]
    read_builder = table.new_read_builder()
    splits = read_builder.new_scan().plan().splits()
    data = read_builder.new_read().to_arrow(splits)
    columns = {f['name']: column_to_json(f['type'], data.column(f['name'])) for f in fields}
    rows = [{name: columns[name][i] for name in columns} for i in range(data.num_rows)]
    rows.sort(key=lambda r: json.dumps(r, sort_keys=True))

    snapshot_dir = os.path.join(table.table_path, 'snapshot')
    snapshots = []
    for name in sorted(os.listdir(snapshot_dir)):
        if name.startswith('snapshot-'):
            with open(os.path.join(snapshot_dir, name)) as f:
                raw = f.read()
            s = json.loads(raw)
            snapshots.append({
                'id': s['id'], 'schemaId': s['schemaId'], 'commitUser': s['commitUser'],
                'commitIdentifier': str(s['commitIdentifier']), 'commitKind': s['commitKind'],
                'totalRecordCount': s['totalRecordCount'], 'deltaRecordCount': s['deltaRecordCount'],
            })
    snapshots.sort(key=lambda s: s['id'])
    latest = table.snapshot_manager().get_latest_snapshot()
    print(json.dumps({
        'schema': {'fields': fields, 'partitionKeys': list(schema.partition_keys),
                   'primaryKeys': list(schema.primary_keys), 'options': dict(schema.options)},
        'rows': rows,
        'snapshots': snapshots,
        'latestSnapshotId': None if latest is None else latest.id,
    }))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
