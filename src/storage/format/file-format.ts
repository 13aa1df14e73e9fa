import type { Random } from '../../common/random.js';
import { InvalidOptionError } from '../errors.js';
import type { RowType } from '../spec/data-types.js';
import type { Row } from '../spec/values.js';
import { avroDataFormat } from './avro-data-format.js';
import { parquetFormat } from './parquet-format.js';

export interface WriteFormatOptions {
  /** `file.compression`: zstd (default), snappy, gzip, lz4, none. */
  readonly compression: string;
  readonly random: Random;
}

/** A data-file format (`file.format`): rows of one schema to the bytes of one file and back. */
export interface FileFormat {
  readonly identifier: 'parquet' | 'avro';
  /** Encodes rows (already normalized to the value model) as one data file. */
  write(rowType: RowType, rows: readonly Row[], options: WriteFormatOptions): Uint8Array;
  /** Decodes a data file; `projection` names the fields to return (default: all). Errors name `path`. */
  read(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): Row[];
}

export function getFileFormat(identifier: string): FileFormat {
  switch (identifier.toLowerCase()) {
    case 'parquet':
      return parquetFormat;
    case 'avro':
      return avroDataFormat;
    default:
      throw new InvalidOptionError('file.format', identifier, 'parquet or avro');
  }
}
