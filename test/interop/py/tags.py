"""Creates a tag through pypaimon: python tags.py <warehouse> <db.table> create <name> <snapshot> [time_retained]

Listing and reading tags go through read_table.py (its "tags" output, and --tag NAME).
"""
import sys

from pypaimon import CatalogFactory


def main(warehouse, identifier, command, *args):
    table = CatalogFactory.create({'warehouse': warehouse}).get_table(identifier)
    if command != 'create':
        raise SystemExit('unknown command ' + command)
    table.create_tag(args[0], int(args[1]), time_retained=args[2] if len(args) > 2 else None)


if __name__ == '__main__':
    main(*sys.argv[1:])
