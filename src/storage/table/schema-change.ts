import { SchemaMismatchError } from '../errors.js';
import {
  type DataField,
  type DataType,
  highestFieldIdIn,
  parseDataType,
  typeToString,
} from '../spec/data-types.js';
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
        highest += 1;
        const field: DataField = {
          id: highest,
          name: change.name,
          type,
          ...(change.description ? { description: change.description } : {}),
        };
        highest = Math.max(highest, highestFieldIdIn(type));
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
        fields = fields.map((f) =>
          f === field ? { ...f, type: { ...type, nullable: field.type.nullable && type.nullable } } : f,
        );
        break;
      }
      case 'setOption':
        options[change.key] = change.value;
        break;
      case 'removeOption':
        delete options[change.key];
        break;
    }
  }
  return { ...schema, id: schema.id + 1, fields, highestFieldId: highest, options, timeMillis };
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

/** Converts a value read with an older (narrower) type to the current type. */
export function widenValue(from: DataType, to: DataType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (to.root === 'BIGINT' && from.root !== 'BIGINT') return BigInt(value as number);
  return value;
}
