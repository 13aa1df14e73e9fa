import { randomBytes } from 'node:crypto';

/**
 * Randomness as the core sees it (file-name UUIDs, commit users, sync markers, scheduling choices).
 * Injected, so that one seed drives a whole simulated run.
 */
export interface Random {
  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number;
}

/** A float in [0, 1). */
export function nextFloat(random: Random): number {
  return random.nextUint32() / 0x1_0000_0000;
}

/** An integer in [0, maxExclusive). */
export function nextInt(random: Random, maxExclusive: number): number {
  if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
    throw new RangeError(`nextInt: maxExclusive must be a positive integer, got ${maxExclusive}`);
  }
  return Math.floor(nextFloat(random) * maxExclusive);
}

/** n random bytes. */
export function nextBytes(random: Random, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    let word = random.nextUint32();
    for (let j = i; j < Math.min(n, i + 4); j++) {
      out[j] = word & 0xff;
      word >>>= 8;
    }
  }
  return out;
}

/** A version-4 UUID string drawn from `random` (as java.util.UUID.randomUUID formats it). */
export function nextUuid(random: Random): string {
  const b = nextBytes(random, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * xoshiro128** seeded through splitmix32: fast, small state, good statistical quality.
 * The same seed always yields the same sequence.
 */
export class SeededRandom implements Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | string) {
    let x = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** An independent stream derived from this one, e.g. one per subsystem so they do not perturb each other. */
  fork(label: string): SeededRandom {
    return new SeededRandom((this.nextUint32() ^ hashString(label)) >>> 0);
  }
}

/** Cryptographic randomness, for library users outside the simulator. */
export class SystemRandom implements Random {
  private pool = new Uint32Array(0);
  private index = 0;

  nextUint32(): number {
    if (this.index >= this.pool.length) {
      const bytes = randomBytes(1024);
      this.pool = new Uint32Array(bytes.buffer, bytes.byteOffset, 256);
      this.index = 0;
    }
    return this.pool[this.index++]!;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** FNV-1a, to turn a textual seed into 32 bits. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
