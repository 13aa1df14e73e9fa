import { ThriftError } from '../errors.js';

/**
 * A generic codec for Thrift's compact protocol (the encoding of a Parquet footer, `FileMetaData`): values
 * keep their wire types and field ids, so a decoded footer re-encodes to the same bytes and can be edited
 * field by field without a schema. Used to adjust what the Parquet writer cannot express (INT96 columns).
 */

/** Compact-protocol type codes (booleans as fields are 1 = true, 2 = false). */
export const TType = {
  BOOL: 1,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

export type ThriftValue = boolean | number | bigint | Uint8Array | ThriftList | ThriftMap | ThriftStruct;

export interface ThriftField {
  type: number;
  value: ThriftValue;
}

/** A struct: fields by id, in the order read (ascending ids when written by any Thrift library). */
export class ThriftStruct {
  readonly fields = new Map<number, ThriftField>();

  get(id: number): ThriftValue | undefined {
    return this.fields.get(id)?.value;
  }

  struct(id: number): ThriftStruct | undefined {
    const v = this.get(id);
    return v instanceof ThriftStruct ? v : undefined;
  }

  list(id: number): ThriftList | undefined {
    const v = this.get(id);
    return v instanceof ThriftList ? v : undefined;
  }

  set(id: number, type: number, value: ThriftValue): void {
    this.fields.set(id, { type, value });
  }

  delete(id: number): void {
    this.fields.delete(id);
  }
}

export class ThriftList {
  constructor(
    readonly elementType: number,
    public items: ThriftValue[],
    /** LIST or SET */
    readonly kind: number = TType.LIST,
  ) {}
}

export class ThriftMap {
  constructor(
    readonly keyType: number,
    readonly valueType: number,
    readonly entries: [ThriftValue, ThriftValue][],
  ) {}
}

/**
 * Which fields to decode: field id → `true` (the whole value) or the shape of a struct value (or of the struct
 * elements of a list value). Fields not named are skipped without building values: a reader that needs a few
 * fields of a large struct (a Parquet footer's statistics, key-value metadata, ...) pays only for those.
 */
export type ThriftShape = { readonly [id: number]: ThriftShape | true };

/**
 * Decodes one struct starting at `bytes[0]`; `end` is where it ended. With `shape`, only its fields (the
 * result then is for reading, not for re-encoding).
 */
export function decodeThriftStruct(
  bytes: Uint8Array,
  what: string,
  shape?: ThriftShape,
): { struct: ThriftStruct; end: number } {
  const reader = new Reader(bytes, what);
  const struct = reader.struct(shape);
  return { struct, end: reader.pos };
}

export function encodeThriftStruct(struct: ThriftStruct): Uint8Array {
  const w = new Writer();
  w.struct(struct);
  return w.bytes();
}

class Reader {
  pos = 0;
  private depth = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  private fail(message: string): never {
    throw new ThriftError(`${this.what}: ${message} at byte ${this.pos}`);
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) this.fail('unexpected end of data');
    return this.bytes[this.pos++]!;
  }

  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    return this.fail('varint too long');
  }

  private zigzag(): bigint {
    const small = this.smallVarint();
    if (small !== undefined) return BigInt(small % 2 === 0 ? small / 2 : -(small + 1) / 2);
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  /**
   * An unsigned varint of up to 7 bytes (49 bits) as a number, else undefined with nothing consumed: every i16,
   * i32 and length fits, and plain arithmetic is several times faster than BigInt (footers are full of these).
   */
  private smallVarint(): number | undefined {
    const start = this.pos;
    let result = 0;
    for (let scale = 1; scale < 2 ** 49; scale *= 128) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
    }
    this.pos = start;
    return undefined;
  }

  private int(): number {
    const n = this.smallVarint();
    return n === undefined ? Number(this.zigzag()) : n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  private length(): number {
    return this.smallVarint() ?? Number(this.varint());
  }

  struct(shape?: ThriftShape): ThriftStruct {
    if (++this.depth > 64) this.fail('structs nested too deep');
    const s = new ThriftStruct();
    let last = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) break;
      const delta = header >> 4;
      const type = header & 0x0f;
      const id = delta === 0 ? this.int() : last + delta;
      last = id;
      const inner = shape?.[id];
      if (shape && inner === undefined) {
        if (type !== 1 && type !== 2) this.skip(type);
      } else if (type === 1 || type === 2) s.set(id, TType.BOOL, type === 1);
      else s.set(id, type, this.value(type, inner === true ? undefined : inner));
    }
    this.depth--;
    return s;
  }

  /** Moves past one value of `type` without building it. */
  private skip(type: number): void {
    switch (type) {
      case TType.BOOL:
      case 2:
      case TType.BYTE:
        this.byte();
        return;
      case TType.I16:
      case TType.I32:
      case TType.I64:
        for (let i = 0; this.byte() & 0x80; i++) if (i >= 10) this.fail('varint too long');
        return;
      case TType.DOUBLE:
        this.advance(8);
        return;
      case TType.BINARY:
        this.advance(this.length());
        return;
      case TType.LIST:
      case TType.SET: {
        const header = this.byte();
        const size = header >> 4 === 15 ? this.length() : header >> 4;
        if (size > this.bytes.length - this.pos) this.fail(`list of ${size} elements runs past the end`);
        for (let i = 0; i < size; i++) this.skip(header & 0x0f);
        return;
      }
      case TType.MAP: {
        const size = this.length();
        if (size === 0) return;
        const types = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(types >> 4);
          this.skip(types & 0x0f);
        }
        return;
      }
      case TType.STRUCT: {
        if (++this.depth > 64) this.fail('structs nested too deep');
        for (;;) {
          const header = this.byte();
          if (header === 0) break;
          if (header >> 4 === 0) this.int();
          const fieldType = header & 0x0f;
          if (fieldType !== 1 && fieldType !== 2) this.skip(fieldType);
        }
        this.depth--;
        return;
      }
      default:
        this.fail(`unknown compact type ${type}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.bytes.length) this.fail(`${n} bytes run past the end`);
    this.pos += n;
  }

  private value(type: number, shape?: ThriftShape): ThriftValue {
    switch (type) {
      case TType.BOOL:
      case 2:
        return this.byte() === 1;
      case TType.BYTE: {
        const b = this.byte();
        return b > 127 ? b - 256 : b;
      }
      case TType.I16:
      case TType.I32:
        return this.int();
      case TType.I64:
        return this.zigzag();
      case TType.DOUBLE: {
        if (this.pos + 8 > this.bytes.length) this.fail('unexpected end of data');
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return v;
      }
      case TType.BINARY: {
        const length = this.length();
        if (this.pos + length > this.bytes.length) this.fail(`binary of ${length} bytes runs past the end`);
        const v = this.bytes.slice(this.pos, this.pos + length);
        this.pos += length;
        return v;
      }
      case TType.LIST:
      case TType.SET: {
        const header = this.byte();
        const elementType = header & 0x0f;
        const size = header >> 4 === 15 ? this.length() : header >> 4;
        if (size > this.bytes.length - this.pos) this.fail(`list of ${size} elements runs past the end`);
        const items: ThriftValue[] = [];
        for (let i = 0; i < size; i++) items.push(this.value(elementType, shape));
        return new ThriftList(elementType === 2 ? TType.BOOL : elementType, items, type);
      }
      case TType.MAP: {
        const size = this.length();
        if (size === 0) return new ThriftMap(0, 0, []);
        const types = this.byte();
        const entries: [ThriftValue, ThriftValue][] = [];
        for (let i = 0; i < size; i++) entries.push([this.value(types >> 4), this.value(types & 0x0f)]);
        return new ThriftMap(types >> 4, types & 0x0f, entries);
      }
      case TType.STRUCT:
        return this.struct(shape);
      default:
        return this.fail(`unknown compact type ${type}`);
    }
  }
}

class Writer {
  private out: number[] = [];

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  private varint(n: bigint): void {
    let v = n;
    while (v >= 0x80n) {
      this.out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.out.push(Number(v));
  }

  private zigzag(n: bigint, bits: bigint): void {
    const mask = (1n << bits) - 1n;
    this.varint(((n << 1n) ^ (n >> (bits - 1n))) & mask);
  }

  struct(s: ThriftStruct): void {
    let last = 0;
    for (const [id, { type, value }] of s.fields) {
      const wireType = type === TType.BOOL ? (value ? 1 : 2) : type;
      const delta = id - last;
      if (delta > 0 && delta <= 15) this.out.push((delta << 4) | wireType);
      else {
        this.out.push(wireType);
        this.zigzag(BigInt(id), 16n);
      }
      last = id;
      if (type !== TType.BOOL) this.value(type, value);
    }
    this.out.push(0);
  }

  private value(type: number, value: ThriftValue): void {
    switch (type) {
      case TType.BOOL:
        this.out.push(value ? 1 : 2);
        return;
      case TType.BYTE:
        this.out.push((value as number) & 0xff);
        return;
      case TType.I16:
        this.zigzag(BigInt(value as number), 16n);
        return;
      case TType.I32:
        this.zigzag(BigInt(value as number), 32n);
        return;
      case TType.I64:
        this.zigzag(value as bigint, 64n);
        return;
      case TType.DOUBLE: {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, value as number, true);
        this.out.push(...b);
        return;
      }
      case TType.BINARY: {
        const b = value as Uint8Array;
        this.varint(BigInt(b.length));
        for (const x of b) this.out.push(x);
        return;
      }
      case TType.LIST:
      case TType.SET: {
        const list = value as ThriftList;
        const size = list.items.length;
        if (size < 15) this.out.push((size << 4) | list.elementType);
        else {
          this.out.push(0xf0 | list.elementType);
          this.varint(BigInt(size));
        }
        for (const item of list.items) this.value(list.elementType, item);
        return;
      }
      case TType.MAP: {
        const map = value as ThriftMap;
        this.varint(BigInt(map.entries.length));
        if (map.entries.length === 0) return;
        this.out.push((map.keyType << 4) | map.valueType);
        for (const [k, v] of map.entries) {
          this.value(map.keyType, k);
          this.value(map.valueType, v);
        }
        return;
      }
      case TType.STRUCT:
        this.struct(value as ThriftStruct);
        return;
      default:
        throw new ThriftError(`unknown compact type ${type}`);
    }
  }
}
