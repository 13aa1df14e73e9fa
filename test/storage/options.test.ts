import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/storage/errors.js';
import {
  parseDurationMs,
  parseMemoryBytes,
  TableOptions,
  validateOptions,
} from '../../src/storage/options.js';

describe('table options', () => {
  it('gives Paimon defaults and typed values', () => {
    const o = new TableOptions({ bucket: '4', 'snapshot.time-retained': '30 min' });
    expect(o.int('bucket')).toBe(4);
    expect(o.string('file.format')).toBe('parquet');
    expect(o.string('manifest.compression')).toBe('zstd');
    expect(o.int('snapshot.num-retained.min')).toBe(10);
    expect(o.amount('snapshot.time-retained')).toBe(30 * 60_000);
    expect(o.amount('manifest.target-file-size')).toBe(8 * 1024 * 1024);
    expect(o.bool('write-only')).toBe(false);
  });

  it('keeps unknown keys and rejects bad values of known ones, naming key and value', () => {
    expect(() => validateOptions({ 'my.custom.key': 'anything' })).not.toThrow();
    expect(() => validateOptions({ bucket: 'two' })).toThrow(
      new InvalidOptionError('bucket', 'two', 'an integer'),
    );
    expect(() => validateOptions({ 'file.format': 'csv' })).toThrow(/'csv' for option 'file.format'/);
    expect(() => validateOptions({ 'write-only': 'yes' })).toThrow(InvalidOptionError);
    expect(() => validateOptions({ bucket: '-3' })).toThrow(/>= -2/);
  });

  it('parses durations and memory sizes like Flink/Paimon', () => {
    expect(parseDurationMs('k', '1 h')).toBe(3_600_000);
    expect(parseDurationMs('k', '500ms')).toBe(500);
    expect(parseDurationMs('k', '250')).toBe(250);
    expect(parseMemoryBytes('k', '128mb')).toBe(128 * 1024 * 1024);
    expect(() => parseDurationMs('k', '1 fortnight')).toThrow(InvalidOptionError);
  });
});
