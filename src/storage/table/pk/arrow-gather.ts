import * as arrow from 'apache-arrow';

/**
 * Gathers rows of several Arrow columns of one flat type into one new column: row k of the result is row
 * `rows[k]` of `sources[runs[k]]`. Compaction uses it to write the records it keeps without turning them
 * into row objects and back. The result is laid out as `columnsToArrow` lays out the same values (no null
 * bitmap when nothing is null, zeros under nulls), so the file written from it is the same.
 */
export function gatherColumn(
  type: arrow.DataType,
  sources: readonly arrow.Data[],
  runs: Int32Array,
  rows: Int32Array,
): arrow.Data {
  const length = runs.length;
  let nullCount = 0;
  for (let k = 0; k < length; k++) if (!isValid(sources[runs[k]!]!, rows[k]!)) nullCount++;
  let nullBitmap: Uint8Array | undefined;
  if (nullCount > 0) {
    nullBitmap = new Uint8Array(Math.ceil(length / 8));
    for (let k = 0; k < length; k++)
      if (isValid(sources[runs[k]!]!, rows[k]!)) nullBitmap[k >> 3]! |= 1 << (k & 7);
  }
  const base = { type, length, nullCount, nullBitmap };
  const valid = (k: number) => nullBitmap === undefined || ((nullBitmap[k >> 3]! >> (k & 7)) & 1) === 1;
  switch (type.typeId) {
    case arrow.Type.Bool: {
      const bits = new Uint8Array(Math.ceil(length / 8));
      for (let k = 0; k < length; k++) {
        const source = sources[runs[k]!]!;
        const at = source.offset + rows[k]!;
        if (valid(k) && ((source.values as Uint8Array)[at >> 3]! >> (at & 7)) & 1)
          bits[k >> 3]! |= 1 << (k & 7);
      }
      return arrow.makeData({ ...base, type: type as arrow.Bool, data: bits });
    }
    case arrow.Type.Utf8:
    case arrow.Type.Binary: {
      let size = 0;
      for (let k = 0; k < length; k++) {
        if (!valid(k)) continue;
        const offsets = sources[runs[k]!]!.valueOffsets as Int32Array;
        size += offsets[rows[k]! + 1]! - offsets[rows[k]!]!;
      }
      const bytes = new Uint8Array(size);
      const valueOffsets = new Int32Array(length + 1);
      let at = 0;
      for (let k = 0; k < length; k++) {
        if (valid(k)) {
          const source = sources[runs[k]!]!;
          const offsets = source.valueOffsets as Int32Array;
          const from = offsets[rows[k]!]!;
          const to = offsets[rows[k]! + 1]!;
          bytes.set((source.values as Uint8Array).subarray(from, to), at);
          at += to - from;
        }
        valueOffsets[k + 1] = at;
      }
      return arrow.makeData({ ...base, type: type as arrow.Utf8, valueOffsets, data: bytes });
    }
    default: {
      // Fixed width: `stride` elements of the typed array per row (four 32-bit words per decimal).
      const stride = type.typeId === arrow.Type.Decimal ? (type as arrow.Decimal).bitWidth / 32 : 1;
      const first = sources.find((s) => s.length > 0)!.values as ArrayLike<number | bigint>;
      const Typed = first.constructor as new (n: number) => { [i: number]: number | bigint };
      const data = new Typed(length * stride);
      for (let k = 0; k < length; k++) {
        if (!valid(k)) continue;
        const values = sources[runs[k]!]!.values as ArrayLike<number | bigint>;
        const from = rows[k]! * stride;
        for (let w = 0; w < stride; w++) data[k * stride + w] = values[from + w]!;
      }
      return arrow.makeData({ ...base, type: type as arrow.Int, data: data as Int32Array });
    }
  }
}

/** Whether `gatherColumn` can gather columns of this Arrow type (flat types as `toArrowType` makes them). */
export function isGatherable(type: arrow.DataType): boolean {
  switch (type.typeId) {
    case arrow.Type.Bool:
    case arrow.Type.Int:
    case arrow.Type.Float:
    case arrow.Type.Decimal:
    case arrow.Type.Utf8:
    case arrow.Type.Binary:
    case arrow.Type.Date:
    case arrow.Type.Time:
    case arrow.Type.Timestamp:
      return true;
    default:
      return false;
  }
}

function isValid(data: arrow.Data, i: number): boolean {
  if (data.nullCount === 0) return true;
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0) return data.nullCount !== data.length;
  const bit = data.offset + i;
  return ((bitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}
