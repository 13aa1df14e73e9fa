import { describe, expect, it } from 'vitest';
import { parseDataType } from '../../../src/storage/spec/data-types.js';
import { Timestamp } from '../../../src/storage/spec/values.js';
import {
  escapePathName,
  partitionPath,
  unescapePathName,
} from '../../../src/storage/table/partition-path.js';

describe('partition paths', () => {
  it('escapes characters unsafe in paths as Hive does', () => {
    expect(escapePathName('a b/c=d%e:f')).toBe('a b%2Fc%3Dd%25e%3Af');
    expect(escapePathName('plain-name_1.2')).toBe('plain-name_1.2');
    expect(unescapePathName(escapePathName('x/y=z#{}[]^?*\\'))).toBe('x/y=z#{}[]^?*\\');
  });

  it('builds k=v directories with the default name for null and empty values', () => {
    const types = ['STRING', 'INT', 'DATE'].map(parseDataType);
    expect(partitionPath(['dt', 'hr', 'd'], types, ['2024-01-01', 5, 19723], '__DEFAULT_PARTITION__')).toBe(
      'dt=2024-01-01/hr=5/d=19723',
    );
    expect(partitionPath(['dt', 'hr'], types, [null, 1], '__DEFAULT_PARTITION__')).toBe(
      'dt=__DEFAULT_PARTITION__/hr=1',
    );
    expect(partitionPath(['dt'], types, [''], '__DEFAULT_PARTITION__')).toBe('dt=__DEFAULT_PARTITION__');
  });

  it('writes timestamps as LocalDateTime.toString does', () => {
    const type = [parseDataType('TIMESTAMP(3)')];
    expect(partitionPath(['ts'], type, [Timestamp.parse('2024-01-02T03:04:00')], 'd')).toBe(
      'ts=2024-01-02T03%3A04',
    );
    expect(partitionPath(['ts'], type, [Timestamp.parse('2024-01-02T03:04:05.120')], 'd')).toBe(
      'ts=2024-01-02T03%3A04%3A05.120',
    );
  });
});
