import * as arrow from 'apache-arrow';
import { UnsupportedTypeError } from '../errors.js';
import type { DataField, DataType, RowType } from '../spec/data-types.js';

/**
 * Paimon types as Arrow types, laid out so that the Parquet file written from them matches Paimon's own
 * Parquet schema (`paimon-format/.../parquet/ParquetSchemaConverter.java`) and pypaimon's Arrow mapping
 * (`paimon-python/pypaimon/schema/data_types.py`, `PyarrowFieldParser.from_paimon_type`):
 *
 * | Paimon                  | Arrow                         | Parquet (as Paimon Java writes it)            |
 * | ----------------------- | ----------------------------- | --------------------------------------------- |
 * | TINYINT / SMALLINT      | int8 / int16                  | INT32 INT(8/16, signed)                       |
 * | DECIMAL(p, s)           | decimal128(p, s)              | INT32 (p <= 9), INT64 (p <= 18), FIXED(n)     |
 * | CHAR / VARCHAR          | utf8                          | BINARY STRING                                 |
 * | BINARY / VARBINARY      | binary (not fixed-size)       | BINARY                                        |
 * | DATE                    | date32[day]                   | INT32 DATE                                    |
 * | TIME(p), any p          | time32[ms]                    | INT32 TIME(MILLIS)                            |
 * | TIMESTAMP(p <= 6)       | timestamp[ms/us]              | INT64 TIMESTAMP(isAdjustedToUTC=false, unit)  |
 * | TIMESTAMP_LTZ(p <= 6)   | timestamp[ms/us, UTC]         | INT64 TIMESTAMP(isAdjustedToUTC=true, unit)   |
 * | TIMESTAMP(_LTZ)(p > 6)  | timestamp[ns(, UTC)]          | INT96 (no logical type)                       |
 * | ARRAY<T>                | list<element: T>              | 3-level LIST, element                         |
 * | MAP<K, V>, MULTISET<T>  | map<key_value: key, value>    | MAP, repeated group key_value                 |
 * | ROW                     | struct                        | group                                         |
 *
 * The timestamp unit is milli for p <= 3, micro for p <= 6, nano above. Above 6 Paimon Java writes INT96
 * (`ParquetSchemaConverter.createTimestampWithLogicalType`), and so does parquet-format.ts (see
 * parquet-int96.ts): Paimon 1.3 reads any INT64 timestamp column as epoch millis whatever its unit
 * (`ParquetVectorUpdaterFactory` → `LongTimestampUpdater`), so INT64 NANOS would be misread silently. Reading
 * here takes both INT96 and INT64 NANOS (older files of this project). Field ids travel as
 * `PARQUET:field_id` metadata, which the Parquet writer turns into Parquet field ids; list elements and map
 * keys/values get the ids of `SpecialFields.getArrayElementFieldId`/`getMapKeyFieldId`/`getMapValueFieldId`.
 */

/** Arrow field metadata key that the Parquet writer/reader maps to the Parquet schema's field_id. */
export const FIELD_ID_KEY = 'PARQUET:field_id';

/** Names Paimon gives the parts of nested Parquet types (`ParquetSchemaConverter`). */
export const LIST_ELEMENT_NAME = 'element';
export const MAP_REPEATED_NAME = 'key_value';

export function toArrowSchema(rowType: RowType): arrow.Schema {
  return new arrow.Schema(rowType.fields.map(toArrowField));
}

export function toArrowField(field: DataField): arrow.Field {
  return arrowField(field.name, field.type, field.id, 0);
}

/** The Arrow type of a Paimon type (nested ids as for a top-level field with id 0; use toArrowField). */
export function toArrowType(type: DataType): arrow.DataType {
  return arrowType(type, 0, 0);
}

function arrowField(name: string, type: DataType, id: number, depth: number): arrow.Field {
  return new arrow.Field(name, arrowType(type, id, depth), type.nullable, fieldIdMetadata(id));
}

function fieldIdMetadata(id: number): Map<string, string> {
  return new Map([[FIELD_ID_KEY, String(id)]]);
}

function arrowType(type: DataType, id: number, depth: number): arrow.DataType {
  switch (type.root) {
    case 'BOOLEAN':
      return new arrow.Bool();
    case 'TINYINT':
      return new arrow.Int8();
    case 'SMALLINT':
      return new arrow.Int16();
    case 'INT':
      return new arrow.Int32();
    case 'BIGINT':
      return new arrow.Int64();
    case 'FLOAT':
      return new arrow.Float32();
    case 'DOUBLE':
      return new arrow.Float64();
    case 'DECIMAL':
      return new arrow.Decimal(type.scale, type.precision, 128);
    case 'CHAR':
    case 'VARCHAR':
      return new arrow.Utf8();
    case 'BINARY':
    case 'VARBINARY':
      return new arrow.Binary();
    case 'DATE':
      return new arrow.DateDay();
    case 'TIME':
      return new arrow.TimeMillisecond();
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return new arrow.Timestamp(timeUnitOf(type.precision), type.root === 'TIMESTAMP_LTZ' ? 'UTC' : null);
    case 'ARRAY': {
      const element = arrowType(type.element, id, depth + 1);
      const elementId = arrayElementFieldId(id, depth + 1);
      return new arrow.List(
        new arrow.Field(LIST_ELEMENT_NAME, element, type.element.nullable, fieldIdMetadata(elementId)),
      );
    }
    case 'MULTISET':
    case 'MAP': {
      const { key, value } = mapParts(type);
      // Parquet map keys are required; Paimon writes a nullable key type as NOT NULL.
      const entries = new arrow.Struct([
        new arrow.Field(
          'key',
          arrowType(key, id, depth + 1),
          false,
          fieldIdMetadata(mapKeyFieldId(id, depth + 1)),
        ),
        new arrow.Field(
          'value',
          arrowType(value, id, depth + 1),
          value.nullable,
          fieldIdMetadata(mapValueFieldId(id, depth + 1)),
        ),
      ]);
      // Arrow JS names the entries field 'entries' whatever it is given; Paimon and pyarrow write 'key_value'.
      const map = new arrow.Map_(new arrow.Field(MAP_REPEATED_NAME, entries, false));
      (map.children as arrow.Field[])[0] = new arrow.Field(MAP_REPEATED_NAME, entries, false);
      return map;
    }
    case 'ROW':
      return new arrow.Struct(type.fields.map(toArrowField));
  }
}

/** Key and value types of a MAP, or of a MULTISET (element → INT NOT NULL count). */
export function mapParts(type: DataType): { key: DataType; value: DataType } {
  if (type.root === 'MAP') return { key: type.key, value: type.value };
  if (type.root === 'MULTISET') return { key: type.element, value: { root: 'INT', nullable: false } };
  throw new UnsupportedTypeError(`${type.root} is not a MAP or MULTISET`);
}

export function timeUnitOf(precision: number): arrow.TimeUnit {
  if (precision <= 3) return arrow.TimeUnit.MILLISECOND;
  if (precision <= 6) return arrow.TimeUnit.MICROSECOND;
  return arrow.TimeUnit.NANOSECOND;
}

// `SpecialFields.java`: ids of the anonymous parts of nested types, computed in Java int arithmetic.
const STRUCTURED_TYPE_FIELD_ID_BASE = 536870911; // Integer.MAX_VALUE / 4
const STRUCTURED_TYPE_FIELD_DEPTH_LIMIT = 1 << 10;

export function arrayElementFieldId(arrayFieldId: number, depth: number): number {
  return (
    (STRUCTURED_TYPE_FIELD_ID_BASE + Math.imul(arrayFieldId, STRUCTURED_TYPE_FIELD_DEPTH_LIMIT) + depth) | 0
  );
}

export function mapKeyFieldId(mapFieldId: number, depth: number): number {
  return (
    (STRUCTURED_TYPE_FIELD_ID_BASE - Math.imul(mapFieldId, STRUCTURED_TYPE_FIELD_DEPTH_LIMIT) - depth) | 0
  );
}

export function mapValueFieldId(mapFieldId: number, depth: number): number {
  return (
    (STRUCTURED_TYPE_FIELD_ID_BASE + Math.imul(mapFieldId, STRUCTURED_TYPE_FIELD_DEPTH_LIMIT) + depth) | 0
  );
}
