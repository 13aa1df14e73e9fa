import { compress, init } from '@bokuweb/zstd-wasm';
import { decompress } from 'fzstd';
import { type CompressionCodec, decodeOrThrow } from './codec.js';

// The zstd encoder is the reference C library compiled to WebAssembly; it is instantiated once, here.
await init();

/**
 * Paimon's manifest zstd level: `file.compression.zstd-level` (default 1) is passed to Avro's
 * `CodecFactory.zstandardCodec(level)` for manifests (`FileFormat.manifestFormat`, `AvroFileFormat`).
 */
export const DEFAULT_ZSTD_LEVEL = 1;

/**
 * Avro's `zstandard` codec: one zstd frame per block. Compression: @bokuweb/zstd-wasm (reference zstd).
 * Decompression: fzstd, which reads any frame, including the streaming frames without a content size that
 * Java's zstd-jni `ZstdOutputStream` writes (zstd-wasm's one-shot decoder caps those at 1 MB).
 * See bench/results/zstd-codecs.md for the choice.
 */
export function zstdCodec(level = DEFAULT_ZSTD_LEVEL): CompressionCodec {
  if (!Number.isInteger(level) || level < -7 || level > 22)
    throw new RangeError(`zstd level ${level} not in -7..22`);
  return {
    name: 'zstandard',
    compress: (data) => compress(data, level),
    decompress: (data) => decodeOrThrow('zstandard', () => decompress(data)),
  };
}
