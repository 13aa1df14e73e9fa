import { InvalidJobError } from '../errors.js';
import { keyText } from './state-codec.js';

/**
 * Key groups (`KeyGroupRangeAssignment`): a key belongs to group `hash(key) % maxParallelism`; subtask i of p owns
 * a contiguous range of groups. Rescaling moves whole groups, so keyed state follows its keys. The hash is
 * MurmurHash3 of the key's canonical text; Flink hashes Java `hashCode()`, so groups differ from a Java job's,
 * which matters only if state were exchanged with real Flink (it is not).
 */
export const UPPER_BOUND_MAX_PARALLELISM = 32768;

/** `KeyGroupRangeAssignment.computeDefaultMaxParallelism`. */
export function defaultMaxParallelism(parallelism: number): number {
  const p = roundUpToPowerOfTwo(parallelism + Math.floor(parallelism / 2));
  return Math.min(Math.max(p, 128), UPPER_BOUND_MAX_PARALLELISM);
}

function roundUpToPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export function keyGroupOf(key: unknown, maxParallelism: number): number {
  if (key === undefined || key === null || (typeof key === 'number' && Number.isNaN(key))) {
    // `KeyGroupRangeAssignment.assignToKeyGroup`: checkNotNull(key, "Assigned key must not be null!").
    throw new InvalidJobError(
      `Assigned key must not be null! keyBy produced ${String(key)}; key selectors must return a value for every record`,
    );
  }
  return murmur(keyText(key)) % maxParallelism;
}

/** `computeOperatorIndexForKeyGroup`. */
export function subtaskForKeyGroup(keyGroup: number, maxParallelism: number, parallelism: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

/** `computeKeyGroupRangeForOperatorIndex`: inclusive range of groups owned by subtask `index`. */
export function keyGroupRange(index: number, maxParallelism: number, parallelism: number): [number, number] {
  const start = Math.ceil((index * maxParallelism) / parallelism);
  const end = Math.ceil(((index + 1) * maxParallelism) / parallelism) - 1;
  return [start, end];
}

function murmur(text: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
