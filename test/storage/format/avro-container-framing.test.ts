import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError } from '../../../src/storage/errors.js';
import {
  DEFAULT_BLOCK_SIZE,
  readAvroContainer,
  writeAvroContainer,
} from '../../../src/storage/format/avro/container.js';

const SCHEMA = {
  type: 'record',
  name: 'r',
  namespace: 'n',
  fields: [
    { name: 'a', type: 'int' },
    { name: 's', type: ['null', 'string'], default: null },
    { name: 'b', type: 'bytes' },
    { name: 'l', type: { type: 'array', items: ['null', 'long'] } },
  ],
};
interface Rec {
  a: number;
  s: string | null;
  b: Buffer;
  l: (number | null)[];
}
const record: fc.Arbitrary<Rec> = fc.record({
  a: fc.integer(),
  s: fc.option(fc.string(), { nil: null }),
  b: fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u)),
  l: fc.array(fc.option(fc.maxSafeInteger(), { nil: null }), { maxLength: 5 }),
});
const codec = fc.constantFrom('null', 'deflate', 'snappy', 'zstd');

/** Blocks of a container: [record count, byte offset] for each (the sync marker is the file's last 16 bytes). */
function blocks(bytes: Uint8Array): number[] {
  const buf = Buffer.from(bytes);
  const sync = buf.subarray(-16);
  const counts: number[] = [];
  let at = buf.indexOf(sync) + 16;
  const varint = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = buf[at++]!;
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return n % 2 ? -(n + 1) / 2 : n / 2;
    }
  };
  while (at < buf.length) {
    counts.push(varint());
    const size = varint();
    at += size + 16;
  }
  return counts;
}

describe('Avro object container', () => {
  it('property: records round-trip through every codec and block size, with the writer schema', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 40 }),
        codec,
        fc.integer({ min: 1, max: 500 }),
        fc.integer(),
        (rs, c, size, seed) => {
          const bytes = writeAvroContainer(SCHEMA, rs, {
            codec: c,
            random: new SeededRandom(seed),
            blockSize: size,
          });
          const read = readAvroContainer(bytes, 'p');
          expect(read.records).toEqual(rs);
          expect(read.schema).toEqual(SCHEMA);
          expect(blocks(bytes).reduce((a, b) => a + b, 0)).toBe(rs.length);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('keep number longs exact over the whole safe range; larger longs come back as bigints', () => {
    const schema = {
      type: 'record',
      name: 'x',
      fields: [{ name: 'l', type: { type: 'array', items: 'long' } }],
    };
    const edge = [-(2 ** 52) - 1, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0, -1];
    const bytes = writeAvroContainer(schema, [{ l: edge }, { l: [2n ** 63n - 1n, -(2n ** 63n)] }], {
      codec: 'null',
      random: new SeededRandom(1),
    });
    expect(readAvroContainer(bytes, 'p').records).toEqual([
      { l: edge },
      { l: [2n ** 63n - 1n, -(2n ** 63n)] },
    ]);
    expect(() =>
      writeAvroContainer(schema, [{ l: [2 ** 53] }], { codec: 'null', random: new SeededRandom(1) }),
    ).toThrow();
  });

  it('end a block once its records reach blockSize (default 64,000 bytes, as Java Avro)', () => {
    expect(DEFAULT_BLOCK_SIZE).toBe(64_000);
    const rs: Rec[] = Array.from({ length: 10 }, (_, a) => ({ a, s: null, b: Buffer.alloc(94), l: [] }));
    // each record: 1 (a) + 1 (null branch) + 2 (length 94) + 94 + 1 (empty array) = 99 bytes
    const opts = { codec: 'null', random: new SeededRandom(1) };
    expect(blocks(writeAvroContainer(SCHEMA, rs, { ...opts, blockSize: 200 }))).toEqual([3, 3, 3, 1]);
    expect(blocks(writeAvroContainer(SCHEMA, rs, opts))).toEqual([10]);
    expect(blocks(writeAvroContainer(SCHEMA, [], opts))).toEqual([]);
    expect(() => writeAvroContainer(SCHEMA, rs, { ...opts, blockSize: 0 })).toThrow(RangeError);
  });

  it('draw the sync marker from the injected Random: same seed, same bytes', () => {
    const rs = fc.sample(record, { seed: 3, numRuns: 5 });
    const a = writeAvroContainer(SCHEMA, rs, { codec: 'zstd', random: new SeededRandom(9) });
    expect(writeAvroContainer(SCHEMA, rs, { codec: 'zstd', random: new SeededRandom(9) })).toEqual(a);
    const b = writeAvroContainer(SCHEMA, rs, { codec: 'zstd', random: new SeededRandom(10) });
    expect(Buffer.from(b.subarray(-16)).equals(Buffer.from(a.subarray(-16)))).toBe(false);
    expect(b.length).toBe(a.length);
  });

  describe('reject bad bytes with a CorruptFileError naming the file', () => {
    const rs = fc.sample(record, { seed: 4, numRuns: 20 });
    const good = Buffer.from(
      writeAvroContainer(SCHEMA, rs, { codec: 'snappy', random: new SeededRandom(2), blockSize: 300 }),
    );
    const sync = good.subarray(-16);
    const firstBlock = good.indexOf(sync) + 16;
    const expectCorrupt = (bytes: Uint8Array, detail: RegExp) => {
      expect(() => readAvroContainer(bytes, '/t/manifest/m-7')).toThrow(CorruptFileError);
      expect(() => readAvroContainer(bytes, '/t/manifest/m-7')).toThrow(/'\/t\/manifest\/m-7'/);
      expect(() => readAvroContainer(bytes, '/t/manifest/m-7')).toThrow(detail);
    };
    it('bad magic', () => expectCorrupt(Buffer.from('Obj\x02 and more bytes to pass the size'), /bad magic/));
    it('truncated header', () => expectCorrupt(good.subarray(0, 40), /truncated header/));
    it('no sync marker after the header', () =>
      expectCorrupt(good.subarray(0, firstBlock - 3), /no sync marker|truncated header/));
    it('truncated block', () =>
      expectCorrupt(good.subarray(0, firstBlock + 5), /truncated block|sync marker/));
    it('wrong sync marker', () => {
      const bad = Buffer.from(good);
      bad[bad.length - 1]! ^= 0xff;
      expectCorrupt(bad, /does not end with the file's sync marker/);
    });
    it('bad CRC of a snappy block', () => {
      const bad = Buffer.from(good);
      const end = bad.indexOf(sync, firstBlock); // first block's sync: its CRC ends right before
      bad[end - 1]! ^= 0x01;
      expectCorrupt(bad, /checksum mismatch/);
    });
    it('unknown codec', () => {
      const bad = Buffer.from(good.toString('latin1').replace('snappy', 'snapp2'), 'latin1');
      expectCorrupt(bad, /Unsupported compression codec 'snapp2'/);
    });
    it('records that do not fill their block, or overrun it', () => {
      const plain = Buffer.from(
        writeAvroContainer(SCHEMA, rs.slice(0, 2), { codec: 'null', random: new SeededRandom(2) }),
      );
      const at = plain.indexOf(plain.subarray(-16)) + 16;
      const fewer = Buffer.from(plain);
      fewer[at] = 0x02; // claims 1 record, holds 2
      expectCorrupt(fewer, /bytes after its 1 records/);
      const more = Buffer.from(plain);
      more[at] = 0x06; // claims 3 records, holds 2
      expectCorrupt(more, /ends inside record 2|does not match the writer schema/);
    });
    it('an array count larger than the block, before building any item', () => {
      // Found by the storage mutation sweep: a corrupt count in a zstd manifest made avsc push 188 million
      // items, and V8 aborted the process ("Fatal JavaScript invalid size error"). The record
      // {a: 0, s: null, b: "", l: [...]} starts with 3 bytes; then the array block count.
      const one = writeAvroContainer(SCHEMA, [{ a: 0, s: null, b: Buffer.alloc(0), l: [1] }], {
        codec: 'null',
        random: new SeededRandom(2),
      });
      const buf = Buffer.from(one);
      const block = buf.indexOf(buf.subarray(-16)) + 16;
      // count 1, size 7 (zig-zag varints), then the record: a=0, s=null (branch 0), b="" (length 0), l's count
      expect([...buf.subarray(block, block + 6)]).toEqual([2, 14, 0, 0, 0, 2]);
      const huge = Buffer.concat([
        buf.subarray(0, block + 5),
        Buffer.from([0x80, 0xda, 0xc4, 0x09]),
        buf.subarray(block + 6),
      ]);
      huge[block + 1] = 2 * 10; // the block's byte size grows by the 3 extra varint bytes
      expectCorrupt(huge, /record 0 does not match the writer schema: array block claims 10000000 items/);
    });
  });
});
