import { CorruptFileError } from '../errors.js';
import type { DataField } from './data-types.js';
import { fieldFromJson, fieldToJson } from './data-types.js';
import { javaHashMapOrder } from './java-hash-map.js';
import { asObject, asSafeInteger, asString, type JsonValue, parseJson, stringifyJackson } from './json.js';

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
 */
export function decodeSchema(text: string, path: string): TableSchema {
  try {
    const o = asObject(parseJson(text), 'schema');
    const strings = (key: string) => {
      const v = o[key];
      if (!Array.isArray(v)) throw new Error(`${key} must be an array`);
      return v.map((x, i) => asString(x, `${key}[${i}]`));
    };
    const fields = o['fields'];
    if (!Array.isArray(fields)) throw new Error('fields must be an array');
    const version = o['version'] === undefined ? PAIMON_07_VERSION : asSafeInteger(o['version'], 'version');
    const options: Record<string, string> = Object.fromEntries(
      Object.entries(asObject(o['options'], 'options')).map(([k, v]) => [k, optionText(v, k)]),
    );
    if (version <= PAIMON_07_VERSION && !Object.hasOwn(options, 'bucket')) options['bucket'] = '1';
    if (version <= PAIMON_08_VERSION && !Object.hasOwn(options, 'file.format'))
      options['file.format'] = 'orc';
    return {
      version,
      id: asSafeInteger(o['id'], 'id'),
      fields: fields.map((f) => fieldFromJson(f)),
      highestFieldId: asSafeInteger(o['highestFieldId'], 'highestFieldId'),
      partitionKeys: strings('partitionKeys'),
      primaryKeys: strings('primaryKeys'),
      options,
      comment: o['comment'] === undefined || o['comment'] === null ? null : asString(o['comment'], 'comment'),
      timeMillis: o['timeMillis'] === undefined ? 0 : asSafeInteger(o['timeMillis'], 'timeMillis'),
    };
  } catch (e) {
    throw new CorruptFileError(path, 'a table schema', (e as Error).message, { cause: e });
  }
}

/** An option value as Java's `JsonNode.asText()` gives it: strings as is, numbers and booleans as text. */
function optionText(value: JsonValue, key: string): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return asString(value, `options.${key}`);
}
