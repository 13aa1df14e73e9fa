import { type FileIO, joinPath } from '../../common/io/file-io.js';
import type { Random } from '../../common/random.js';
import { CorruptFileError } from '../errors.js';
import { FileNameGenerator, type TablePaths } from '../meta/path-factory.js';
import {
  HASH_INDEX,
  type IndexManifestEntry,
  readHashIndex,
  readIndexManifest,
  writeHashIndex,
  writeIndexManifest,
} from '../spec/index-manifest.js';
import { hex } from './file-entry.js';

/**
 * Index files of a table (`IndexFileHandler`, `IndexManifestFile`): HASH index files under `<table>/index/`
 * and index manifests under `<table>/manifest/`. A new index manifest is the previous one with the changed
 * partition + bucket entries replaced (`HashIndexManifestHandler` keeps one HASH file per bucket).
 * Built from the table's IO, paths and randomness (as Paimon's `IndexFileHandler` from a FileIO and path
 * factory), not from the table.
 */
export class IndexFileStore {
  private readonly indexNames: FileNameGenerator;
  private readonly manifestNames: FileNameGenerator;

  constructor(
    private readonly io: FileIO,
    private readonly paths: TablePaths,
    private readonly random: Random,
    /** Avro codec of index manifests (`manifest.compression`, 'none' given as Avro's 'null'). */
    private readonly manifestCompression: string,
  ) {
    this.indexNames = new FileNameGenerator(random, 'index-');
    this.manifestNames = new FileNameGenerator(random, 'index-manifest-');
  }

  path(fileName: string): string {
    return joinPath(this.paths.root, 'index', fileName);
  }

  read(indexManifest: string): IndexManifestEntry[] {
    const path = this.paths.manifestFile(indexManifest);
    return readIndexManifest(this.io.readFile(path), path);
  }

  /**
   * One bucket's key hashes. The index manifest records the file's size and hash count (`IndexFileMeta`
   * fileSize, rowCount); a file that disagrees was cut short or replaced, and trusting it would send keys
   * already in this bucket to another one, so it is refused.
   */
  readHashes(entry: IndexManifestEntry): number[] {
    const path = this.path(entry.fileName);
    const bytes = this.io.readFile(path);
    if (bytes.length !== entry.fileSize)
      throw new CorruptFileError(
        path,
        'a HASH index file',
        `it has ${bytes.length} bytes, the index manifest records ${entry.fileSize}`,
      );
    const hashes = readHashIndex(bytes, path);
    if (hashes.length !== entry.rowCount)
      throw new CorruptFileError(
        path,
        'a HASH index file',
        `it holds ${hashes.length} hashes, the index manifest records ${entry.rowCount}`,
      );
    return hashes;
  }

  /** Writes one bucket's key hashes; returns its ADD entry. */
  writeHashes(partition: Uint8Array, bucket: number, hashes: readonly number[]): IndexManifestEntry {
    const fileName = this.indexNames.next();
    const bytes = writeHashIndex(hashes);
    this.io.writeFile(this.path(fileName), bytes);
    return {
      kind: 0,
      partition,
      bucket,
      indexType: HASH_INDEX,
      fileName,
      fileSize: bytes.length,
      rowCount: hashes.length,
    };
  }

  /**
   * The next index manifest: `previous` (a file name, or none) with entries of the same partition + bucket +
   * type replaced by `added`, and partitions matched by `dropPartition` (an overwrite) removed. Returns the
   * previous name unchanged when nothing changes.
   */
  combine(
    previous: string | undefined,
    added: readonly IndexManifestEntry[],
    dropPartition?: (partition: Uint8Array) => boolean,
  ): string | undefined {
    if (added.length === 0 && !dropPartition) return previous;
    const key = (e: IndexManifestEntry) => `${hex(e.partition)}|${e.bucket}|${e.indexType}`;
    const replaced = new Set(added.map(key));
    const kept = (previous ? this.read(previous) : []).filter(
      (e) => e.kind === 0 && !replaced.has(key(e)) && !dropPartition?.(e.partition),
    );
    const entries = [...kept, ...added];
    if (entries.length === 0 && !previous) return undefined;
    const name = this.manifestNames.next();
    this.io.writeFile(
      this.paths.manifestFile(name),
      writeIndexManifest(entries, {
        codec: this.manifestCompression,
        random: this.random,
      }),
    );
    return name;
  }
}
