import { dateFromIso, Timestamp } from '../../src/storage/spec/values.js';
import type { InteropCase } from './harness.js';

const ts = (iso: string) => Timestamp.parse(iso);
const day = (iso: string) => dateFromIso(iso);

/**
 * The cases every interop direction runs (pypaimon-self, roundtrip). Values are in paimon-sim's JS model.
 * All are append tables (primaryKeys empty): pypaimon 2.1.0 writes PK tables too (see FACTS.md §5), but
 * paimon-sim does not have them yet. Only what pypaimon 2.1.0 can write is used.
 */
export const CASES: InteropCase[] = [
  {
    name: 'column types with nulls, two commits',
    table: 'db.types',
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'flag', type: 'BOOLEAN' },
      { name: 'tiny', type: 'TINYINT' },
      { name: 'short', type: 'SMALLINT' },
      { name: 'small', type: 'INT' },
      { name: 'name', type: 'STRING' },
      { name: 'code', type: 'VARCHAR(20)' },
      { name: 'real', type: 'FLOAT' },
      { name: 'ratio', type: 'DOUBLE' },
      { name: 'price', type: 'DECIMAL(10, 2)' },
      { name: 'big', type: 'DECIMAL(28, 6)' },
      { name: 'ts3', type: 'TIMESTAMP(3)' },
      { name: 'ts6', type: 'TIMESTAMP(6)' },
      { name: 'day', type: 'DATE' },
      { name: 'raw', type: 'BYTES' },
    ],
    commits: [
      {
        rows: [
          {
            id: 1n,
            flag: true,
            tiny: -128,
            short: 32767,
            small: -5,
            name: 'ada',
            code: 'A-1',
            real: 1.5,
            ratio: 0.5,
            price: '12.30',
            big: '1234567890123456789012.123456',
            ts3: ts('2024-01-02T03:04:05.123'),
            ts6: ts('2024-01-02T03:04:05.123456'),
            day: day('2024-01-02'),
            raw: Uint8Array.from([0, 1, 255]),
          },
          {
            id: 9223372036854775807n,
            flag: null,
            tiny: null,
            short: null,
            small: null,
            name: null,
            code: null,
            real: null,
            ratio: null,
            price: null,
            big: null,
            ts3: null,
            ts6: null,
            day: null,
            raw: null,
          },
        ],
      },
      {
        rows: [
          {
            id: -9223372036854775808n,
            flag: false,
            tiny: 127,
            short: -32768,
            small: 2147483647,
            name: 'grüße, 東京 and a long string past sixteen chars',
            code: '',
            real: -0.25,
            ratio: -1e300,
            price: '-0.01',
            big: '-0.000001',
            ts3: ts('1969-12-31T23:59:59.999'),
            ts6: ts('2262-04-11T23:47:16.854775'),
            day: day('1969-12-31'),
            raw: new Uint8Array(0),
          },
          {
            id: 0n,
            flag: true,
            tiny: 0,
            short: 0,
            small: 0,
            name: '',
            code: 'seven b',
            real: 0,
            ratio: 0,
            price: '0.00',
            big: '0.000000',
            ts3: ts('1970-01-01T00:00:00.000'),
            ts6: ts('1900-01-01T00:00:00.000001'),
            day: day('1970-01-01'),
            raw: Uint8Array.from([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]),
          },
        ],
      },
    ],
  },
  {
    name: 'partitioned, special characters in partition values, overwrite of one partition',
    table: 'db.parts',
    fields: [
      { name: 'id', type: 'BIGINT' },
      { name: 'v', type: 'STRING' },
      { name: 'p', type: 'STRING' },
    ],
    partitionKeys: ['p'],
    commits: [
      {
        rows: [
          { id: 1n, v: 'a', p: 'x' },
          { id: 2n, v: 'b', p: 'a b/c=d%e' },
          { id: 3n, v: 'c', p: 'x' },
        ],
      },
      { rows: [{ id: 4n, v: 'd', p: 'y' }] },
      { rows: [{ id: 5n, v: 'e', p: 'x' }], overwrite: { p: 'x' } },
    ],
  },
  {
    name: 'two partition keys (STRING, INT), unqualified overwrite replaces only the partitions written',
    table: 'db.parts2',
    fields: [
      { name: 'id', type: 'BIGINT' },
      { name: 'region', type: 'STRING' },
      { name: 'n', type: 'INT' },
    ],
    partitionKeys: ['region', 'n'],
    commits: [
      {
        rows: [
          { id: 1n, region: 'eu', n: 1 },
          { id: 2n, region: 'eu', n: 2 },
          { id: 3n, region: 'us', n: 1 },
        ],
      },
      {
        rows: [
          { id: 4n, region: 'eu', n: 2 },
          { id: 5n, region: 'ap', n: 7 },
        ],
        overwrite: {},
      },
    ],
  },
  {
    name: 'fixed buckets (bucket = 2, bucket-key = id), several commits',
    table: 'db.buckets',
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'name', type: 'STRING' },
    ],
    options: { bucket: '2', 'bucket-key': 'id' },
    commits: [
      { rows: Array.from({ length: 20 }, (_, i) => ({ id: BigInt(i), name: `n${i}` })) },
      { rows: Array.from({ length: 10 }, (_, i) => ({ id: BigInt(100 + i), name: `m${i}` })) },
      { rows: [{ id: -1n, name: null }] },
    ],
  },
  {
    name: 'unpartitioned overwrite of the whole table',
    table: 'db.whole',
    fields: [
      { name: 'k', type: 'INT' },
      { name: 'v', type: 'STRING' },
    ],
    commits: [
      {
        rows: [
          { k: 1, v: 'old' },
          { k: 2, v: 'old' },
        ],
      },
      { rows: [{ k: 3, v: 'new' }], overwrite: {} },
      { rows: [{ k: 4, v: 'after' }] },
    ],
  },
  {
    name: 'Avro data files (file.format = avro), snappy manifests',
    table: 'db.avro',
    fields: [
      { name: 'id', type: 'BIGINT' },
      { name: 'price', type: 'DECIMAL(10, 2)' },
      { name: 'ts', type: 'TIMESTAMP(6)' },
      { name: 'p', type: 'STRING' },
    ],
    partitionKeys: ['p'],
    options: { 'file.format': 'avro', 'manifest.compression': 'snappy' },
    commits: [
      {
        rows: [
          { id: 1n, price: '1.10', ts: ts('2024-05-06T07:08:09.123456'), p: 'a' },
          { id: null, price: null, ts: null, p: 'b' },
        ],
      },
      { rows: [{ id: 2n, price: '-3.00', ts: ts('1999-12-31T23:59:59.999999'), p: 'a' }] },
    ],
  },
];
