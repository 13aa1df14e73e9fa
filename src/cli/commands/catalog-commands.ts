import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FileStoreTable, FileSystemCatalog, type SchemaDefinition } from '../../storage/index.js';
import { typeToString } from '../../storage/spec/data-types.js';
import { encodeSchema } from '../../storage/spec/table-schema.js';
import { keyValueFlags, UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import { openTable, openWarehouse } from './open.js';

const STRING = { root: 'VARCHAR', nullable: false, length: 2147483647 } as const;

export const databasesCommand: CommandSpec = {
  name: 'databases',
  summary: 'List the databases of a warehouse.',
  args: ['warehouse'],
  options: {},
  prints: true,
  run({ parsed, print }) {
    const names = openWarehouse('databases', parsed.args.warehouse!).listDatabases().sort();
    print({ columns: [{ name: 'database', type: STRING }], rows: names.map((n) => [n]) });
    return 0;
  },
};

export const tablesCommand: CommandSpec = {
  name: 'tables',
  summary: 'List the tables of a database.',
  args: ['warehouse', 'database'],
  options: {},
  prints: true,
  run({ parsed, print }) {
    const names = openWarehouse('tables', parsed.args.warehouse!).listTables(parsed.args.database!).sort();
    print({ columns: [{ name: 'table', type: STRING }], rows: names.map((n) => [n]) });
    return 0;
  },
};

export const createDatabaseCommand: CommandSpec = {
  name: 'create-database',
  summary: 'Create a database (and the warehouse directory if it does not exist).',
  args: ['warehouse', 'database'],
  options: { 'if-not-exists': { type: 'boolean', help: 'do nothing when it exists' } },
  run({ parsed, io }) {
    const warehouse = resolve(parsed.args.warehouse!);
    mkdirSync(warehouse, { recursive: true });
    new FileSystemCatalog({ warehouse }).createDatabase(
      parsed.args.database!,
      parsed.options['if-not-exists'] === true,
    );
    io.out(`created database ${parsed.args.database}`);
    return 0;
  },
};

export const createTableCommand: CommandSpec = {
  name: 'create-table',
  summary: 'Create a table (as CREATE TABLE in Flink SQL with the Paimon catalog).',
  args: ['warehouse', 'db.table'],
  options: {
    schema: {
      type: 'string',
      value: "'COL TYPE, …'",
      help: "columns, e.g. 'id BIGINT NOT NULL, amount DECIMAL(10, 2), dt STRING'",
    },
    'primary-key': { type: 'string', value: 'COLS', help: 'comma-separated primary key columns' },
    'partition-key': { type: 'string', value: 'COLS', help: 'comma-separated partition columns' },
    option: { type: 'string', multiple: true, value: 'KEY=VALUE', help: "a table option, e.g. 'bucket=2'" },
    'if-not-exists': { type: 'boolean', help: 'do nothing when it exists' },
  },
  examples: [
    "paimon-sim create-table ./wh shop.orders --schema 'id BIGINT NOT NULL, amount DECIMAL(10, 2), dt STRING' --partition-key dt --option bucket=2 --option bucket-key=id",
  ],
  run({ parsed, io }) {
    const schema = parsed.options.schema as string | undefined;
    if (schema === undefined)
      throw new UsageError(
        "create-table: --schema is required, e.g. --schema 'id BIGINT NOT NULL, v STRING'",
      );
    const definition: SchemaDefinition = {
      fields: splitTopLevel(schema).map((column) => columnDefinition(column)),
      primaryKeys: list(parsed.options['primary-key']),
      partitionKeys: list(parsed.options['partition-key']),
      options: keyValueFlags('create-table', 'option', parsed.options.option as string[] | undefined),
    };
    const catalog = openWarehouse('create-table', parsed.args.warehouse!);
    const table = catalog.createTable(
      parsed.args['db.table']!,
      definition,
      parsed.options['if-not-exists'] === true,
    );
    io.out(`created table ${table.name}`);
    return 0;
  },
};

export const dropTableCommand: CommandSpec = {
  name: 'drop-table',
  summary: 'Drop a table and its files.',
  args: ['warehouse', 'db.table'],
  options: { 'if-exists': { type: 'boolean', help: 'do nothing when it does not exist' } },
  run({ parsed, io }) {
    openWarehouse('drop-table', parsed.args.warehouse!).dropTable(
      parsed.args['db.table']!,
      parsed.options['if-exists'] === true,
    );
    io.out(`dropped table ${parsed.args['db.table']}`);
    return 0;
  },
};

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary:
    'Show a table as CREATE TABLE (fields with their ids, keys, options); --json prints the schema file.',
  args: ['warehouse', 'db.table'],
  options: { json: { type: 'boolean', help: "the latest schema file's JSON, as Paimon wrote it" } },
  run({ parsed, io }) {
    const table = openTable('schema', parsed.args.warehouse!, parsed.args['db.table']!);
    if (parsed.options.json) io.out(encodeSchema(table.schema));
    else for (const line of ddl(table)) io.out(line);
    return 0;
  },
};

/** The schema as Flink SQL DDL, with each field's id and the schema id as comments. */
function ddl(table: FileStoreTable): string[] {
  const s = table.schema;
  const lines = [`-- schema ${s.id}, highest field id ${s.highestFieldId}`, `CREATE TABLE ${table.name} (`];
  const body = s.fields.map(
    (f) =>
      `  ${quote(f.name)} ${typeToString(f.type)}${f.description ? ` COMMENT '${f.description}'` : ''}  -- id ${f.id}`,
  );
  if (s.primaryKeys.length > 0)
    body.push(`  PRIMARY KEY (${s.primaryKeys.map(quote).join(', ')}) NOT ENFORCED`);
  lines.push(...body.map((l, i) => (i < body.length - 1 ? withComma(l) : l)));
  const options = Object.entries(s.options);
  lines.push(
    `)${s.partitionKeys.length > 0 ? ` PARTITIONED BY (${s.partitionKeys.map(quote).join(', ')})` : ''}${options.length > 0 ? ' WITH (' : ';'}`,
  );
  if (options.length > 0) {
    lines.push(...options.map(([k, v], i) => `  '${k}' = '${v}'${i < options.length - 1 ? ',' : ''}`), ');');
  }
  return lines;
}

/** Puts the comma before a trailing `-- id` comment. */
function withComma(line: string): string {
  const at = line.lastIndexOf('  -- id ');
  return at < 0 ? `${line},` : `${line.slice(0, at)},${line.slice(at)}`;
}

function quote(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

function list(value: unknown): string[] {
  return typeof value === 'string' && value.trim() !== '' ? value.split(',').map((s) => s.trim()) : [];
}

/** Splits at commas outside (), <> and quotes: `a DECIMAL(10, 2), m MAP<INT, STRING>` has two columns. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoteChar = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoteChar) {
      if (c === quoteChar) quoteChar = '';
    } else if (c === '`' || c === "'") quoteChar = c;
    else if (c === '(' || c === '<') depth++;
    else if (c === ')' || c === '>') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function columnDefinition(column: string): { name: string; type: string } {
  const m = /^(`(?:[^`]|``)+`|[^\s`]+)\s+(.+)$/s.exec(column);
  if (!m) throw new UsageError(`create-table: --schema: '${column}' is not 'NAME TYPE'`);
  const name = m[1]!.startsWith('`') ? m[1]!.slice(1, -1).replace(/``/g, '`') : m[1]!;
  return { name, type: m[2]!.trim() };
}
