import type { CompressionCodec } from './codec.js';

/** Avro's `null` codec: blocks stored as they are. */
export const nullCodec: CompressionCodec = {
  name: 'null',
  compress: (data) => data,
  decompress: (data) => data,
};
