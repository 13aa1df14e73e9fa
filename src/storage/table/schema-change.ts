import { SchemaMismatchError } from '../errors.js';
import { type DataField, type DataType, isAtomic, parseDataType, typeToString } from '../spec/data-types.js';
import type { TableSchema } from '../spec/table-schema.js';

/** Schema changes Paimon's `SchemaChange` offers that paimon-sim supports (`ALTER TABLE`). */
export type SchemaChange =
  | {
      readonly kind: 'addColumn';
      readonly name: string;
      readonly type: string | DataType;
      readonly description?: string;
    }
  | { readonly kind: 'renameColumn'; readonly from: string; readonly to: string }
  | { readonly kind: 'updateColumnType'; readonly name: string; readonly type: string | DataType }
  | { readonly kind: 'setOption'; readonly key: string; readonly value: string }
  | { readonly kind: 'removeOption'; readonly key: string };

/**
 * Applies changes to a schema, giving the next schema version (`SchemaManager.generateTableSchema`). New
 * columns get fresh field ids above `highestFieldId` and must be nullable; renames keep the id, so files
 * written before are still read by id; type changes only widen (no information lost).
 */
export function applySchemaChanges(
  schema: TableSchema,
  changes: readonly SchemaChange[],
  timeMillis: number,
  tableName: string,
  hasSnapshots = false,
): TableSchema {
  let fields: DataField[] = [...schema.fields];
  let highest = schema.highestFieldId;
  const options = { ...schema.options };
  const find = (name: string) => {
    const field = fields.find((f) => f.name === name);
    if (!field) throw new SchemaMismatchError(`Column ${name} does not exist in the ${tableName} table.`);
    return field;
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'addColumn': {
        if (fields.some((f) => f.name === change.name))
          throw new SchemaMismatchError(`Column ${change.name} already exists in the ${tableName} table.`);
        const type = typeof change.type === 'string' ? parseDataType(change.type) : change.type;
        if (!type.nullable)
          throw new SchemaMismatchError(
            `Column ${change.name} cannot specify NOT NULL in the ${tableName} table.`,
          );
        // The column takes the next id, ROW fields nested in its type the following ones
        // (`SchemaManager.generateTableSchema` → `ReassignFieldId.reassign`): ids stay unique table-wide.
        const id = ++highest;
        const reassigned = reassignNestedIds(type, highest);
        highest = reassigned.highestFieldId;
        const field: DataField = {
          id,
          name: change.name,
          type: reassigned.type,
          ...(change.description ? { description: change.description } : {}),
        };
        fields.push(field);
        break;
      }
      case 'renameColumn': {
        const field = find(change.from);
        if (schema.partitionKeys.includes(change.from))
          throw new SchemaMismatchError(`Cannot rename partition column: [${change.from}]`);
        if (schema.primaryKeys.includes(change.from))
          throw new SchemaMismatchError(`Cannot rename primary key column: [${change.from}]`);
        if (fields.some((f) => f.name === change.to))
          throw new SchemaMismatchError(`Column ${change.to} already exists in the ${tableName} table.`);
        fields = fields.map((f) => (f === field ? { ...f, name: change.to } : f));
        break;
      }
      case 'updateColumnType': {
        const field = find(change.name);
        const type = typeof change.type === 'string' ? parseDataType(change.type) : change.type;
        if (!canWiden(field.type, type)) {
          throw new SchemaMismatchError(
            `Column type ${field.name}[${typeToString(field.type)}] cannot be converted to ${typeToString(type)} without loosing information.`,
          );
        }
        // canWiden allows a composite type only unchanged (up to nullability): keep it, with its nested ids.
        const kept = isAtomic(type) ? type : field.type;
        fields = fields.map((f) =>
          f === field ? { ...f, type: { ...kept, nullable: field.type.nullable && type.nullable } } : f,
        );
        break;
      }
      case 'setOption':
        if (hasSnapshots) checkAlterTableOption(change.key, options[change.key], change.value, false);
        options[change.key] = change.value;
        break;
      case 'removeOption':
        if (hasSnapshots) checkResetTableOption(change.key);
        delete options[change.key];
        break;
    }
  }
  return { ...schema, id: schema.id + 1, fields, highestFieldId: highest, options, timeMillis };
}

/** `CoreOptions.IMMUTABLE_OPTIONS` (Paimon 1.3): options marked `@Immutable`, fixed once a table has data. */
const IMMUTABLE_OPTIONS: ReadonlySet<string> = new Set([
  'bucket-key',
  'bucket-function.type',
  'data-file.path-directory',
  'merge-engine',
  'ignore-delete',
  'ignore-update-before',
  'aggregation.remove-record-on-delete',
  'partial-update.remove-record-on-delete',
  'partial-update.remove-record-on-sequence-group',
  'rowkind.field',
  'primary-key',
  'partition',
  'force-lookup',
  'data-evolution.enabled',
  'index-file-in-data-file-dir',
]);

/** `CoreOptions.BUCKET` default and `BucketMode.POSTPONE_BUCKET`. */
const DEFAULT_BUCKET = -1;
const POSTPONE_BUCKET = -2;

/**
 * `SchemaManager.checkAlterTableOption`, Paimon's texts: setting an option of a table that has snapshots
 * (`ALTER TABLE … SET`), or overriding one with dynamic options (`FileStoreTable.copy`). A fixed bucket number
 * may change by ALTER TABLE only; writers then refuse to add to data of the old number until an INSERT
 * OVERWRITE rescales it (see TableWrite).
 */
export function checkAlterTableOption(
  key: string,
  oldValue: string | undefined,
  newValue: string,
  fromDynamicOptions: boolean,
): void {
  if (IMMUTABLE_OPTIONS.has(key)) throw new SchemaMismatchError(`Change '${key}' is not supported yet.`);
  if (key !== 'bucket') return;
  if (fromDynamicOptions)
    throw new SchemaMismatchError(
      'Cannot change bucket number through dynamic options. You might need to rescale bucket.',
    );
  const oldBucket = oldValue === undefined ? DEFAULT_BUCKET : Number(oldValue);
  const newBucket = Number(newValue);
  if (oldBucket === DEFAULT_BUCKET) throw new SchemaMismatchError('Cannot change bucket when it is -1.');
  if (newBucket === DEFAULT_BUCKET) throw new SchemaMismatchError('Cannot change bucket to -1.');
  if (oldBucket === POSTPONE_BUCKET)
    throw new SchemaMismatchError('Cannot change bucket for postpone bucket tables.');
}

/** `SchemaManager.checkResetTableOption`: removing an option of a table that has snapshots. */
export function checkResetTableOption(key: string): void {
  if (IMMUTABLE_OPTIONS.has(key)) throw new SchemaMismatchError(`Change '${key}' is not supported yet.`);
  if (key === 'bucket') throw new SchemaMismatchError('Cannot reset bucket.');
}

const INTEGER_ORDER = ['TINYINT', 'SMALLINT', 'INT', 'BIGINT'];

/** Conversions that lose nothing: wider integers, FLOAT → DOUBLE, integers → DOUBLE, longer strings, wider decimals. */
export function canWiden(from: DataType, to: DataType): boolean {
  if (
    from.root === to.root &&
    typeToString({ ...from, nullable: true }) === typeToString({ ...to, nullable: true })
  )
    return true;
  const fi = INTEGER_ORDER.indexOf(from.root);
  const ti = INTEGER_ORDER.indexOf(to.root);
  if (fi >= 0 && ti >= 0) return ti >= fi;
  if (fi >= 0 && to.root === 'DOUBLE') return fi <= 2;
  if (from.root === 'FLOAT' && to.root === 'DOUBLE') return true;
  if ((from.root === 'CHAR' || from.root === 'VARCHAR') && to.root === 'VARCHAR')
    return to.length >= from.length;
  if (from.root === 'DECIMAL' && to.root === 'DECIMAL')
    return to.scale === from.scale && to.precision >= from.precision;
  return false;
}

/**
 * Gives the ROW fields nested in `type` fresh ids after `start`, depth first (`ReassignFieldId`); returns the
 * new type and the highest id assigned (`start` when there are none).
 */
export function reassignNestedIds(type: DataType, start: number): { type: DataType; highestFieldId: number } {
  let next = start;
  const visit = (t: DataType): DataType => {
    switch (t.root) {
      case 'ROW':
        return { ...t, fields: t.fields.map((f) => ({ ...f, id: ++next, type: visit(f.type) })) };
      case 'ARRAY':
      case 'MULTISET':
        return { ...t, element: visit(t.element) };
      case 'MAP':
        return { ...t, key: visit(t.key), value: visit(t.value) };
      default:
        return t;
    }
  };
  return { type: visit(type), highestFieldId: next };
}

/** Converts a value read with an older (narrower) type to the current type. */
export function widenValue(from: DataType, to: DataType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (to.root === 'BIGINT' && from.root !== 'BIGINT') return BigInt(value as number);
  return value;
}
