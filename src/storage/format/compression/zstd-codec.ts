import { compressUsingDict, createCCtx, init } from '@bokuweb/zstd-wasm';
import { decompress } from 'fzstd';
import { type CompressionCodec, decodeOrThrow } from './codec.js';

// The zstd encoder is the reference C library compiled to WebAssembly; it is instantiated once, here.
await init();

/**
 * One compression context for the process, reused by every call: `ZSTD_compress` creates and frees a
 * context (about a megabyte of tables) per call, which for the small blocks of manifests cost more than
 * compressing them. `ZSTD_compressCCtx` is `ZSTD_compress_usingDict` without a dictionary, so the frames
 * are byte for byte those of `ZSTD_compress` (test/storage/format/compression.test.ts compares them).
 */
let cctx: number | undefined;
const NO_DICTIONARY = new Uint8Array(0);
function context(): number {
  cctx ??= createCCtx();
  return cctx;
}

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
    compress: (data) => compressUsingDict(context(), data, NO_DICTIONARY, level),
    decompress: (data) => decodeOrThrow('zstandard', () => decompress(data)),
  };
}
