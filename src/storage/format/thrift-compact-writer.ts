import { ThriftError } from '../errors.js';
import type { ByteSink } from './byte-sink.js';
import { TType } from './parquet-thrift.js';

/**
 * A streaming writer of Thrift's compact protocol, for the structs a Parquet writer emits (page headers and
 * `FileMetaData`). parquet-thrift.ts holds a generic codec that keeps every value as an object (for editing
 * a footer); this one writes fields straight into a ByteSink, which is what a footer per tiny data file
 * needs to be cheap. Field ids of one struct must be written in ascending order (the compact protocol
 * encodes them as deltas). 64-bit values come as safe integers (sizes and offsets) or bigints.
 */
export class CompactWriter {
  /** Last field id of each open struct, innermost last. */
  private readonly lastIds: number[] = [];
  private lastId = 0;

  constructor(readonly sink: ByteSink) {}

  i32(id: number, v: number): void {
    this.header(id, TType.I32);
    this.zigzag32(v);
  }

  i16(id: number, v: number): void {
    this.header(id, TType.I16);
    this.zigzag32(v);
  }

  i8(id: number, v: number): void {
    this.header(id, TType.BYTE);
    this.sink.byte(v & 0xff);
  }

  i64(id: number, v: number | bigint): void {
    this.header(id, TType.I64);
    this.zigzag64(v);
  }

  bool(id: number, v: boolean): void {
    // Compact protocol: a boolean field's value is its type nibble (1 = true, 2 = false).
    this.header(id, v ? 1 : 2);
  }

  binary(id: number, bytes: Uint8Array): void {
    this.header(id, TType.BINARY);
    this.sink.varint(bytes.length);
    this.sink.append(bytes);
  }

  string(id: number, text: string): void {
    this.binary(id, utf8.encode(text));
  }

  /** Opens a struct field; close it with `end()`. */
  beginStruct(id: number): void {
    this.header(id, TType.STRUCT);
    this.open();
  }

  /** An empty struct field (Parquet's unit-like union members such as `StringType`). */
  emptyStruct(id: number): void {
    this.beginStruct(id);
    this.end();
  }

  /** Opens a list field of `size` elements of `elementType`; write them with the element methods. */
  beginList(id: number, elementType: number, size: number): void {
    this.header(id, TType.LIST);
    if (size < 15) this.sink.byte((size << 4) | elementType);
    else {
      this.sink.byte(0xf0 | elementType);
      this.sink.varint(size);
    }
  }

  /** An i32 element of an open list. */
  elementI32(v: number): void {
    this.zigzag32(v);
  }

  /** A binary element of an open list. */
  elementBinary(bytes: Uint8Array): void {
    this.sink.varint(bytes.length);
    this.sink.append(bytes);
  }

  /** Opens a struct element of an open list; close it with `end()`. */
  beginElementStruct(): void {
    this.open();
  }

  /** Opens a top-level struct (a page header, the footer); close it with `end()`. */
  beginMessage(): void {
    this.open();
  }

  /** Closes the innermost open struct. */
  end(): void {
    this.sink.byte(0);
    const last = this.lastIds.pop();
    if (last === undefined) throw new ThriftError('end() without an open struct');
    this.lastId = last;
  }

  private open(): void {
    this.lastIds.push(this.lastId);
    this.lastId = 0;
  }

  private header(id: number, type: number): void {
    const delta = id - this.lastId;
    if (delta <= 0) throw new ThriftError(`field ${id} written after field ${this.lastId}`);
    if (delta <= 15) this.sink.byte((delta << 4) | type);
    else {
      this.sink.byte(type);
      this.zigzag32(id);
    }
    this.lastId = id;
  }

  private zigzag32(v: number): void {
    this.sink.varint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  private zigzag64(v: number | bigint): void {
    if (typeof v === 'number' && Math.abs(v) <= Number.MAX_SAFE_INTEGER / 2) {
      this.sink.varint(v >= 0 ? 2 * v : -2 * v - 1);
      return;
    }
    const n = BigInt(v);
    let z = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
    while (z >= 0x80n) {
      this.sink.byte(Number(z & 0x7fn) | 0x80);
      z >>= 7n;
    }
    this.sink.byte(Number(z));
  }
}

const utf8 = new TextEncoder();
