import { compressUsingDict, createCCtx, createDCtx, decompressUsingDict, init } from '@bokuweb/zstd-wasm';
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

/** Below this many bytes fzstd (pure JS) is as fast as a call into the wasm decoder. */
const WASM_DECOMPRESS_MIN_BYTES = 16 * 1024;
let dctx: number | undefined;

/**
 * One zstd frame whose decompressed size the caller knows (a Parquet page header states it): the reference
 * decoder compiled to wasm, about twice as fast as fzstd on bulk pages, for frames of at least 16 KiB; fzstd
 * otherwise. The frame header's content size, when present, must be `size` (the wasm wrapper would otherwise
 * allocate whatever a damaged header says); a mismatch throws, as a short or long result does.
 */
export function zstdDecompressSized(data: Uint8Array, size: number): Uint8Array {
  if (size < WASM_DECOMPRESS_MIN_BYTES) return decompress(data);
  const declared = frameContentSize(data);
  if (declared === 'invalid' || (declared !== undefined && declared !== size))
    throw new RangeError(`zstd frame header does not declare ${size} bytes`);
  dctx ??= createDCtx();
  return decompressUsingDict(dctx, data, NO_DICTIONARY, { defaultHeapSize: size });
}

/** `Frame_Content_Size` of a zstd frame (RFC 8878 3.1.1.1), undefined when absent, 'invalid' for a bad header. */
function frameContentSize(data: Uint8Array): number | undefined | 'invalid' {
  if (data.length < 6 || data[0] !== 0x28 || data[1] !== 0xb5 || data[2] !== 0x2f || data[3] !== 0xfd)
    return 'invalid';
  const descriptor = data[4]!;
  const singleSegment = (descriptor >> 5) & 1;
  const fcsFlag = descriptor >> 6;
  const didBytes = [0, 1, 2, 4][descriptor & 3]!;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  const at = 5 + (singleSegment ? 0 : 1) + didBytes;
  if (fcsBytes === 0) return undefined;
  if (data.length < at + fcsBytes) return 'invalid';
  let value = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) value = value * 256 + data[at + i]!;
  return fcsBytes === 2 ? value + 256 : value;
}
