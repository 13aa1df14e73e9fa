import type { FileIO } from '../../common/io/file-io.js';
import type { Random } from '../../common/random.js';
import { InjectedFaultError } from '../errors.js';
import { deleteUnderTable } from '../meta/contained-path.js';
import { readDecoded, rememberWritten } from '../meta/decoded-file-cache.js';
import { FileNameGenerator, type TablePaths } from '../meta/path-factory.js';
import { decodeBinaryRow } from '../spec/binary-row.js';
import type { DataType } from '../spec/data-types.js';
import {
  FileKind,
  type ManifestEntry,
  readManifestEntries,
  writeManifestEntries,
} from '../spec/manifest-entry.js';
import {
  type ManifestFileMeta,
  readManifestFileMetas,
  writeManifestFileMetas,
} from '../spec/manifest-file-meta.js';
import { SimpleStatsCollector } from '../spec/simple-stats.js';

export interface ManifestSettings {
  /** Avro codec (`manifest.compression`). */
  readonly codec: string;
  /** Suggested size of one manifest file (`manifest.target-file-size`). */
  readonly targetFileSize: number;
  readonly schemaId: number;
  readonly partitionTypes: readonly DataType[];
}

/**
 * Reads and writes manifest files and manifest lists of one table (`ManifestFile`, `ManifestList`).
 * Writes go to fresh names, so a crash leaves only unreferenced files behind.
 */
export class ManifestStore {
  private readonly manifestNames: FileNameGenerator;
  private readonly manifestListNames: FileNameGenerator;

  constructor(
    private readonly io: FileIO,
    private readonly paths: TablePaths,
    private readonly random: Random,
    private readonly settings: ManifestSettings,
  ) {
    this.manifestNames = new FileNameGenerator(random, 'manifest-');
    this.manifestListNames = new FileNameGenerator(random, 'manifest-list-');
  }

  /** The entries of a manifest (decoded once per process: see decoded-file-cache.ts; a fresh array each call). */
  readEntries(manifestName: string): ManifestEntry[] {
    const path = this.paths.manifestFile(manifestName);
    return readDecoded(this.io, path, 'manifest', (bytes) => readManifestEntries(bytes, path)).slice();
  }

  /** The manifests of a manifest list (decoded once per process; a fresh array each call). */
  readList(manifestListName: string): ManifestFileMeta[] {
    const path = this.paths.manifestFile(manifestListName);
    return readDecoded(this.io, path, 'manifest-list', (bytes) => readManifestFileMetas(bytes, path)).slice();
  }

  /** Writes entries to one or more manifest files of about the target size; returns their metadata. */
  writeEntries(written: readonly ManifestEntry[]): ManifestFileMeta[] {
    if (written.length === 0) return [];
    const entries = written.map(ownEntry);
    const whole = this.encodeEntries(entries);
    const parts = Math.min(entries.length, Math.ceil(whole.length / this.settings.targetFileSize));
    if (parts <= 1) return [this.writeManifest(entries, whole)];
    const chunk = Math.ceil(entries.length / parts);
    const metas: ManifestFileMeta[] = [];
    for (let i = 0; i < entries.length; i += chunk) {
      const slice = entries.slice(i, i + chunk);
      metas.push(this.writeManifest(slice, this.encodeEntries(slice)));
    }
    return metas;
  }

  /** Writes a manifest list; returns its file name and size. */
  writeList(metas: readonly ManifestFileMeta[]): { name: string; size: number } {
    const name = this.manifestListNames.next();
    const bytes = writeManifestFileMetas(metas, { codec: this.settings.codec, random: this.random });
    const path = this.paths.manifestFile(name);
    this.io.writeFile(path, bytes);
    rememberWritten(this.io, path, 'manifest-list', bytes, metas.slice(), (b) =>
      readManifestFileMetas(b, path),
    );
    return { name, size: bytes.length };
  }

  deleteQuietly(fileName: string): void {
    try {
      deleteUnderTable(this.io, this.paths.root, this.paths.manifestFile(fileName));
    } catch (e) {
      // Best effort: an unreferenced manifest is an orphan, harmless to readers. A simulated crash still ends
      // the process.
      if (e instanceof InjectedFaultError) throw e;
    }
  }

  private encodeEntries(entries: readonly ManifestEntry[]): Uint8Array {
    return writeManifestEntries(entries, { codec: this.settings.codec, random: this.random });
  }

  private writeManifest(entries: readonly ManifestEntry[], bytes: Uint8Array): ManifestFileMeta {
    const fileName = this.manifestNames.next();
    const path = this.paths.manifestFile(fileName);
    this.io.writeFile(path, bytes);
    rememberWritten(this.io, path, 'manifest', bytes, entries, (b) => readManifestEntries(b, path));
    return summarize(fileName, bytes.length, entries, this.settings);
  }
}

/** The ManifestFileMeta of a manifest: counts, partition stats, bucket and level ranges. */
function summarize(
  fileName: string,
  fileSize: number,
  entries: readonly ManifestEntry[],
  settings: ManifestSettings,
): ManifestFileMeta {
  const partitionStats = new SimpleStatsCollector(settings.partitionTypes, { kind: 'full' });
  let added = 0;
  let deleted = 0;
  let minBucket = Number.MAX_SAFE_INTEGER;
  let maxBucket = Number.MIN_SAFE_INTEGER;
  let minLevel = Number.MAX_SAFE_INTEGER;
  let maxLevel = Number.MIN_SAFE_INTEGER;
  for (const e of entries) {
    if (e.kind === FileKind.ADD) added++;
    else deleted++;
    partitionStats.add(decodeBinaryRow(settings.partitionTypes, e.partition));
    minBucket = Math.min(minBucket, e.bucket);
    maxBucket = Math.max(maxBucket, e.bucket);
    minLevel = Math.min(minLevel, e.file.level);
    maxLevel = Math.max(maxLevel, e.file.level);
  }
  return {
    fileName,
    fileSize,
    numAddedFiles: added,
    numDeletedFiles: deleted,
    partitionStats: partitionStats.result(),
    schemaId: settings.schemaId,
    minBucket,
    maxBucket,
    minLevel,
    maxLevel,
    minRowId: null,
    maxRowId: null,
  };
}

// Cached values are shared with later readers. Entries come from commit messages, whose objects the caller
// may still change, so the cache keeps copies (the nested statistics are never changed in place); a copy
// written again (a manifest merge) is kept as it is, and so keeps its encoding (manifest-entry.ts). Manifest
// metas are the cache's own values or made here, and are kept as they are too (manifest-file-meta.ts).

/** The entry itself when it is already one this module made (a cached value), else a copy that becomes one. */
function ownEntry(e: ManifestEntry): ManifestEntry {
  if (ownEntries.has(e)) return e;
  const copy = { ...e, file: { ...e.file } };
  ownEntries.add(copy);
  return copy;
}

const ownEntries = new WeakSet<ManifestEntry>();
