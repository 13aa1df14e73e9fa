import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { compress as zstdCompress, init as zstdInit } from '@bokuweb/zstd-wasm';
import { decompress as zstdDecompress } from 'fzstd';
import snappy from 'snappyjs';
import { PaimonSimError } from '../../errors.js';

/**
 * Block compression as Avro object containers use it (codec names of the Avro spec). Paimon writes
 * manifests with `manifest.compression` (zstd by default; older tables: snappy).
 */
export interface CompressionCodec {
  readonly name: string;
  compress(data: Uint8Array): Uint8Array;
  decompress(data: Uint8Array): Uint8Array;
}

export class CompressionError extends PaimonSimError {}

// The zstd encoder is WebAssembly; it is instantiated once when this module loads.
await zstdInit();

const nullCodec: CompressionCodec = { name: 'null', compress: (d) => d, decompress: (d) => d };

const deflateCodec: CompressionCodec = {
  name: 'deflate',
  compress: (d) => new Uint8Array(deflateRawSync(d)),
  decompress: (d) => new Uint8Array(inflateRawSync(d)),
};

/** Avro's snappy block: the snappy-compressed bytes followed by the big-endian CRC32 of the uncompressed data. */
const snappyCodec: CompressionCodec = {
  name: 'snappy',
  compress(d) {
    const body = new Uint8Array(snappy.compress(d));
    const out = new Uint8Array(body.length + 4);
    out.set(body);
    new DataView(out.buffer).setUint32(body.length, crc32(d) >>> 0, false);
    return out;
  },
  decompress(d) {
    if (d.length < 4) throw new CompressionError('snappy block shorter than its 4-byte checksum');
    const body = new Uint8Array(snappy.uncompress(d.subarray(0, d.length - 4)));
    const expected = new DataView(d.buffer, d.byteOffset + d.length - 4, 4).getUint32(0, false);
    if (crc32(body) >>> 0 !== expected) throw new CompressionError('snappy block checksum mismatch');
    return body;
  },
};

/**
 * zstd: compression through the reference library compiled to WebAssembly (@bokuweb/zstd-wasm); decompression
 * through fzstd, which also reads the streaming frames (no content size) that Java's zstd-jni writes.
 */
/** Avro's Java `CodecFactory.DEFAULT_ZSTANDARD_LEVEL`, used for Paimon manifests. */
const ZSTD_LEVEL = 3;
const zstdCodec: CompressionCodec = {
  name: 'zstandard',
  compress: (d) => zstdCompress(d, ZSTD_LEVEL),
  decompress: (d) => zstdDecompress(d),
};

const CODECS: Record<string, CompressionCodec> = {
  null: nullCodec,
  none: nullCodec,
  deflate: deflateCodec,
  snappy: snappyCodec,
  zstd: zstdCodec,
  zstandard: zstdCodec,
};

/** A codec by Paimon option value (`zstd`, `snappy`, `deflate`, `null`/`none`) or Avro codec name (`zstandard`). */
export function getCompressionCodec(name: string): CompressionCodec {
  const codec = CODECS[name.toLowerCase()];
  if (!codec)
    throw new CompressionError(`Unsupported Avro codec '${name}': expected null, deflate, snappy or zstd`);
  return codec;
}
