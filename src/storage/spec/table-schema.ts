import { CorruptFileError } from '../errors.js';
import type { DataField, DataType } from './data-types.js';
import { fieldFromJson, fieldToJson } from './data-types.js';
import { javaHashMapOrder } from './java-hash-map.js';
import {
  asIntegerIn,
  asObject,
  asString,
  JAVA_INT_MAX,
  type JsonValue,
  parseJson,
  stringifyJackson,
} from './json.js';

/**
 * One version of a table's schema, stored as JSON in `schema/schema-<id>`
 * (paimon-api `org.apache.paimon.schema.TableSchema`, CURRENT_VERSION = 3).
 */
export interface TableSchema {
  /** Format version of the schema file (3). */
  readonly version: number;
  /** Schema id, also the file suffix; 0 for a new table, +1 per schema change. */
  readonly id: number;
  /** Top-level fields with their ids. */
  readonly fields: readonly DataField[];
  /** Largest field id ever assigned (nested ROW fields included); new fields get ids above it. */
  readonly highestFieldId: number;
  readonly partitionKeys: readonly string[];
  readonly primaryKeys: readonly string[];
  /** Table options (`CoreOptions` keys and any unknown keys, kept verbatim). */
  readonly options: Readonly<Record<string, string>>;
  readonly comment: string | null;
  /** When the schema was created, epoch millis. */
  readonly timeMillis: number;
}

export const SCHEMA_CURRENT_VERSION = 3;

// ---------------------------------------------------------------------------------------------------------
// Codec (`SchemaSerializer`)

/** `SchemaSerializer.PAIMON_07_VERSION` / `PAIMON_08_VERSION`: schema files of those versions lack defaults. */
const PAIMON_07_VERSION = 1;
const PAIMON_08_VERSION = 2;

/**
 * The schema file's text as Java's `SchemaSerializer` writes it through `JsonSerdeUtil.toJson`: `version`, `id`,
 * `fields`, `highestFieldId`, `partitionKeys`, `primaryKeys`, `options`, `comment` (only when set), `timeMillis`.
 * Options come out in Java `HashMap` order (Paimon keeps them in a HashMap), not in the order given.
 * (pypaimon writes `"key": value` with Python's json module and `"comment": null`; both read either form.)
 */
export function encodeSchema(schema: TableSchema): string {
  const options: { [key: string]: JsonValue } = Object.fromEntries(
    javaHashMapOrder(Object.keys(schema.options)).map((key) => [key, schema.options[key]!]),
  );
  const out: { [key: string]: JsonValue } = {
    version: schema.version,
    id: schema.id,
    fields: schema.fields.map((f) => fieldToJson(f) as unknown as JsonValue),
    highestFieldId: schema.highestFieldId,
    partitionKeys: [...schema.partitionKeys],
    primaryKeys: [...schema.primaryKeys],
    options,
  };
  if (schema.comment !== null) out['comment'] = schema.comment;
  out['timeMillis'] = schema.timeMillis;
  return stringifyJackson(out);
}

/**
 * Decodes a schema file as `SchemaSerializer.deserialize` does: a missing `version` means 1; version-1 files get
 * `bucket` = 1 and version <= 2 files `file.format` = orc when absent (the defaults of those Paimon versions);
 * a missing `timeMillis` is 0. A JSON null `comment` (pypaimon) reads as no comment (Java would read the text
 * "null"). Unknown keys are ignored.
 *
 * Beyond what Java checks on decode, the result must be a schema reads can rely on (reads map data files
 * onto the schema by field id), so a corrupt file fails here with a `CorruptFileError` instead of shifting
 * or nulling columns later: field ids are unique non-negative Java ints across every nesting level (Paimon's
 * `RowType.collectFieldIds` calls a duplicate a "Broken schema"), `highestFieldId` is at least every id,
 * field names are non-blank and unique per level (`RowType.validateFields`), and the key lists name columns.
 * `expectedId` is the id in the file's name (`schema-<id>`), which the content must repeat.
 */
export function decodeSchema(text: string, path: string, expectedId?: number): TableSchema {
  try {
    const o = asObject(parseJson(text), 'schema');
    const strings = (key: string) => {
      const v = o[key];
      if (!Array.isArray(v)) throw new Error(`${key} must be an array`);
      return v.map((x, i) => asString(x, `${key}[${i}]`));
    };
    const fieldsJson = o['fields'];
    if (!Array.isArray(fieldsJson)) throw new Error('fields must be an array');
    const version =
      o['version'] === undefined ? PAIMON_07_VERSION : asIntegerIn(o['version'], 'version', 1, JAVA_INT_MAX);
    const id = asIntegerIn(o['id'], 'id', 0, Number.MAX_SAFE_INTEGER);
    if (expectedId !== undefined && id !== expectedId)
      throw new Error(`id ${id} does not match the file name (schema-${expectedId})`);
    const options: Record<string, string> = Object.fromEntries(
      Object.entries(asObject(o['options'], 'options')).map(([k, v]) => [k, optionText(v, k)]),
    );
    if (version <= PAIMON_07_VERSION && !Object.hasOwn(options, 'bucket')) options['bucket'] = '1';
    if (version <= PAIMON_08_VERSION && !Object.hasOwn(options, 'file.format'))
      options['file.format'] = 'orc';
    const fields = fieldsJson.map((f) => fieldFromJson(f));
    const highestFieldId = asIntegerIn(o['highestFieldId'], 'highestFieldId', -1, JAVA_INT_MAX);
    checkFieldIds(fields, highestFieldId);
    const partitionKeys = strings('partitionKeys');
    const primaryKeys = strings('primaryKeys');
    checkKeys(fields, partitionKeys, primaryKeys);
    return {
      version,
      id,
      fields,
      highestFieldId,
      partitionKeys,
      primaryKeys,
      options,
      comment: o['comment'] === undefined || o['comment'] === null ? null : asString(o['comment'], 'comment'),
      timeMillis:
        o['timeMillis'] === undefined
          ? 0
          : asIntegerIn(o['timeMillis'], 'timeMillis', 0, Number.MAX_SAFE_INTEGER),
    };
  } catch (e) {
    throw new CorruptFileError(path, 'a table schema', (e as Error).message, { cause: e });
  }
}

/** Ids unique non-negative ints at every level, none above `highestFieldId`; names non-blank, unique per level. */
function checkFieldIds(fields: readonly DataField[], highestFieldId: number): void {
  const seen = new Set<number>();
  const visitFields = (level: readonly DataField[], where: string) => {
    const names = new Set<string>();
    for (const f of level) {
      if (!Number.isInteger(f.id) || f.id < 0 || f.id > JAVA_INT_MAX)
        throw new Error(`field '${f.name}'${where} has id ${f.id}, expected an int in [0, ${JAVA_INT_MAX}]`);
      if (seen.has(f.id)) throw new Error(`Broken schema, field id ${f.id} is duplicated.`);
      seen.add(f.id);
      if (f.id > highestFieldId)
        throw new Error(`field '${f.name}'${where} has id ${f.id}, above highestFieldId ${highestFieldId}`);
      if (f.name.trim().length === 0)
        throw new Error('Field names must contain at least one non-whitespace character.');
      if (names.has(f.name)) throw new Error(`Field names must be unique. Found duplicates: [${f.name}]`);
      names.add(f.name);
      visitType(f.type, ` in '${f.name}'`);
    }
  };
  const visitType = (type: DataType, where: string): void => {
    if (type.root === 'ROW') visitFields(type.fields, where);
    else if (type.root === 'ARRAY' || type.root === 'MULTISET') visitType(type.element, where);
    else if (type.root === 'MAP') {
      visitType(type.key, where);
      visitType(type.value, where);
    }
  };
  visitFields(fields, '');
}

/** Partition and primary keys name distinct top-level columns; a primary key is more than the partition. */
function checkKeys(fields: readonly DataField[], partitionKeys: string[], primaryKeys: string[]): void {
  const names = new Set(fields.map((f) => f.name));
  for (const [what, keys] of [
    ['partitionKeys', partitionKeys],
    ['primaryKeys', primaryKeys],
  ] as const) {
    const missing = keys.filter((k) => !names.has(k));
    if (missing.length > 0)
      throw new Error(`${what} ${JSON.stringify(missing)} are not columns of the schema`);
    if (new Set(keys).size !== keys.length) throw new Error(`${what} ${JSON.stringify(keys)} has duplicates`);
  }
  // `TableSchema.trimmedPrimaryKeys`, checked by TableSchema's constructor when Java decodes a schema.
  if (primaryKeys.length > 0 && primaryKeys.every((k) => partitionKeys.includes(k)))
    throw new Error(
      `Primary key constraint ${listText(primaryKeys)} should not be same with partition fields ${listText(partitionKeys)}, this will result in only one record in a partition`,
    );
}

/** Java's `List.toString()`: `[a, b]`. */
function listText(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** An option value as Java's `JsonNode.asText()` gives it: strings as is, numbers and booleans as text. */
function optionText(value: JsonValue, key: string): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return asString(value, `options.${key}`);
}
