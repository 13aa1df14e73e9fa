import { PaimonSimError } from '../../errors.js';
import { headerBytes } from '../../spec/binary-row.js';
import type { DataField, DataType } from '../../spec/data-types.js';
import type { Row } from '../../spec/values.js';

/**
 * The memory Paimon's primary-key writers buffer records in, modelled in pages so that a writer flushes a
 * level-0 file where Paimon would. Paimon serializes each record into a `BinaryInMemorySortBuffer` whose
 * pages come from one pool of `write-buffer-size` shared by every writer of a table write
 * (`MemoryPoolFactory` over a `HeapMemorySegmentPool` of `page-size` pages). paimon-sim keeps records as
 * objects, but counts the bytes Paimon would use, so the flush points (and the files) match.
 *
 * Paimon with `write-buffer-spillable` and an IOManager (the Flink sink) spills a full buffer to local disk
 * instead; paimon-sim writes tables through the Java API's model, which has no IOManager, so a full buffer
 * always becomes level-0 files (`MergeTreeWriter.write` → `flushWriteBuffer`).
 */

/** What the pool can ask of a buffer's owner (`MemoryOwner`). */
export interface WriteBufferOwner {
  /** Bytes of records and sort index entries its buffer holds (`memoryOccupancy`). */
  memoryOccupancy(): number;
  /** Writes the buffer out as level-0 files, giving its pages back (`flushMemory`). */
  flushMemory(): void;
}

/** `MemoryPoolFactory`: pages of `write-buffer-size`; an owner out of pages preempts the largest other one. */
export class WriteBufferPool {
  readonly totalPages: number;
  private allocated = 0;
  private readonly owners = new Set<WriteBufferOwner>();

  constructor(
    writeBufferSize: number,
    readonly pageSize: number,
  ) {
    this.totalPages = Math.floor(writeBufferSize / pageSize);
  }

  /** `SortBufferWriteBuffer`: a buffer needs at least three pages. */
  register(owner: WriteBufferOwner): void {
    if (this.totalPages < 3)
      throw new PaimonSimError(
        'Write buffer requires a minimum of 3 page memory, please increase write buffer memory size.',
      );
    this.owners.add(owner);
  }

  /** The owner is gone (writer closed; it has released its pages). */
  unregister(owner: WriteBufferOwner): void {
    this.owners.delete(owner);
  }

  /**
   * `OwnerMemoryPool.nextSegment`: one page, or, when none is free, the other owner holding the most
   * memory flushes first; false when there is still none.
   */
  allocate(requester: WriteBufferOwner): boolean {
    if (this.allocated >= this.totalPages) this.preempt(requester);
    if (this.allocated >= this.totalPages) return false;
    this.allocated++;
    return true;
  }

  release(pages: number): void {
    this.allocated -= pages;
  }

  /** Pages in use by all owners. */
  get allocatedPages(): number {
    return this.allocated;
  }

  private preempt(requester: WriteBufferOwner): void {
    // "Don't preempt yourself!" (`MemoryPoolFactory.preemptMemory`)
    let max: WriteBufferOwner | undefined;
    let maxMemory = 0;
    for (const other of this.owners) {
      const memory = other.memoryOccupancy();
      if (other !== requester && memory > maxMemory) {
        maxMemory = memory;
        max = other;
      }
    }
    max?.flushMemory();
  }
}

/**
 * One writer's sort buffer (`BinaryInMemorySortBuffer`): records are appended to record pages (a 4-byte
 * length, then the BinaryRow of `KeyValue.schema`: key, sequence number, kind, value); each record also takes
 * a sort index entry (8-byte pointer + normalized key) in index pages that hold whole entries only.
 */
export class SortBufferMemory {
  private recordPages = 0;
  private recordBytes = 0;
  private indexPages = 0;
  private entries = 0;
  private entriesInIndexPage = 0;
  private readonly entriesPerIndexPage: number;

  constructor(
    private readonly pool: WriteBufferPool,
    private readonly owner: WriteBufferOwner,
    private readonly indexEntrySize: number,
  ) {
    this.entriesPerIndexPage = Math.max(1, Math.floor(pool.pageSize / indexEntrySize));
  }

  get pages(): number {
    return this.recordPages + this.indexPages;
  }

  /** `getOccupancy`: record bytes plus index bytes. */
  get occupancy(): number {
    return this.recordBytes + this.entries * this.indexEntrySize;
  }

  /** Takes room for one record of `bytes`; false when the pool has no page left (`SortBuffer.write`). */
  tryPut(bytes: number): boolean {
    // `tryInitialize` / `checkNextIndexOffset`: the first index page, then one more whenever one is full.
    if (this.indexPages === 0 || this.entriesInIndexPage === this.entriesPerIndexPage) {
      if (!this.pool.allocate(this.owner)) return false;
      this.indexPages++;
      this.entriesInIndexPage = 0;
    }
    while (this.recordBytes + bytes > this.recordPages * this.pool.pageSize) {
      if (!this.pool.allocate(this.owner)) return false;
      this.recordPages++;
    }
    this.recordBytes += bytes;
    this.entries++;
    this.entriesInIndexPage++;
    return true;
  }

  /** The buffer was flushed: every page goes back (`clear` → `returnToSegmentPool`). */
  clear(): void {
    this.pool.release(this.pages);
    this.recordPages = 0;
    this.recordBytes = 0;
    this.indexPages = 0;
    this.entries = 0;
    this.entriesInIndexPage = 0;
  }
}

/**
 * Size of a sort index entry: the 8-byte pointer plus the normalized key of the sort fields (key, then
 * `sequence.field` columns, then the sequence number), as `SortCodeGenerator` sizes it: fixed-width fields
 * take their width + 1 null byte until one does not fit or is not normalizable; over 18 bytes the key is cut
 * to min(16, 8 × fields).
 */
export function sortIndexEntrySize(sortTypes: readonly DataType[]): number {
  let len = 0;
  let num = 0;
  for (const t of sortTypes) {
    const width = normalizedKeyWidth(t);
    if (width === undefined) break;
    num++;
    len = width === Infinity ? Infinity : len + width + 1;
    if (len === Infinity) break;
  }
  const keyBytes = len > 18 ? Math.min(16, 8 * num) : len;
  return 8 + keyBytes;
}

function normalizedKeyWidth(t: DataType): number | undefined {
  switch (t.root) {
    case 'BOOLEAN':
    case 'TINYINT':
      return 1;
    case 'SMALLINT':
      return 2;
    case 'INT':
    case 'FLOAT':
    case 'DATE':
    case 'TIME':
      return 4;
    case 'BIGINT':
    case 'DOUBLE':
      return 8;
    case 'TIMESTAMP':
      return t.precision <= 3 ? 8 : undefined;
    case 'DECIMAL':
      return t.precision <= 18 ? 8 : undefined;
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY':
      return Infinity;
    default:
      return undefined;
  }
}

/**
 * Bytes a record takes in the record pages: a 4-byte length and the BinaryRow of key fields, sequence
 * number, kind and every value field. Key fields repeat value fields, so their variable parts count twice.
 */
export function recordSizeEstimator(
  fields: readonly DataField[],
  keyNames: readonly string[],
): (row: Row) => number {
  const arity = keyNames.length + 2 + fields.length;
  const fixed = 4 + headerBytes(arity) + 8 * arity;
  const variable: { name: string; type: DataType }[] = [];
  for (const f of fields) {
    if (!hasVariablePart(f.type)) continue;
    variable.push(f);
    if (keyNames.includes(f.name)) variable.push(f);
  }
  if (variable.length === 0) return () => fixed;
  return (row) => {
    let size = fixed;
    for (const f of variable) size += variableBytes(f.type, row[f.name]);
    return size;
  };
}

function hasVariablePart(t: DataType): boolean {
  switch (t.root) {
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY':
    case 'ARRAY':
    case 'MULTISET':
    case 'MAP':
    case 'ROW':
      return true;
    case 'DECIMAL':
      return t.precision > 18;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return t.precision > 3;
    default:
      return false;
  }
}

const words = (bytes: number) => Math.ceil(bytes / 8) * 8;

/** Bytes of a value's variable part in a BinaryRow (8-byte aligned; short strings and bytes are inline). */
function variableBytes(t: DataType, value: unknown): number {
  if (value === null || value === undefined) return nullReservation(t);
  switch (t.root) {
    case 'CHAR':
    case 'VARCHAR': {
      const n = utf8Length(value as string);
      return n > 7 ? words(n) : 0;
    }
    case 'BINARY':
    case 'VARBINARY': {
      const n = (value as Uint8Array).length;
      return n > 7 ? words(n) : 0;
    }
    case 'DECIMAL':
      return 16;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return 8;
    case 'ARRAY': {
      // `BinaryArray`: 4-byte size, null bits in 4-byte words, one slot per element (taken as 8 bytes).
      const items = value as readonly unknown[];
      return words(4 + Math.ceil(items.length / 32) * 4 + 8 * items.length) + nestedBytes(t.element, items);
    }
    case 'MULTISET':
    case 'MAP': {
      const map = value as Map<unknown, unknown>;
      const keys = [...map.keys()];
      const values = [...map.values()];
      const valueType: DataType = t.root === 'MAP' ? t.value : { root: 'INT', nullable: false };
      const keyType = t.root === 'MAP' ? t.key : t.element;
      return (
        8 +
        variableBytes({ root: 'ARRAY', nullable: false, element: keyType }, keys) +
        variableBytes({ root: 'ARRAY', nullable: false, element: valueType }, values)
      );
    }
    case 'ROW': {
      const row = value as Row;
      const arity = t.fields.length;
      let size = headerBytes(arity) + 8 * arity;
      for (const f of t.fields) if (hasVariablePart(f.type)) size += variableBytes(f.type, row[f.name]);
      return size;
    }
    default:
      return 0;
  }
}

function nestedBytes(element: DataType, items: readonly unknown[]): number {
  if (!hasVariablePart(element)) return 0;
  let size = 0;
  for (const item of items) size += variableBytes(element, item);
  return size;
}

/** Null non-compact decimals and timestamps still reserve their variable part (`BinaryRowWriter`). */
function nullReservation(t: DataType): number {
  if (t.root === 'DECIMAL') return 16;
  if (t.root === 'TIMESTAMP' || t.root === 'TIMESTAMP_LTZ') return 8;
  return 0;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
