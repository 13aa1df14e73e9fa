import { CorruptFileError } from '../errors.js';
import type { DataField } from './data-types.js';
import { fieldFromJson, fieldToJson } from './data-types.js';
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

/** The schema file's text as Paimon writes it: `comment` only when set. */
export function encodeSchema(schema: TableSchema): string {
  const out: { [key: string]: JsonValue } = {
    version: schema.version,
    id: schema.id,
    fields: schema.fields.map((f) => fieldToJson(f) as unknown as JsonValue),
    highestFieldId: schema.highestFieldId,
    partitionKeys: [...schema.partitionKeys],
    primaryKeys: [...schema.primaryKeys],
    options: { ...schema.options },
  };
  if (schema.comment !== null) out['comment'] = schema.comment;
  out['timeMillis'] = schema.timeMillis;
  return stringifyJackson(out);
}

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
    const options = asObject(o['options'] ?? {}, 'options');
    return {
      // Files before version 2 lack the key; Paimon treats them as version 1.
      version: o['version'] === undefined ? 1 : asSafeInteger(o['version'], 'version'),
      id: asSafeInteger(o['id'], 'id'),
      fields: fields.map((f) => fieldFromJson(f)),
      highestFieldId: asSafeInteger(o['highestFieldId'], 'highestFieldId'),
      partitionKeys: strings('partitionKeys'),
      primaryKeys: strings('primaryKeys'),
      options: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, asString(v, `options.${k}`)])),
      comment: o['comment'] === undefined || o['comment'] === null ? null : asString(o['comment'], 'comment'),
      timeMillis: o['timeMillis'] === undefined ? 0 : asSafeInteger(o['timeMillis'], 'timeMillis'),
    };
  } catch (e) {
    throw new CorruptFileError(path, 'a table schema', (e as Error).message, { cause: e });
  }
}
