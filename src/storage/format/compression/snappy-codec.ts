import { crc32 } from 'node:zlib';
import snappy from 'snappyjs';
import { CompressionError } from '../../errors.js';
import { type CompressionCodec, decodeOrThrow } from './codec.js';

/**
 * Avro's `snappy` codec (`SnappyCodec`): the raw snappy block of the data followed by the CRC32 of the
 * uncompressed data, 4 bytes big-endian. The checksum is verified on read.
 */
export const snappyCodec: CompressionCodec = {
  name: 'snappy',
  compress(data) {
    const body = new Uint8Array(snappy.compress(data));
    const out = new Uint8Array(body.length + 4);
    out.set(body);
    new DataView(out.buffer).setUint32(body.length, crc32(data) >>> 0, false);
    return out;
  },
  decompress(data) {
    if (data.length < 4) throw new CompressionError('snappy block shorter than its 4-byte checksum');
    const body = decodeOrThrow(
      'snappy',
      () => new Uint8Array(snappy.uncompress(data.subarray(0, data.length - 4))),
    );
    const expected = new DataView(data.buffer, data.byteOffset + data.length - 4, 4).getUint32(0, false);
    const actual = crc32(body) >>> 0;
    if (actual !== expected) {
      throw new CompressionError(
        `snappy block checksum mismatch: CRC32 of the data is ${hex(actual)}, the block says ${hex(expected)}`,
      );
    }
    return body;
  },
};

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
