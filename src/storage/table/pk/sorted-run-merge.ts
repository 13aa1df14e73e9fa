import type { KeyValue, MergeFunction } from './merge-function.js';
import { mergeRecords } from './merge-function.js';
import type { KeyComparator } from './record-order.js';

/**
 * Merges sorted runs into one record per key (`SortMergeReaderWithMinHeap`): each run is already in record
 * order (a data file, or the write buffer once sorted), so a min-heap over the runs' heads yields every
 * record in key order without sorting them again. Records of one key reach the merge function oldest first:
 * by the `sequence.field` columns, then by sequence number (`compareRecords`), and, for records that compare
 * equal, in the order of the runs given, which keeps the result identical to a stable sort of the
 * concatenated runs. Merged results may be retractions; a key whose records were all ignored gives nothing.
 * A run only has to be sorted by key: files written by other engines may hold several records of one key,
 * which are put in record order within their key before merging.
 */
export function mergeSortedRuns(
  runs: readonly (readonly KeyValue[])[],
  compareRecords: (a: KeyValue, b: KeyValue) => number,
  compareKeys: KeyComparator,
  fn: MergeFunction,
): KeyValue[] {
  const live = runs.filter((r) => r.length > 0);
  const out: KeyValue[] = [];
  if (live.length === 0) return out;
  const heap = new RunHeap(live, compareRecords);
  const sameKey: KeyValue[] = [];
  let current = heap.peek();
  while (current !== undefined) {
    sameKey.length = 0;
    const key = current.key;
    do {
      sameKey.push(current);
      heap.advance();
      current = heap.peek();
    } while (current !== undefined && compareKeys(current.key, key) === 0);
    if (sameKey.length > 1) inRecordOrder(sameKey, compareRecords);
    const merged = mergeRecords(fn, sameKey);
    if (merged) out.push(merged);
  }
  return out;
}

/** Stable insertion sort of one key's few records; usually they already are in order. */
function inRecordOrder(records: KeyValue[], compareRecords: (a: KeyValue, b: KeyValue) => number): void {
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    let j = i - 1;
    if (compareRecords(records[j]!, r) <= 0) continue;
    while (j >= 0 && compareRecords(records[j]!, r) > 0) {
      records[j + 1] = records[j]!;
      j--;
    }
    records[j + 1] = r;
  }
}

/**
 * A binary min-heap of run cursors ordered by their current record, ties broken by run index. Advancing
 * the smallest cursor replaces the top and sifts it down once (no pop and push).
 */
class RunHeap {
  /** Run indexes in heap order; `size` of them are live. */
  private readonly heap: number[];
  private readonly positions: Int32Array;
  private size: number;

  constructor(
    private readonly runs: readonly (readonly KeyValue[])[],
    private readonly compareRecords: (a: KeyValue, b: KeyValue) => number,
  ) {
    this.heap = runs.map((_, i) => i);
    this.positions = new Int32Array(runs.length);
    this.size = runs.length;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  peek(): KeyValue | undefined {
    if (this.size === 0) return undefined;
    const run = this.heap[0]!;
    return this.runs[run]![this.positions[run]!];
  }

  /** Moves the smallest run to its next record, dropping the run when it is exhausted. */
  advance(): void {
    const run = this.heap[0]!;
    if (++this.positions[run]! >= this.runs[run]!.length) {
      this.size--;
      this.heap[0] = this.heap[this.size]!;
    }
    if (this.size > 1) this.siftDown(0);
  }

  private less(a: number, b: number): boolean {
    const c = this.compareRecords(this.runs[a]![this.positions[a]!]!, this.runs[b]![this.positions[b]!]!);
    return c < 0 || (c === 0 && a < b);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const size = this.size;
    let i = start;
    const item = heap[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.less(heap[right]!, heap[left]!) ? right : left;
      if (!this.less(heap[child]!, item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}
