import type avro from 'avsc';

/**
 * Walks one Avro-encoded value of `type` starting at `pos` without building it, checking that every length,
 * count and union branch fits the bytes there are; returns the offset after the value.
 *
 * Why: avsc reads past the end of its buffer without failing (it checks only once a value is complete), so
 * a corrupt array or map count makes it push that many items first: hundreds of millions of them, until V8
 * aborts the whole process ("Fatal JavaScript invalid size error"), which no catch can turn into a typed
 * error. A block that passes this walk is safe to hand to avsc.
 *
 * Array and map blocks may hold at most as many items as bytes remain: exact for items of at least one
 * byte, and a sanity bound for zero-byte items (`null`, empty records), which Paimon's files never repeat.
 */
export function checkValueBounds(type: avro.Type, buf: Uint8Array, pos: number): number {
  const reader = { pos };
  skip(type, buf, reader);
  return reader.pos;
}

interface Reader {
  pos: number;
}

function need(buf: Uint8Array, reader: Reader, n: number): void {
  if (n < 0 || reader.pos + n > buf.length)
    throw new RangeError(
      `value runs past the end of its block (${n} bytes at ${reader.pos} of ${buf.length})`,
    );
  reader.pos += n;
}

function readVarLong(buf: Uint8Array, reader: Reader): number {
  // Fast path in doubles: up to 7 bytes (49 bits) are exact, and lengths, counts and branch indexes take one
  // or two. Every record of every manifest read is walked here, so bigint arithmetic was most of the walk.
  let pos = reader.pos;
  let zigzag = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    if (pos >= buf.length) throw new RangeError('varint runs past the end of its block');
    const byte = buf[pos++]!;
    zigzag += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      reader.pos = pos;
      return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
    }
    scale *= 128;
  }
  return readLongVarLong(buf, reader);
}

/** readVarLong for varints of 8 to 10 bytes, in bigint, clamped to the safe-integer range. */
function readLongVarLong(buf: Uint8Array, reader: Reader): number {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (reader.pos >= buf.length) throw new RangeError('varint runs past the end of its block');
    const byte = buf[reader.pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7n;
    if (shift > 63n) throw new RangeError('varint longer than 10 bytes');
  }
  const value = (result >> 1n) ^ -(result & 1n);
  // Lengths and counts beyond 2^53 cannot fit any block; clamping keeps the comparisons below exact enough.
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  if (value < BigInt(Number.MIN_SAFE_INTEGER)) return Number.MIN_SAFE_INTEGER;
  return Number(value);
}

function skipItems(buf: Uint8Array, reader: Reader, skipOne: () => void, what: string): void {
  for (;;) {
    let count = readVarLong(buf, reader);
    if (count === 0) return;
    if (count < 0) {
      count = -count;
      readVarLong(buf, reader); // the block's byte size, which a reader may use to skip it
    }
    const remaining = buf.length - reader.pos;
    if (count > remaining)
      throw new RangeError(`${what} block claims ${count} items with ${remaining} bytes left`);
    for (let i = 0; i < count; i++) skipOne();
  }
}

function skip(type: avro.Type, buf: Uint8Array, reader: Reader): void {
  const t = type as avro.Type & {
    fields?: { type: avro.Type }[];
    types?: avro.Type[];
    itemsType?: avro.Type;
    valuesType?: avro.Type;
    size?: number;
    symbols?: string[];
  };
  switch (t.typeName) {
    case 'null':
      return;
    case 'boolean':
      need(buf, reader, 1);
      return;
    case 'int':
    case 'long':
    case 'abstract:long': // the bigint and safe-integer longs of container.ts (avsc `LongType.__with`)
      readVarLong(buf, reader);
      return;
    case 'float':
      need(buf, reader, 4);
      return;
    case 'double':
      need(buf, reader, 8);
      return;
    case 'bytes':
    case 'string':
      need(buf, reader, readVarLong(buf, reader));
      return;
    case 'fixed':
      need(buf, reader, t.size!);
      return;
    case 'enum': {
      const index = readVarLong(buf, reader);
      if (index < 0 || index >= t.symbols!.length)
        throw new RangeError(`enum index ${index} is not one of ${t.symbols!.length} symbols`);
      return;
    }
    case 'array':
      skipItems(buf, reader, () => skip(t.itemsType!, buf, reader), 'array');
      return;
    case 'map':
      skipItems(
        buf,
        reader,
        () => {
          need(buf, reader, readVarLong(buf, reader));
          skip(t.valuesType!, buf, reader);
        },
        'map',
      );
      return;
    case 'union:unwrapped':
    case 'union:wrapped': {
      const branch = readVarLong(buf, reader);
      if (branch < 0 || branch >= t.types!.length)
        throw new RangeError(`union branch ${branch} is not one of ${t.types!.length}`);
      skip(t.types![branch]!, buf, reader);
      return;
    }
    case 'record':
    case 'error':
      for (const field of t.fields!) skip(field.type, buf, reader);
      return;
    default:
      throw new RangeError(`Avro type '${t.typeName}' is not supported`);
  }
}
