import * as arrow from 'apache-arrow';
import { PaimonSimError } from '../errors.js';
import type { DataField, DataType, RowType } from '../spec/data-types.js';

/**
 * Paimon types as Arrow types, the way Paimon's Parquet writer and pypaimon lay them out
 * (`ParquetSchemaConverter`, `pypaimon/schema/data_types.py` PyarrowFieldParser): TIMESTAMP(p) without zone
 * and TIMESTAMP_LTZ(p) in UTC, with unit milli (p <= 3), micro (p <= 6) or nano; DECIMAL as decimal128;
 * CHAR/VARCHAR as utf8; BINARY/VARBINARY as binary; TIME as time32[ms]. Field ids travel as
 * `PARQUET:field_id` metadata, which the Parquet writer turns into Parquet field ids.
 */
export class UnsupportedTypeError extends PaimonSimError {}

export function toArrowSchema(rowType: RowType): arrow.Schema {
  return new arrow.Schema(rowType.fields.map(toArrowField));
}

export function toArrowField(field: DataField): arrow.Field {
  return new arrow.Field(
    field.name,
    toArrowType(field.type),
    field.type.nullable,
    new Map([['PARQUET:field_id', String(field.id)]]),
  );
}

export function toArrowType(type: DataType): arrow.DataType {
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
    case 'ARRAY':
      return new arrow.List(new arrow.Field('element', toArrowType(type.element), type.element.nullable));
    case 'MULTISET':
    case 'MAP': {
      const key = type.root === 'MAP' ? type.key : type.element;
      const value: DataType = type.root === 'MAP' ? type.value : { root: 'INT', nullable: false };
      const entries = new arrow.Struct([
        new arrow.Field('key', toArrowType(key), false),
        new arrow.Field('value', toArrowType(value), value.nullable),
      ]);
      return new arrow.Map_(new arrow.Field('entries', entries, false));
    }
    case 'ROW':
      return new arrow.Struct(type.fields.map(toArrowField));
  }
}

export function timeUnitOf(precision: number): arrow.TimeUnit {
  if (precision <= 3) return arrow.TimeUnit.MILLISECOND;
  if (precision <= 6) return arrow.TimeUnit.MICROSECOND;
  return arrow.TimeUnit.NANOSECOND;
}
