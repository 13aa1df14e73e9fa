import { dateFromIso, Timestamp } from '../../src/storage/spec/values.js';
import type { InteropCase } from './harness.js';

const ts = (iso: string) => Timestamp.parse(iso);

/**
 * Cases beyond what pypaimon 2.1.0 writes or reads (so only the Paimon Java oracle checks them): TIMESTAMP of
 * every storage class (0..3 millis, 4..6 micros, 7..9 nanos), TIMESTAMP_LTZ, DECIMAL up to 38 digits (INT32,
 * INT64 and FIXED_LEN_BYTE_ARRAY in Parquet), CHAR/BINARY, nested ARRAY/MAP/MULTISET/ROW.
 */
export const JAVA_CASES: InteropCase[] = [
  {
    name: 'TIMESTAMP(0..6) and TIMESTAMP_LTZ(3, 6)',
    table: 'db.ts_micro',
    fields: [
      { name: 'id', type: 'INT NOT NULL' },
      { name: 't0', type: 'TIMESTAMP(0)' },
      { name: 't1', type: 'TIMESTAMP(1)' },
      { name: 't3', type: 'TIMESTAMP(3)' },
      { name: 't4', type: 'TIMESTAMP(4)' },
      { name: 't6', type: 'TIMESTAMP(6)' },
      { name: 'l3', type: 'TIMESTAMP(3) WITH LOCAL TIME ZONE' },
      { name: 'l6', type: 'TIMESTAMP(6) WITH LOCAL TIME ZONE' },
    ],
    commits: [
      {
        rows: [
          {
            id: 1,
            t0: ts('2024-01-02T03:04:05'),
            t1: ts('2024-01-02T03:04:05.1'),
            t3: ts('1969-12-31T23:59:59.999'),
            t4: ts('2024-01-02T03:04:05.1234'),
            t6: ts('1900-01-01T00:00:00.000001'),
            l3: ts('2024-06-30T12:00:00.123'),
            l6: ts('1970-01-01T00:00:00.000001'),
          },
          { id: 2, t0: null, t1: null, t3: null, t4: null, t6: null, l3: null, l6: null },
        ],
      },
      {
        rows: [
          {
            id: 3,
            t0: ts('1969-12-31T23:59:59'),
            t1: ts('2262-04-11T23:47:16.8'),
            t3: ts('2024-02-29T00:00:00.001'),
            t4: ts('1960-05-05T05:05:05.0005'),
            t6: ts('2262-04-11T23:47:16.854775'),
            l3: ts('1969-12-31T23:59:59.999'),
            l6: ts('2100-01-01T00:00:00.999999'),
          },
        ],
      },
    ],
  },
  {
    name: 'TIMESTAMP(7..9) and TIMESTAMP_LTZ(9) (nanosecond precision)',
    table: 'db.ts_nano',
    fields: [
      { name: 'id', type: 'INT NOT NULL' },
      { name: 't7', type: 'TIMESTAMP(7)' },
      { name: 't9', type: 'TIMESTAMP(9)' },
      { name: 'l9', type: 'TIMESTAMP(9) WITH LOCAL TIME ZONE' },
    ],
    commits: [
      {
        rows: [
          {
            id: 1,
            t7: ts('2024-01-02T03:04:05.1234567'),
            t9: ts('2024-01-02T03:04:05.123456789'),
            l9: ts('1969-12-31T23:59:59.999999999'),
          },
          { id: 2, t7: null, t9: null, l9: null },
        ],
      },
      {
        rows: [
          {
            id: 3,
            t7: ts('1900-01-01T00:00:00.0000001'),
            t9: ts('2262-04-11T23:47:16.854775807'),
            l9: ts('2000-01-01T00:00:00.000000001'),
          },
        ],
      },
    ],
  },
  {
    name: 'DECIMAL up to 38 digits (INT32, INT64 and fixed-length storage)',
    table: 'db.decimals',
    fields: [
      { name: 'id', type: 'INT NOT NULL' },
      { name: 'd9', type: 'DECIMAL(9, 2)' },
      { name: 'd18', type: 'DECIMAL(18, 4)' },
      { name: 'd19', type: 'DECIMAL(19, 0)' },
      { name: 'd38', type: 'DECIMAL(38, 10)' },
      { name: 'd38s0', type: 'DECIMAL(38, 0)' },
    ],
    commits: [
      {
        rows: [
          {
            id: 1,
            d9: '9999999.99',
            d18: '99999999999999.9999',
            d19: '9999999999999999999',
            d38: '9999999999999999999999999999.9999999999',
            d38s0: '99999999999999999999999999999999999999',
          },
          { id: 2, d9: null, d18: null, d19: null, d38: null, d38s0: null },
        ],
      },
      {
        rows: [
          {
            id: 3,
            d9: '-9999999.99',
            d18: '-0.0001',
            d19: '-9999999999999999999',
            d38: '-0.0000000001',
            d38s0: '-99999999999999999999999999999999999999',
          },
          {
            id: 4,
            d9: '0.00',
            d18: '12345678901234.5678',
            d19: '0',
            d38: '1234567890123456789012345678.1234567890',
            d38s0: '1',
          },
        ],
      },
    ],
  },
  {
    name: 'CHAR, BINARY, VARBINARY, DATE bounds',
    table: 'db.fixed',
    fields: [
      { name: 'id', type: 'INT NOT NULL' },
      { name: 'c', type: 'CHAR(5)' },
      { name: 'b', type: 'BINARY(4)' },
      { name: 'vb', type: 'VARBINARY(10)' },
      { name: 'd', type: 'DATE' },
    ],
    commits: [
      {
        rows: [
          {
            id: 1,
            c: 'abcde',
            b: Uint8Array.from([1, 2, 3, 4]),
            vb: Uint8Array.from([255]),
            d: dateFromIso('0001-01-01'),
          },
          { id: 2, c: null, b: null, vb: null, d: null },
          {
            id: 3,
            c: 'äöü東京',
            b: Uint8Array.from([0, 0, 0, 0]),
            vb: new Uint8Array(0),
            d: dateFromIso('9999-12-31'),
          },
        ],
      },
    ],
  },
  {
    name: 'nested types: ARRAY, MAP, MULTISET, ROW, and nestings of them',
    table: 'db.nested',
    fields: [
      { name: 'id', type: 'INT NOT NULL' },
      { name: 'ints', type: 'ARRAY<INT>' },
      { name: 'names', type: 'ARRAY<STRING NOT NULL>' },
      { name: 'm', type: 'MAP<STRING, BIGINT>' },
      { name: 'mi', type: 'MAP<INT, ARRAY<STRING>>' },
      { name: 'bag', type: 'MULTISET<STRING>' },
      { name: 'r', type: 'ROW<a INT, b STRING, c DECIMAL(20, 2)>' },
      { name: 'rs', type: 'ARRAY<ROW<x BIGINT, y TIMESTAMP(6)>>' },
    ],
    commits: [
      {
        rows: [
          {
            id: 1,
            ints: [1, null, -3],
            names: ['a', 'b'],
            m: new Map<string, bigint | null>([
              ['k1', 1n],
              ['k2', null],
            ]),
            mi: new Map([
              [1, ['x', null]],
              [2, []],
            ]),
            bag: new Map([
              ['p', 2],
              ['q', 1],
            ]),
            r: { a: 7, b: 'seven', c: '123456789012345678.90' },
            rs: [
              { x: 1n, y: ts('2024-01-02T03:04:05.123456') },
              { x: null, y: null },
            ],
          },
          { id: 2, ints: null, names: null, m: null, mi: null, bag: null, r: null, rs: null },
        ],
      },
      {
        rows: [
          {
            id: 3,
            ints: [],
            names: [],
            m: new Map(),
            mi: new Map([[-1, null]]),
            bag: new Map(),
            r: { a: null, b: null, c: null },
            rs: [],
          },
        ],
      },
    ],
  },
];
