import { InvalidOptionError } from '../errors.js';
import { avroDataFormat } from './avro-data-format.js';
import type { FileFormat } from './file-format.js';
import { parquetFormat } from './parquet-format.js';

/**
 * The data-file formats by `file.format` name. Apart from the FileFormat interface (file-format.ts) because
 * the formats import the interface and the registry imports the formats: one file doing both is a cycle.
 */
export const FILE_FORMATS = ['parquet', 'avro'] as const;

/** The format of a `file.format` value (case-insensitive), or InvalidOptionError. */
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
