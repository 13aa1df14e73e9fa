import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TableOptions } from '../../../src/storage/options.js';
import { encodeBinaryRow } from '../../../src/storage/spec/binary-row.js';
import { parseDataType } from '../../../src/storage/spec/data-types.js';
import type { TableSchema } from '../../../src/storage/spec/table-schema.js';
import { BucketRouter } from '../../../src/storage/table/bucket-router.js';
import { hashBytesByWords } from '../../../src/storage/table/murmur-hash.js';

function router(type: string): BucketRouter {
  const schema = {
    fields: [{ id: 0, name: 'k', type: parseDataType(`${type} NOT NULL`) }],
    partitionKeys: [],
    primaryKeys: ['k'],
    options: { bucket: '7' },
  } as unknown as TableSchema;
  return new BucketRouter(schema, new TableOptions({ bucket: '7' }));
}

describe('BucketRouter one-column key fast path', () => {
  it('hashes BIGINT and INT keys exactly as BinaryRow encoding + MurmurHash does', () => {
    const big = router('BIGINT');
    const int = router('INT');
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.integer(), (b, i) => {
        const slow = (t: string, v: unknown) =>
          hashBytesByWords(encodeBinaryRow([parseDataType(`${t} NOT NULL`)], [v]).subarray(4));
        expect(big.keyHash({ k: b })).toBe(slow('BIGINT', b));
        expect(int.keyHash({ k: i })).toBe(slow('INT', i));
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});
