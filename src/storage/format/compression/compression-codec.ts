import { CompressionError } from '../../errors.js';
import type { CompressionCodec } from './codec.js';
import { deflateCodec } from './deflate-codec.js';
import { nullCodec } from './null-codec.js';
import { snappyCodec } from './snappy-codec.js';
import { zstdCodec } from './zstd-codec.js';

export { CompressionError } from '../../errors.js';
export type { CompressionCodec } from './codec.js';
export { deflateCodec } from './deflate-codec.js';
export { nullCodec } from './null-codec.js';
export { snappyCodec } from './snappy-codec.js';
export { DEFAULT_ZSTD_LEVEL, zstdCodec } from './zstd-codec.js';

const zstd = zstdCodec();

const CODECS: Readonly<Record<string, CompressionCodec>> = {
  null: nullCodec,
  none: nullCodec,
  deflate: deflateCodec,
  snappy: snappyCodec,
  zstd,
  zstandard: zstd,
};

/**
 * A codec by Paimon option value (`zstd`, `snappy`, `deflate`, `null`/`none`, any case) or Avro codec name
 * (`zstandard`). zstd compresses at Paimon's default manifest level 1; use `zstdCodec(level)` for another.
 */
export function getCompressionCodec(name: string): CompressionCodec {
  const codec = CODECS[name.toLowerCase()];
  if (!codec) {
    throw new CompressionError(
      `Unsupported compression codec '${name}': expected null, deflate, snappy or zstd`,
    );
  }
  return codec;
}
