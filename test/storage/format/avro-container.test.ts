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
