import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type CompressionCodec, decodeOrThrow } from './codec.js';

/**
 * Avro's `deflate` codec: raw deflate (RFC 1951, no zlib header or checksum), as Java's `DeflateCodec` writes
 * with `new Deflater(level, true)`; Avro's default level -1 is zlib's default (6), as node:zlib's.
 */
export const deflateCodec: CompressionCodec = {
  name: 'deflate',
  compress: (data) => new Uint8Array(deflateRawSync(data)),
  decompress: (data) => decodeOrThrow('deflate', () => new Uint8Array(inflateRawSync(data))),
};
