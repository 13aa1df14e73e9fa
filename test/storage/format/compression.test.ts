import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { compress as oneShotCompress } from '@bokuweb/zstd-wasm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompressionError,
  DEFAULT_ZSTD_LEVEL,
  getCompressionCodec,
  zstdCodec,
} from '../../../src/storage/format/compression/index.js';
import { zstdDecompressSized } from '../../../src/storage/format/compression/zstd-codec.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const NAMES = ['null', 'deflate', 'snappy', 'zstd'] as const;

describe('compression codecs', () => {
  it.each(NAMES)('property: %s round-trips any bytes, deterministically', (name) => {
    const codec = getCompressionCodec(name);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 5000 }),
          fc.string().map((s) => new TextEncoder().encode(s.repeat(50))),
        ),
        (data) => {
          const packed = codec.compress(data);
          expect(codec.compress(data)).toEqual(packed);
          expect(codec.decompress(packed)).toEqual(data);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('name codecs as Avro does and accept Paimon option values in any case', () => {
    expect(NAMES.map((n) => getCompressionCodec(n).name)).toEqual(['null', 'deflate', 'snappy', 'zstandard']);
    expect(getCompressionCodec('ZSTANDARD')).toBe(getCompressionCodec('zstd'));
    expect(getCompressionCodec('none')).toBe(getCompressionCodec('null'));
    expect(() => getCompressionCodec('lz4')).toThrow(CompressionError);
    expect(() => getCompressionCodec('lz4')).toThrow(/'lz4'/);
  });

  it('deflate is raw deflate (no zlib header), as Java Deflater(level, nowrap = true)', () => {
    const data = new TextEncoder().encode('abc'.repeat(100));
    expect(getCompressionCodec('deflate').compress(data)).toEqual(new Uint8Array(deflateRawSync(data)));
    expect(() => getCompressionCodec('deflate').decompress(Uint8Array.of(0xff, 0xff, 0xff))).toThrow(
      CompressionError,
    );
  });

  it('snappy blocks end with the big-endian CRC32 of the data, checked on read', () => {
    const codec = getCompressionCodec('snappy');
    const data = new TextEncoder().encode('paimon '.repeat(40));
    const packed = codec.compress(data);
    expect(new DataView(packed.buffer, packed.byteOffset).getUint32(packed.length - 4, false)).toBe(
      crc32(data) >>> 0,
    );
    const bad = packed.slice();
    bad[bad.length - 1]! ^= 1;
    expect(() => codec.decompress(bad)).toThrow(/checksum mismatch/);
    expect(() => codec.decompress(Uint8Array.of(1, 2))).toThrow(/shorter than its 4-byte checksum/);
    expect(() => codec.decompress(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0))).toThrow(
      CompressionError,
    );
  });

  it('zstd frames from the reused context are byte for byte those of one-shot ZSTD_compress', () => {
    const sample = new TextEncoder().encode('manifest '.repeat(500));
    const inputs = [new Uint8Array(0), sample, Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251)];
    for (const level of [1, 3, 9])
      for (const input of inputs) {
        // interleaved levels and sizes: a reused context must not carry anything from the call before
        expect(zstdCodec(level).compress(input)).toEqual(oneShotCompress(input, level));
      }
  });

  it('zstd frames of a known size (Parquet pages) decode alike through wasm and fzstd, and a wrong size throws', () => {
    const streamed = new Uint8Array(readFileSync(join(FIXTURES, 'streaming-2000000.zst')));
    const expected = getCompressionCodec('zstd').decompress(streamed);
    expect(zstdDecompressSized(streamed, 2_000_000)).toEqual(expected); // no content size in the header
    expect(() => zstdDecompressSized(streamed, 1_999_999)).toThrow();
    for (const size of [0, 100, 16 * 1024, 300_000]) {
      const input = Uint8Array.from({ length: size }, (_, i) => (i * 7919) % 253);
      const frame = zstdCodec(1).compress(input); // one-shot frames carry their content size
      expect(zstdDecompressSized(frame, size)).toEqual(input);
      if (size >= 16 * 1024) expect(() => zstdDecompressSized(frame, size + 1)).toThrow(RangeError);
    }
    const damaged = zstdCodec(1).compress(new Uint8Array(40_000));
    damaged[0] = 0;
    expect(() => zstdDecompressSized(damaged, 40_000)).toThrow(RangeError);
  });

  it("zstd compresses at Paimon's manifest level 1 and reads frames without a content size (zstd-jni streams)", () => {
    expect(DEFAULT_ZSTD_LEVEL).toBe(1);
    const streamed = readFileSync(join(FIXTURES, 'streaming-2000000.zst'));
    expect(streamed[4]! & 0xc0).toBe(0); // frame header: no content size field
    const data = getCompressionCodec('zstd').decompress(streamed);
    expect(data.length).toBe(2_000_000);
    expect(new TextDecoder().decode(data.subarray(0, 33))).toBe('paimon manifest block 0123456789\n');
    const sample = new TextEncoder().encode('manifest '.repeat(5000));
    expect(zstdCodec(19).compress(sample).length).toBeLessThanOrEqual(zstdCodec(1).compress(sample).length);
    expect(getCompressionCodec('zstd').compress(sample)).toEqual(zstdCodec(1).compress(sample));
    expect(() => zstdCodec(99)).toThrow(RangeError);
    expect(() => getCompressionCodec('zstd').decompress(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0, 1))).toThrow(
      CompressionError,
    );
  });
});
