"""Tag operations through pypaimon: python tags.py <warehouse> <db.table> <command> [args]

  list                      -> JSON [{"name", "snapshotId", "timeRetained"}] sorted by snapshot id, name
  create <name> <snapshot> [time_retained]
  read <name>               -> JSON rows of the tag (shared encoding, see values.py)
"""
import json
import sys

from pypaimon import CatalogFactory

from values import column_to_json


def main(warehouse, identifier, command, *args):
    table = CatalogFactory.create({'warehouse': warehouse}).get_table(identifier)
    if command == 'list':
        tags = table.list_tags()
        out = []
        for name in (tags if isinstance(tags, (list, tuple)) else list(tags)):
            tag_name = name if isinstance(name, str) else getattr(name, 'tag_name', getattr(name, 'name', str(name)))
            tag = table.tag_manager().get_or_throw(tag_name) if hasattr(table.tag_manager(), 'get_or_throw') else table.tag_manager().get(tag_name)
            retained = getattr(tag, 'tag_time_retained', None)
            out.append({'name': tag_name, 'snapshotId': tag.id,
                        'timeRetainedSeconds': None if retained is None else retained.total_seconds()})
        out.sort(key=lambda t: (t['snapshotId'], t['name']))
        print(json.dumps(out))
    elif command == 'create':
        table.create_tag(args[0], int(args[1]), time_retained=args[2] if len(args) > 2 else None)
    elif command == 'read':
        tagged = table.copy({'scan.tag-name': args[0]})
        read_builder = tagged.new_read_builder()
        data = read_builder.new_read().to_arrow(read_builder.new_scan().plan().splits())
        fields = [{'name': f.name, 'type': str(f.type)} for f in table.table_schema.fields]
        columns = {f['name']: column_to_json(f['type'], data.column(f['name'])) for f in fields}
        print(json.dumps([{n: columns[n][i] for n in columns} for i in range(data.num_rows)]))
    else:
        raise SystemExit('unknown command ' + command)


if __name__ == '__main__':
    main(*sys.argv[1:])
