import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { readAvroContainer, writeAvroContainer } from '../../../src/storage/format/avro/container.js';

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
