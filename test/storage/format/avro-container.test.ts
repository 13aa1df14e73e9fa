import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import {
  avroType,
  readAvroContainer,
  writeAvroContainer,
} from '../../../src/storage/format/avro/container.js';

describe('Avro container with exact longs', () => {
  it('keeps record fields of plain type long and reads logical-type longs as bigints', () => {
    const schema = {
      type: 'record',
      name: 'r',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'ts', type: { type: 'long', logicalType: 'timestamp-micros' } },
        { name: 'n', type: ['null', 'long'], default: null },
      ],
    };
    const records = [
      { id: 9223372036854775807n, ts: -1n, n: null },
      { id: 0n, ts: 5n, n: -9223372036854775808n },
    ];
    const bytes = writeAvroContainer(schema, records, {
      codec: 'zstd',
      random: new SeededRandom(1),
      bigintLongs: true,
    });
    const read = readAvroContainer(bytes, 'x', { bigintLongs: true });
    expect(read.records).toEqual(records);
    expect(read.schema).toEqual(schema);
  });
});

describe('compiled Avro types', () => {
  it('compiles a schema once per long mode and reuses it', () => {
    const schema = { type: 'record', name: 'r', fields: [{ name: 'n', type: 'long' }] };
    const numbers = avroType(schema);
    expect(avroType({ ...schema })).toBe(numbers);
    const bigints = avroType(schema, { bigintLongs: true });
    expect(bigints).not.toBe(numbers);
    expect(numbers.fromBuffer(numbers.toBuffer({ n: 5 }))).toEqual({ n: 5 });
    expect(bigints.fromBuffer(bigints.toBuffer({ n: 5n }))).toEqual({ n: 5n });
    expect(avroType({ ...schema, name: 's' })).not.toBe(numbers);
  });
});

describe('memoized records', () => {
  const schema = {
    type: 'record',
    name: 'm',
    fields: [
      { name: 'name', type: 'string' },
      { name: 'n', type: 'long' },
    ],
  };
  const toRecord = (v: { name: string; n: number }) => ({ name: v.name, n: v.n });

  it('write the bytes the records themselves write, whether encoded now or earlier, block by block', () => {
    const memo = new WeakMap<object, Uint8Array>();
    const values = Array.from({ length: 50 }, (_, i) => ({
      name: `manifest-${i}`.repeat(i % 7),
      n: i * 1e9,
    }));
    for (const [round, slice] of [values.slice(0, 20), values, values.slice(10)].entries()) {
      const options = { codec: 'null', random: new SeededRandom(round), blockSize: 300 };
      const plain = writeAvroContainer(schema, slice.map(toRecord), options);
      const memoized = writeAvroContainer(
        schema,
        { values: slice, toRecord, memo },
        {
          ...options,
          random: new SeededRandom(round),
        },
      );
      expect(memoized).toEqual(plain);
    }
  });
});
