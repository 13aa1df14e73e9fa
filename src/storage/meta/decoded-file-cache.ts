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
  const cache = cacheOf(io);
  const hit = cache.byPath.get(path);
  if (hit !== undefined && hit.kind === kind && sameBytes(hit.bytes, bytes)) return hit.value as T;
  const value = decode(bytes);
  store(cache, path, { kind, bytes, value });
  return value;
}

/**
 * Records what a writer has just written to `path`: `value` is what decoding `bytes` yields. A commit reads
 * back the manifest lists the previous commit wrote, and a manifest merge the manifests recent commits wrote;
 * remembering them at write time spares decoding files this process encoded (issue 14). Call it only after
 * the write succeeded. Tests turn on `setWrittenValueCheck`, which decodes the bytes and compares.
 */
export function rememberWritten<T>(
  io: FileIO,
  path: string,
  kind: string,
  bytes: Uint8Array,
  value: T,
  decode: (bytes: Uint8Array) => T,
): void {
  if (!enabled) return;
  check?.(path, decode(bytes), value);
  store(cacheOf(io), path, { kind, bytes, value });
}

/** Compares a decoded value with the value a writer remembered for the same bytes; throws when they differ. */
export type WrittenValueCheck = (path: string, decoded: unknown, remembered: unknown) => void;
let check: WrittenValueCheck | undefined;

/** Installs (or with undefined removes) the check of `rememberWritten` (the test suites install one). */
export function setWrittenValueCheck(c: WrittenValueCheck | undefined): void {
  check = c;
}

function cacheOf(io: FileIO): PerFileIO {
  let cache = caches.get(io);
  if (cache === undefined) {
    cache = { byPath: new Map(), bytes: 0 };
    caches.set(io, cache);
  }
  return cache;
}

function store(cache: PerFileIO, path: string, entry: Decoded): void {
  const old = cache.byPath.get(path);
  if (old !== undefined) {
    cache.byPath.delete(path);
    cache.bytes -= old.bytes.length;
  }
  cache.byPath.set(path, entry);
  cache.bytes += entry.bytes.length;
  // Oldest first: a Map iterates in insertion order.
  for (const [oldPath, oldest] of cache.byPath) {
    if (cache.bytes <= MAX_CACHED_BYTES) break;
    cache.byPath.delete(oldPath);
    cache.bytes -= oldest.bytes.length;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
