import type { FileStoreTable, Row } from '../../storage/index.js';
import { systemTable } from '../../storage/system/system-tables.js';
import type { ParsedArgs } from '../args.js';
import { intFlag, UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import type { ResultSet } from '../io/render.js';
import { openTable } from './open.js';
import { SELECT_OPTIONS, selectColumns, TIME_TRAVEL_OPTIONS } from './read-command.js';
import { parseCondition } from './where.js';

/**
 * `system` reads any system table (`db.t$snapshots`, …) as Paimon's `SELECT * FROM t$name`; `snapshots`,
 * `files`, `tags` are the same tables with a narrower default column list, so a column added to a system
 * table shows up here without a second edit.
 */
export const systemCommand: CommandSpec = {
  name: 'system',
  summary:
    'Read a system table: $snapshots $tags $schemas $options $manifests $files $audit_log $partitions.',
  args: ['warehouse', 'db.table$name'],
  options: { ...SELECT_OPTIONS, ...TIME_TRAVEL_OPTIONS },
  prints: true,
  details:
    '--snapshot/--tag/--timestamp apply to the tables that read data ($files, $audit_log, $partitions, $manifests).',
  examples: ["paimon-sim system ./wh 'shop.orders$files' --columns partition,bucket,level,record_count"],
  run({ parsed, print }) {
    const identifier = parsed.args['db.table$name']!;
    const at = identifier.indexOf('$');
    if (at < 0)
      throw new UsageError(
        `system: '${identifier}' names no system table`,
        "write 'db.table$snapshots' (quote the $ in a shell)",
      );
    const table = openTable('system', parsed.args.warehouse!, identifier.slice(0, at));
    print(selectFrom('system', travelled(table, parsed), identifier.slice(at + 1), parsed, undefined));
    return 0;
  },
};

function alias(
  name: 'snapshots' | 'files' | 'tags',
  summary: string,
  defaults: readonly string[],
  travels: boolean,
): CommandSpec {
  return {
    name,
    summary: `${summary} Same as: system <warehouse> 'db.table$${name}'.`,
    args: ['warehouse', 'db.table'],
    options: { ...SELECT_OPTIONS, ...(travels ? TIME_TRAVEL_OPTIONS : {}) },
    prints: true,
    details: `Default columns: ${defaults.join(', ')}; --columns picks any of the system table's columns.`,
    run({ parsed, print }) {
      const table = openTable(name, parsed.args.warehouse!, parsed.args['db.table']!);
      print(selectFrom(name, travels ? travelled(table, parsed) : table, name, parsed, defaults));
      return 0;
    },
  };
}

export const snapshotsCommand = alias(
  'snapshots',
  'List the snapshots of a table.',
  [
    'snapshot_id',
    'schema_id',
    'commit_user',
    'commit_identifier',
    'commit_kind',
    'commit_time',
    'total_record_count',
    'delta_record_count',
  ],
  false,
);
export const filesCommand = alias(
  'files',
  'List the data files a snapshot reads.',
  [
    'partition',
    'bucket',
    'file_path',
    'level',
    'record_count',
    'file_size_in_bytes',
    'min_sequence_number',
    'max_sequence_number',
  ],
  true,
);
export const tagsCommand = alias(
  'tags',
  'List the tags of a table.',
  ['tag_name', 'snapshot_id', 'schema_id', 'commit_time', 'record_count', 'time_retained'],
  false,
);

/** Time travel as Paimon's dynamic options (`/*+ OPTIONS('scan.snapshot-id'='3') *\/`). */
function travelled(table: FileStoreTable, parsed: ParsedArgs): FileStoreTable {
  const o = parsed.options;
  const chosen = ['snapshot', 'tag', 'timestamp'].filter((k) => o[k] !== undefined);
  if (chosen.length > 1) throw new UsageError(`choose one of --${chosen.join(', --')}`);
  if (o.snapshot !== undefined)
    return table.copy({ 'scan.snapshot-id': String(intFlag('files', 'snapshot', o.snapshot as string, 1)) });
  if (o.tag !== undefined) return table.copy({ 'scan.tag-name': o.tag as string });
  if (o.timestamp !== undefined) return table.copy({ 'scan.timestamp-millis': String(o.timestamp) });
  return table;
}

function selectFrom(
  command: string,
  table: FileStoreTable,
  name: string,
  parsed: ParsedArgs,
  defaults: readonly string[] | undefined,
): ResultSet {
  const system = systemTable(table, name);
  const fields = system.rowType.fields;
  const all = fields.map((f) => f.name);
  const columns =
    parsed.options.columns === undefined && defaults
      ? [...defaults]
      : selectColumns(command, parsed.options.columns as string | undefined, all);
  const conditions = ((parsed.options.where as string[] | undefined) ?? []).map((w) =>
    parseCondition(command, w, fields),
  );
  const limit = intFlag(command, 'limit', parsed.options.limit as string | undefined);
  const matching: Row[] = system.readRows().filter((r) => conditions.every((c) => c.test(r)));
  const rows = limit === undefined ? matching : matching.slice(0, limit);
  const types = new Map(fields.map((f) => [f.name, f.type]));
  return {
    columns: columns.map((c) => ({ name: c, type: types.get(c) })),
    rows: rows.map((r) => columns.map((c) => r[c])),
    footer: `(${rows.length} row${rows.length === 1 ? '' : 's'}${rows.length < matching.length ? ` of ${matching.length}` : ''})`,
  };
}
