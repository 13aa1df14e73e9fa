import { describe, expect, it } from 'vitest';
import { bucketOf, hashBytesByWords } from '../../../src/storage/table/murmur-hash.js';

/** BinaryRow bytes (no arity prefix) of a one-field row: 8-byte header, then the 8-byte slot. */
function oneFieldRow(fill: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(16);
  fill(new DataView(bytes.buffer, 8));
  return bytes;
}

describe('MurmurHash of BinaryRow bytes (BinaryRow.hashCode)', () => {
  // Vectors computed with pypaimon's `_hash_bytes_by_words` (pypaimon/write/row_key_extractor.py).
  it.each([
    [0n, -300363099],
    [1n, 1465514398],
    [42n, 907821237],
    [-7n, 1145478327],
    [123456789n, -1751827701],
  ])('BIGINT %s hashes to %i', (value, expected) => {
    expect(hashBytesByWords(oneFieldRow((v) => v.setBigInt64(0, value, true)))).toBe(expected);
  });

  it('hashes INT and inline STRING slots like Paimon', () => {
    expect(hashBytesByWords(oneFieldRow((v) => v.setInt32(0, 3, true)))).toBe(-771300025);
    const abc = oneFieldRow((v) => {
      for (const [i, c] of [0x61, 0x62, 0x63].entries()) v.setUint8(i, c);
      v.setUint8(7, 0x80 | 3);
    });
    expect(hashBytesByWords(abc)).toBe(-101922419);
  });

  it('takes the bucket as Java Math.abs(hash % n)', () => {
    expect(bucketOf(-300363099, 4)).toBe(3);
    expect(bucketOf(1465514398, 4)).toBe(2);
    expect(bucketOf(-7, 3)).toBe(1);
  });
});
