import type { DataField } from './data-types.js';

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
