import type { FileIO } from '../../common/io/file-io.js';

/**
 * Decoded contents of immutable metadata files (manifests, manifest lists, index manifests), so a file is
 * decoded once per process instead of at every plan. Paimon keeps such a cache too (`ObjectsCache` behind
 * `ManifestFile`/`ManifestList`, keyed by path and size, since these files are never rewritten).
 *
 * The file is still read at every use and the cached value is only served when the bytes read equal the
 * bytes it was decoded from. That keeps the IO calls exactly as without the cache (a fault hook on reads
 * fires, a simulation's trace and its random draws do not change) and a rewritten or corrupted path is never
 * served stale, whatever its size or modification time. Comparing bytes costs far less than decoding them.
 *
 * Entries belong to one FileIO instance (two in-memory filesystems may hold different files at one path)
 * and go away with it. Values are shared between callers: they must treat them as read-only.
 */
interface Decoded {
  readonly kind: string;
  readonly bytes: Uint8Array;
  readonly value: unknown;
}

interface PerFileIO {
  readonly byPath: Map<string, Decoded>;
  bytes: number;
}

/** Bytes of cached files per FileIO before the oldest entries are dropped. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

const caches = new WeakMap<FileIO, PerFileIO>();
let enabled = true;

/** Turns the cache on or off for the whole process (benchmarks compare both; default on). */
export function setDecodedFileCache(on: boolean): void {
  enabled = on;
}

export function decodedFileCacheEnabled(): boolean {
  return enabled;
}

/**
 * Reads `path` through `io` and decodes it with `decode`, or returns the value decoded earlier from the very
 * same bytes. `kind` separates decoders that could be applied to one path. Decoding errors are not cached.
 */
export function readDecoded<T>(io: FileIO, path: string, kind: string, decode: (bytes: Uint8Array) => T): T {
  const bytes = io.readFile(path);
  if (!enabled) return decode(bytes);
  let cache = caches.get(io);
  if (cache === undefined) {
    cache = { byPath: new Map(), bytes: 0 };
    caches.set(io, cache);
  }
  const hit = cache.byPath.get(path);
  if (hit !== undefined && hit.kind === kind && sameBytes(hit.bytes, bytes)) return hit.value as T;
  const value = decode(bytes);
  if (hit !== undefined) {
    cache.byPath.delete(path);
    cache.bytes -= hit.bytes.length;
  }
  cache.byPath.set(path, { kind, bytes, value });
  cache.bytes += bytes.length;
  // Oldest first: a Map iterates in insertion order.
  for (const [oldPath, old] of cache.byPath) {
    if (cache.bytes <= MAX_CACHED_BYTES) break;
    cache.byPath.delete(oldPath);
    cache.bytes -= old.bytes.length;
  }
  return value;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
