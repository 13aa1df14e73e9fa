import { type Clock, SystemClock } from '../common/clock.js';
import { type FileIO, joinPath } from '../common/io/file-io.js';
import { LocalFileIO } from '../common/io/local-file-io.js';
import { type Random, SystemRandom } from '../common/random.js';
import { CatalogError } from './errors.js';
import { requireInside } from './meta/contained-path.js';
import { TablePaths } from './meta/path-factory.js';
import { buildInitialSchema, type SchemaDefinition, SchemaManager } from './meta/schema-manager.js';
import { type SystemTable, systemTable } from './system/system-tables.js';
import { mergeSettingsOf } from './table/pk/primary-key-store.js';
import type { SchemaChange } from './table/schema-change.js';
import { FileStoreTable } from './table/table.js';
import type { TableEnvironment } from './table/table-context.js';

export interface CatalogOptions {
  /** Warehouse directory: databases are `<warehouse>/<db>.db`, tables `<warehouse>/<db>.db/<table>`. */
  readonly warehouse: string;
  readonly fileIO?: FileIO;
  readonly clock?: Clock;
  readonly random?: Random;
}

const DB_SUFFIX = '.db';
/** Paimon's `Catalog.SYSTEM_TABLE_SPLITTER`: `orders$snapshots` is a system table of `orders`. */
const SYSTEM_TABLE_SPLITTER = '$';

/**
 * Paimon's filesystem catalog (`FileSystemCatalog`): the directory layout is the catalog, so a warehouse
 * written here is opened by Paimon's Java or Python catalog with `warehouse` pointing at the same path.
 */
export class FileSystemCatalog {
  readonly warehouse: string;
  readonly env: TableEnvironment;

  constructor(options: CatalogOptions) {
    this.warehouse = options.warehouse.replace(/\/+$/, '');
    const random = options.random ?? new SystemRandom();
    this.env = {
      io: options.fileIO ?? new LocalFileIO(random),
      clock: options.clock ?? new SystemClock(),
      random,
    };
  }

  listDatabases(): string[] {
    return this.env.io
      .list(this.warehouse)
      .filter((s) => s.isDirectory && s.path.endsWith(DB_SUFFIX))
      .map((s) => baseName(s.path).slice(0, -DB_SUFFIX.length));
  }

  databaseExists(name: string): boolean {
    return this.env.io.status(this.databasePath(name))?.isDirectory === true;
  }

  createDatabase(name: string, ignoreIfExists = false): void {
    if (this.databaseExists(name)) {
      if (ignoreIfExists) return;
      throw new CatalogError(`Database ${name} already exists.`);
    }
    this.env.io.mkdirs(this.databasePath(name));
  }

  /** Drops a database; with `cascade` its tables too, otherwise it must be empty. */
  dropDatabase(name: string, ignoreIfNotExists = false, cascade = false): void {
    if (!this.databaseExists(name)) {
      if (ignoreIfNotExists) return;
      throw new CatalogError(`Database ${name} does not exist.`);
    }
    if (!cascade && this.listTables(name).length > 0)
      throw new CatalogError(`Database ${name} is not empty.`);
    this.env.io.deleteDirectory(this.databasePath(name));
  }

  listTables(database: string): string[] {
    if (!this.databaseExists(database)) throw new CatalogError(`Database ${database} does not exist.`);
    return this.env.io
      .list(this.databasePath(database))
      .filter((s) => s.isDirectory && this.schemaManagerAt(s.path).listIds().length > 0)
      .map((s) => baseName(s.path));
  }

  tableExists(identifier: string): boolean {
    const { database, table } = parseIdentifier(identifier);
    return this.schemaManagerAt(this.tablePath(database, table)).listIds().length > 0;
  }

  /** Creates a table (schema-0); identifier is `database.table`. */
  createTable(identifier: string, definition: SchemaDefinition, ignoreIfExists = false): FileStoreTable {
    const { database, table } = parseIdentifier(identifier);
    if (table.includes(SYSTEM_TABLE_SPLITTER))
      // Paimon's AbstractCatalog.checkNotSystemTable(identifier, "createTable")
      throw new CatalogError(`Cannot 'createTable' for system table '${identifier}', please use data table.`);
    if (!this.databaseExists(database)) throw new CatalogError(`Database ${database} does not exist.`);
    if (this.tableExists(identifier)) {
      if (ignoreIfExists) return this.getTable(identifier);
      throw new CatalogError(`Table ${identifier} already exists.`);
    }
    // Primary-key settings are checked before anything is written (Paimon's SchemaValidation at CREATE TABLE).
    const schema = buildInitialSchema(definition, this.env.clock.nowMs());
    if (schema.primaryKeys.length > 0) mergeSettingsOf(schema);
    this.schemaManagerAt(this.tablePath(database, table)).createTable(definition);
    return this.getTable(identifier);
  }

  getTable(identifier: string): FileStoreTable {
    const { database, table } = parseIdentifier(identifier);
    const root = this.tablePath(database, table);
    const schema = this.schemaManagerAt(root).latest();
    if (!schema) throw new CatalogError(`Table ${identifier} does not exist.`);
    return new FileStoreTable(`${database}.${table}`, root, schema, this.env);
  }

  private schemaManagerAt(tableRoot: string): SchemaManager {
    return new SchemaManager(this.env.io, new TablePaths(tableRoot), this.env.clock);
  }

  /** `ALTER TABLE`: writes the next schema version and returns the table bound to it. */
  alterTable(identifier: string, changes: readonly SchemaChange[]): FileStoreTable {
    const table = this.getTable(identifier);
    table.schemaManager.commitChanges(changes, table.name);
    return this.getTable(identifier);
  }

  /** A system table such as `db.orders$snapshots` (see system/system-tables.ts). */
  getSystemTable(identifier: string): SystemTable {
    const at = identifier.indexOf('$');
    if (at < 0)
      throw new CatalogError(
        `'${identifier}' is not a system table identifier: expected 'database.table$name'`,
      );
    return systemTable(this.getTable(identifier.slice(0, at)), identifier.slice(at + 1));
  }

  dropTable(identifier: string, ignoreIfNotExists = false): void {
    if (!this.tableExists(identifier)) {
      if (ignoreIfNotExists) return;
      throw new CatalogError(`Table ${identifier} does not exist.`);
    }
    const { database, table } = parseIdentifier(identifier);
    this.env.io.deleteDirectory(this.tablePath(database, table));
  }

  /**
   * `<warehouse>/<database>.db`. Every entry point that takes a database name gets here, so a name that could
   * never be created (`../x`, NUL bytes, too long) is a CatalogError, never a path outside the warehouse.
   */
  databasePath(database: string): string {
    checkName('database', database, DB_SUFFIX);
    return requireInside(this.warehouse, joinPath(this.warehouse, `${database}${DB_SUFFIX}`), 'use');
  }

  /** `<warehouse>/<database>.db/<table>`, both names checked as in `databasePath`. */
  tablePath(database: string, table: string): string {
    checkName('table', table, '');
    return joinPath(this.databasePath(database), table);
  }
}

function parseIdentifier(identifier: string): { database: string; table: string } {
  const parts = identifier.split('.');
  if (parts.length !== 2 || parts.some((p) => p.length === 0)) {
    throw new CatalogError(`Invalid table identifier '${identifier}': expected 'database.table'`);
  }
  return { database: parts[0]!, table: parts[1]! };
}

/** Longest file name most filesystems allow (NAME_MAX), in UTF-8 bytes. */
const MAX_FILE_NAME_BYTES = 255;

/**
 * The rules for database and table names, on create and on every lookup: one plain directory name (no '/',
 * '\\', '.', NUL), not hidden ('_' prefixes Paimon's own directories), and with `suffix` at most NAME_MAX bytes.
 */
function checkName(kind: string, name: string, suffix: string): void {
  if (
    name.length === 0 ||
    name.includes('/') ||
    name.includes('\\') ||
    name.includes('.') ||
    name.includes('\0') ||
    name.startsWith('_')
  ) {
    throw new CatalogError(
      `Invalid ${kind} name '${name.replaceAll('\0', '\\0')}': it must be non-empty, not start with '_', and contain no '/', '\\', '.' or NUL`,
    );
  }
  const bytes = Buffer.byteLength(name + suffix, 'utf8');
  if (bytes > MAX_FILE_NAME_BYTES) {
    throw new CatalogError(
      `Invalid ${kind} name '${name.slice(0, 32)}…': its directory name has ${bytes} bytes, at most ${MAX_FILE_NAME_BYTES} are allowed`,
    );
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
