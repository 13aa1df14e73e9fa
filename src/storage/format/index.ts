/** Data-file formats (`file.format`) and their Arrow conversion. */

export { ArrowConversionError, UnsupportedTypeError } from '../errors.js';
export { arrowToRows, findField, rowsToArrow } from './arrow-rows.js';
export {
  arrayElementFieldId,
  FIELD_ID_KEY,
  mapKeyFieldId,
  mapValueFieldId,
  toArrowField,
  toArrowSchema,
  toArrowType,
} from './arrow-schema.js';
export { avroDataFormat, avroDataSchema } from './avro-data-format.js';
export type { FileFormat, WriteFormatOptions } from './file-format.js';
export {
  PARQUET_COMPRESSIONS,
  parquetFormat,
  projectedType,
  readParquetAsArrow,
  readParquetColumns,
  readParquetSchema,
  writeArrowAsParquet,
} from './parquet-format.js';
export { FILE_FORMATS, getFileFormat } from './registry.js';
