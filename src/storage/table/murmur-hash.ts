/**
 * MurmurHash3 (32-bit) over 4-byte little-endian words with seed 42, as Paimon hashes a BinaryRow
 * (`MurmurHashUtils.hashBytesByWords`, `BinaryRow.hashCode`). Bucket assignment depends on it, so it must
 * match Java and pypaimon bit for bit.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const DEFAULT_SEED = 42;

export function hashBytesByWords(bytes: Uint8Array, seed = DEFAULT_SEED): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const aligned = bytes.length - (bytes.length % 4);
  let h1 = seed | 0;
  for (let i = 0; i < aligned; i += 4) {
    let k1 = Math.imul(view.getInt32(i, true), C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  return fmix(h1 ^ bytes.length);
}

function fmix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

/** `KeyAndBucketExtractor.bucket`: Java's `Math.abs(hashcode % numBuckets)` (remainder keeps the sign). */
export function bucketOf(hashCode: number, numBuckets: number): number {
  return Math.abs((hashCode | 0) % numBuckets);
}
