import type { Clock } from '../../common/clock.js';
import { type FileIO, readUtf8, utf8 } from '../../common/io/file-io.js';
import { CatalogError, CorruptFileError, FileNotFoundError, SchemaMismatchError } from '../errors.js';
import { validateOptions } from '../options.js';
import { type DataField, type DataType, highestFieldIdIn, parseDataType } from '../spec/data-types.js';
import {
  decodeSchema,
  encodeSchema,
  SCHEMA_CURRENT_VERSION,
  type TableSchema,
} from '../spec/table-schema.js';
import { applySchemaChanges, reassignNestedIds, type SchemaChange } from '../table/schema-change.js';
import { validateTableSchema } from '../table/schema-validation.js';
import { SCHEMA_PREFIX, type TablePaths } from './path-factory.js';
import { SnapshotManager } from './snapshot-manager.js';
import { listVersionedIds } from './versioned-files.js';

/** A column as a user declares it: a name and a Paimon type (string such as 'DECIMAL(10, 2) NOT NULL' or parsed). */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: string | DataType;
  readonly description?: string;
}

/** What a user gives to create a table (`org.apache.paimon.schema.Schema`). */
export interface SchemaDefinition {
  readonly fields: readonly ColumnDefinition[];
  readonly partitionKeys?: readonly string[];
  readonly primaryKeys?: readonly string[];
  readonly options?: Readonly<Record<string, string>>;
  readonly comment?: string;
}

/**
 * Reads and writes `schema/schema-<id>` files (`SchemaManager`), from a FileIO, the table's paths and the clock
 * that stamps new schemas (`TableSchema.timeMillis`), as Paimon's `SchemaManager(fileIO, tableRoot)`.
 */
export class SchemaManager {
  constructor(
    private readonly io: FileIO,
    private readonly paths: TablePaths,
    private readonly clock: Clock,
  ) {}

  /** All schema ids, ascending; names that are not `schema-<id>` are skipped (see versioned-files.ts). */
  listIds(): number[] {
    return listVersionedIds(this.io, this.paths.schemaDir, SCHEMA_PREFIX, 0);
  }

  latest(): TableSchema | undefined {
    const ids = this.listIds();
    return ids.length === 0 ? undefined : this.schema(ids[ids.length - 1]!);
  }

  schema(id: number): TableSchema {
    const path = this.paths.schemaFile(id);
    let text: string;
    try {
      text = readUtf8(this.io, path);
    } catch (e) {
      if (e instanceof FileNotFoundError) throw new CatalogError(`Schema ${id} does not exist at '${path}'`);
      if (e instanceof TypeError)
        throw new CorruptFileError(path, 'a schema file', 'not valid UTF-8', { cause: e });
      throw e;
    }
    return decodeSchema(text, path, id);
  }

  /**
   * Writes the next schema version with the changes applied; claims `schema-<id+1>` by exclusive create and
   * retries on a concurrent change (`SchemaManager.commitChanges`).
   */
  commitChanges(changes: readonly SchemaChange[], tableName: string): TableSchema {
    for (let attempt = 0; attempt < 10; attempt++) {
      const latest = this.latest();
      if (!latest) throw new CatalogError(`Table ${tableName} does not exist.`);
      // Options that shape the data on disk are fixed once there is data (`hasSnapshots` in
      // SchemaManager.generateTableSchema).
      const hasSnapshots = new SnapshotManager(this.io, this.paths).latestSnapshotId() !== undefined;
      const next = applySchemaChanges(latest, changes, this.clock.nowMs(), tableName, hasSnapshots);
      validateOptions(next.options);
      validateTableSchema(next); // as Paimon's SchemaManager.commitChanges does
      if (this.io.createExclusive(this.paths.schemaFile(next.id), utf8(encodeSchema(next)))) return next;
    }
    throw new CatalogError(`Could not commit a schema change to ${tableName}: schema files kept changing`);
  }

  /** Writes schema 0 of a new table; fails if the table already has a schema. */
  createTable(definition: SchemaDefinition): TableSchema {
    const schema = buildInitialSchema(definition, this.clock.nowMs());
    validateTableSchema(schema); // as Paimon's SchemaManager.createTable does
    const path = this.paths.schemaFile(0);
    if (!this.io.createExclusive(path, utf8(encodeSchema(schema)))) {
      throw new CatalogError(`Table at '${this.paths.root}' already exists (found '${path}')`);
    }
    return schema;
  }
}

/**
 * Assigns field ids as `Schema.Builder.column` does: each top-level column takes the next id, then the ROW
 * fields nested in its type take the following ones (`ReassignFieldId`). Primary-key columns become NOT NULL.
 */
export function buildInitialSchema(definition: SchemaDefinition, timeMillis: number): TableSchema {
  const partitionKeys = [...(definition.partitionKeys ?? [])];
  const primaryKeys = [...(definition.primaryKeys ?? [])];
  const options = { ...(definition.options ?? {}) };
  const names = definition.fields.map((f) => f.name);
  validateKeys(names, partitionKeys, primaryKeys);
  validateOptions(options);

  let highestFieldId = -1;
  const fields: DataField[] = definition.fields.map((column) => {
    const id = ++highestFieldId;
    let type = typeof column.type === 'string' ? parseDataType(column.type) : column.type;
    const reassigned = reassignNestedIds(type, highestFieldId);
    type = reassigned.type;
    highestFieldId = reassigned.highestFieldId;
    if (primaryKeys.includes(column.name)) type = { ...type, nullable: false };
    return column.description === undefined
      ? { id, name: column.name, type }
      : { id, name: column.name, type, description: column.description };
  });
  return {
    version: SCHEMA_CURRENT_VERSION,
    id: 0,
    fields,
    highestFieldId: Math.max(highestFieldId, ...fields.map((f) => highestFieldIdIn(f.type))),
    partitionKeys,
    primaryKeys,
    options,
    comment: definition.comment ?? null,
    timeMillis,
  };
}

/** `SchemaValidation`-style checks on key columns, with Paimon's wording where it has one. */
function validateKeys(
  names: readonly string[],
  partitionKeys: readonly string[],
  primaryKeys: readonly string[],
): void {
  if (names.length === 0) throw new SchemaMismatchError('A table needs at least one column');
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length > 0) {
    throw new SchemaMismatchError(
      `Table column ${JSON.stringify(names)} must not contain duplicate fields. Found: ${JSON.stringify([...new Set(duplicates)])}`,
    );
  }
  for (const key of partitionKeys) {
    if (!names.includes(key)) {
      throw new SchemaMismatchError(
        `Table column ${JSON.stringify(names)} should include all partition fields ${JSON.stringify(partitionKeys)}`,
      );
    }
  }
  for (const key of primaryKeys) {
    if (!names.includes(key)) {
      throw new SchemaMismatchError(
        `Table column ${JSON.stringify(names)} should include all primary key constraint ${JSON.stringify(primaryKeys)}`,
      );
    }
  }
  if (primaryKeys.length > 0 && partitionKeys.some((k) => !primaryKeys.includes(k))) {
    throw new SchemaMismatchError(
      `Primary key constraint ${JSON.stringify(primaryKeys)} should include all partition fields ${JSON.stringify(partitionKeys)}`,
    );
  }
}
