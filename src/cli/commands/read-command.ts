import type { FileStoreTable, ReadBuilder, Row } from '../../storage/index.js';
import { intFlag, timeFlag, UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import { openTable } from './open.js';
import { type Condition, parseCondition } from './where.js';

export const TIME_TRAVEL_OPTIONS = {
  snapshot: { type: 'string', value: 'ID', help: 'read this snapshot (scan.snapshot-id)' },
  tag: { type: 'string', value: 'NAME', help: 'read the snapshot of this tag (scan.tag-name)' },
  timestamp: {
    type: 'string',
    value: 'TIME',
    help: 'read the latest snapshot committed at or before TIME, epoch millis or ISO (scan.timestamp-millis)',
  },
} as const;

export const SELECT_OPTIONS = {
  columns: { type: 'string', value: 'a,b', help: 'only these columns, in this order' },
  where: {
    type: 'string',
    multiple: true,
    value: 'COND',
    help: "keep rows where COND holds: col=v, col!=v, <, <=, >, >=, 'col is [not] null'",
  },
  limit: { type: 'string', value: 'N', help: 'at most N rows (stops reading once it has them)' },
} as const;

export const readCommand: CommandSpec = {
  name: 'read',
  summary: 'Read the rows of a table, at the latest snapshot or by time travel.',
  args: ['warehouse', 'db.table'],
  options: { ...TIME_TRAVEL_OPTIONS, ...SELECT_OPTIONS },
  prints: true,
  examples: [
    'paimon-sim read ./wh shop.orders --where dt=2024-01-01 --columns id,amount --limit 10',
    'paimon-sim read ./wh shop.orders --tag savepoint-5 --json',
  ],
  run({ parsed, print }) {
    const table = openTable('read', parsed.args.warehouse!, parsed.args['db.table']!);
    const fields = table.rowType.fields;
    const columns = selectColumns(
      'read',
      parsed.options.columns as string | undefined,
      fields.map((f) => f.name),
    );
    const conditions = ((parsed.options.where as string[] | undefined) ?? []).map((w) =>
      parseCondition('read', w, fields),
    );
    const limit = intFlag('read', 'limit', parsed.options.limit as string | undefined);
    const builder = timeTravel('read', table, parsed.options).withPartitionFilter(
      partitionEqualities(table, conditions),
    );
    const rows: Row[] = [];
    let more = false;
    outer: for (const batch of builder.readBatches()) {
      for (const row of batch) {
        if (!conditions.every((c) => c.test(row))) continue;
        if (limit !== undefined && rows.length >= limit) {
          more = true;
          break outer;
        }
        rows.push(row);
      }
    }
    const byName = new Map(fields.map((f) => [f.name, f]));
    print({
      columns: columns.map((name) => ({ name, type: byName.get(name)!.type })),
      rows: rows.map((r) => columns.map((c) => r[c])),
      footer: `(${rows.length} row${rows.length === 1 ? '' : 's'}${more ? `, more beyond --limit ${limit}` : ''})`,
    });
    return 0;
  },
};

/** The builder for --snapshot / --tag / --timestamp (at most one), as Paimon's scan.* time-travel options. */
export function timeTravel(
  command: string,
  table: FileStoreTable,
  options: Readonly<Record<string, unknown>>,
): ReadBuilder {
  const chosen = ['snapshot', 'tag', 'timestamp'].filter((k) => options[k] !== undefined);
  if (chosen.length > 1) throw new UsageError(`${command}: choose one of --${chosen.join(', --')}`);
  const builder = table.newReadBuilder();
  const snapshot = intFlag(command, 'snapshot', options.snapshot as string | undefined, 1);
  if (snapshot !== undefined) return builder.withSnapshot(snapshot);
  if (options.tag !== undefined) return builder.withTag(options.tag as string);
  const timestamp = timeFlag(command, 'timestamp', options.timestamp as string | undefined);
  return timestamp !== undefined ? builder.withTimestamp(timestamp) : builder;
}

export function selectColumns(
  command: string,
  value: string | undefined,
  names: readonly string[],
): string[] {
  if (value === undefined) return [...names];
  const wanted = value.split(',').map((c) => c.trim());
  for (const name of wanted) {
    if (!names.includes(name))
      throw new UsageError(
        `${command}: --columns names unknown column '${name}'`,
        `columns: ${names.join(', ')}`,
      );
  }
  return wanted;
}

/** `--where p=v` on partition keys also prunes partitions before any file is read. */
function partitionEqualities(
  table: FileStoreTable,
  conditions: readonly Condition[],
): Record<string, unknown> | undefined {
  const spec: Record<string, unknown> = {};
  table.schema.partitionKeys.forEach((key, i) => {
    const c = conditions.find((x) => x.op === '=' && x.column === key);
    const value =
      c?.literal === undefined ? undefined : partitionLiteral(table.partitionTypes[i]!.root, c.literal);
    if (value !== undefined) spec[key] = value;
  });
  return Object.keys(spec).length > 0 ? spec : undefined;
}

/** The literal as a partition value of this type, where the conversion is exact; else no pruning. */
function partitionLiteral(root: string, literal: string): unknown {
  switch (root) {
    case 'CHAR':
    case 'VARCHAR':
    case 'DATE':
      return literal;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return Number(literal);
    case 'BIGINT':
      return BigInt(literal.trim());
    default:
      return undefined;
  }
}
