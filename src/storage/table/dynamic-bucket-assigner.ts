import { PaimonSimError } from '../errors.js';
import { HASH_INDEX, type IndexManifestEntry } from '../spec/index-manifest.js';
import { hex } from './file-entry.js';
import type { IndexFileStore } from './index-file-store.js';

/** Which buckets this assigner may create (`numAssigners`/`assignId`: bucket % numAssigners == assignId). */
export interface AssignerSlot {
  readonly assignId: number;
  readonly numAssigners: number;
}

interface PartitionIndex {
  readonly partition: Uint8Array;
  readonly hashToBucket: Map<number, number>;
  /** Keys per bucket of this assigner. */
  readonly bucketSizes: Map<number, number>;
}

/**
 * Dynamic bucket mode (`bucket` = -1 with a primary key; `HashBucketAssigner` + `PartitionIndex`): a key
 * that was seen before keeps its bucket; a new key goes to the first of this assigner's buckets holding fewer
 * than `dynamic-bucket.target-row-num` keys, else to a new bucket. The key → bucket map of each partition is
 * loaded from the HASH index files of the latest snapshot; the writers of the buckets keep those files
 * (`BucketIndexMaintainer`).
 */
export class DynamicBucketAssigner {
  private readonly partitions = new Map<string, PartitionIndex>();

  constructor(
    private readonly indexes: IndexFileStore,
    private readonly latestIndexManifest: () => string | undefined,
    private readonly targetRowNum: number,
    private readonly maxBuckets: number,
    private readonly slot: AssignerSlot = { assignId: 0, numAssigners: 1 },
  ) {}

  /** The bucket of a key hash (`BinaryRow.hashCode` of the trimmed primary key) in a partition. */
  assign(partition: Uint8Array, partitionKey: string, hash: number): number {
    const index = this.partitionIndex(partition, partitionKey);
    const known = index.hashToBucket.get(hash);
    if (known !== undefined) return known;
    for (const [bucket, size] of index.bucketSizes) {
      if (size < this.targetRowNum) return this.put(index, hash, bucket);
    }
    const limit = this.maxBuckets === -1 ? 32767 : this.maxBuckets;
    for (let b = this.slot.assignId; b < limit; b += this.slot.numAssigners) {
      if (!index.bucketSizes.has(b)) return this.put(index, hash, b);
    }
    if (this.maxBuckets === -1)
      throw new PaimonSimError(
        `Too more bucket ${limit - 1}, you should increase target bucket row number ${this.targetRowNum}.`,
      );
    // `dynamic-bucket.max-buckets` reached: Paimon picks an existing bucket at random; the smallest is
    // deterministic and keeps buckets even.
    const [bucket] = [...index.bucketSizes].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]!;
    return this.put(index, hash, bucket);
  }

  private put(index: PartitionIndex, hash: number, bucket: number): number {
    index.hashToBucket.set(hash, bucket);
    index.bucketSizes.set(bucket, (index.bucketSizes.get(bucket) ?? 0) + 1);
    return bucket;
  }

  private partitionIndex(partition: Uint8Array, key: string): PartitionIndex {
    let index = this.partitions.get(key);
    if (index) return index;
    index = { partition, hashToBucket: new Map(), bucketSizes: new Map() };
    const manifest = this.latestIndexManifest();
    if (manifest) {
      const partitionHex = hex(partition);
      for (const e of this.indexes.read(manifest)) {
        if (e.kind !== 0 || e.indexType !== HASH_INDEX || hex(e.partition) !== partitionHex) continue;
        const hashes = this.indexes.readHashes(e);
        for (const h of hashes) index.hashToBucket.set(h, e.bucket);
        // Other assigners' buckets are known (their keys keep their bucket) but never filled by this one.
        if (e.bucket % this.slot.numAssigners === this.slot.assignId)
          index.bucketSizes.set(e.bucket, hashes.length);
      }
    }
    this.partitions.set(key, index);
    return index;
  }
}

/**
 * The HASH index of the buckets one writer writes (`DynamicBucketIndexMaintainer`): each bucket's key hashes,
 * loaded from the latest snapshot's index file when the bucket is first written, and a new index file for
 * every bucket that got new keys, at commit.
 */
export class BucketIndexMaintainer {
  private readonly buckets = new Map<
    string,
    { partition: Uint8Array; bucket: number; hashes: Set<number>; changed: boolean }
  >();
  private entries: IndexManifestEntry[] | undefined;

  constructor(
    private readonly indexes: IndexFileStore,
    private readonly latestIndexManifest: () => string | undefined,
  ) {}

  notify(partition: Uint8Array, partitionKey: string, bucket: number, hash: number): void {
    const key = `${partitionKey}|${bucket}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { partition, bucket, hashes: new Set(this.load(partitionKey, bucket)), changed: false };
      this.buckets.set(key, b);
    }
    if (!b.hashes.has(hash)) {
      b.hashes.add(hash);
      b.changed = true;
    }
  }

  /** Changed buckets with all their hashes, for new index files; clears the change marks. */
  drainChanges(): { partition: Uint8Array; bucket: number; hashes: number[] }[] {
    const out: { partition: Uint8Array; bucket: number; hashes: number[] }[] = [];
    for (const b of this.buckets.values()) {
      if (!b.changed) continue;
      out.push({ partition: b.partition, bucket: b.bucket, hashes: [...b.hashes] });
      b.changed = false;
    }
    return out;
  }

  private load(partitionKey: string, bucket: number): number[] {
    if (!this.entries) {
      const manifest = this.latestIndexManifest();
      this.entries = manifest ? this.indexes.read(manifest) : [];
    }
    const entry = this.entries.find(
      (e) =>
        e.kind === 0 &&
        e.indexType === HASH_INDEX &&
        e.bucket === bucket &&
        hex(e.partition) === partitionKey,
    );
    return entry ? this.indexes.readHashes(entry) : [];
  }
}
