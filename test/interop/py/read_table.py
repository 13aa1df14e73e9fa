"""Reads a table with pypaimon and prints it as JSON.

    python read_table.py <warehouse> <db.table> [--snapshot N | --tag NAME]

Output: {"schema": {"fields": [{"id", "name", "type"}], "partitionKeys", "primaryKeys", "options"},
         "rows": [...], "snapshots": [...], "latestSnapshotId": N | null, "tags": [...]}
Rows are in the shared JSON encoding (values.py) and sorted by their JSON text with sorted keys. Snapshots are
every snapshot pypaimon lists, parsed by pypaimon, with commitIdentifier as a string (64-bit exact). Tags are
[{"name", "snapshotId", "timeRetainedSeconds"}] sorted by name.
"""
import argparse
import json

from pypaimon import CatalogFactory

from values import read_rows


def snapshot_json(s):
    return {
        'id': s.id, 'schemaId': s.schema_id, 'commitUser': s.commit_user,
        'commitIdentifier': str(s.commit_identifier), 'commitKind': s.commit_kind,
        'totalRecordCount': s.total_record_count, 'deltaRecordCount': s.delta_record_count,
        'baseManifestList': s.base_manifest_list, 'deltaManifestList': s.delta_manifest_list,
    }


def tags_json(table):
    out = []
    manager = table.tag_manager()
    for name in sorted(table.list_tags()):
        tag = manager.get_or_throw(name)
        retained = getattr(tag, 'tag_time_retained', None)
        out.append({'name': name, 'snapshotId': tag.id,
                    'timeRetainedSeconds': None if retained is None else retained.total_seconds()})
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('warehouse')
    parser.add_argument('table')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--snapshot', type=int)
    group.add_argument('--tag')
    args = parser.parse_args()

    table = CatalogFactory.create({'warehouse': args.warehouse}).get_table(args.table)
    view = table
    if args.snapshot is not None:
        view = table.copy({'scan.snapshot-id': str(args.snapshot)})
    elif args.tag is not None:
        view = table.copy({'scan.tag-name': args.tag})
    schema = view.table_schema
    latest = table.snapshot_manager().get_latest_snapshot()
    print(json.dumps({
        'schema': {'fields': [{'id': f.id, 'name': f.name, 'type': str(f.type)} for f in schema.fields],
                   'partitionKeys': list(schema.partition_keys), 'primaryKeys': list(schema.primary_keys),
                   'options': dict(schema.options)},
        'rows': read_rows(view),
        'snapshots': [snapshot_json(s) for s in table.snapshot_manager().list_snapshots()],
        'latestSnapshotId': None if latest is None else latest.id,
        'tags': tags_json(table),
    }))


if __name__ == '__main__':
    main()
