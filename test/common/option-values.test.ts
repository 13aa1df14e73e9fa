import { describe, expect, it } from 'vitest';
import { parseDurationMillis, parseMemoryBytes, parseOptionValue } from '../../src/common/option-values.js';
import { jobConfigFromFlink } from '../../src/runtime/options.js';
import { parseDurationMs, validateOptions } from '../../src/storage/options.js';

describe('one reading of option values for table and runtime options', () => {
  it("reads durations as Flink's TimeUtils.parseDuration", () => {
    expect(parseDurationMillis('42')).toBe(42);
    expect(parseDurationMillis(' 10 s ')).toBe(10_000);
    expect(parseDurationMillis('500ms')).toBe(500);
    expect(parseDurationMillis('2 MIN')).toBe(120_000);
    expect(parseDurationMillis('3 m')).toBe(180_000);
    expect(parseDurationMillis('1 hours')).toBe(3_600_000);
    expect(parseDurationMillis('2 days')).toBe(172_800_000);
    expect(parseDurationMillis('7 millis')).toBe(7);
    expect(parseDurationMillis('1500 micros')).toBe(1);
    expect(parseDurationMillis('999999 ns')).toBe(0);
    for (const bad of ['', 'soon', '1.5 s', '-1 s', '+1 s', '10 weeks', 's'])
      expect(parseDurationMillis(bad), bad).toBeUndefined();
  });

  it('reads memory sizes as MemorySize.parse (binary units; a bare number is bytes)', () => {
    expect(parseMemoryBytes('100')).toBe(100);
    expect(parseMemoryBytes('8 mb')).toBe(8 * 1024 ** 2);
    expect(parseMemoryBytes('1G')).toBe(1024 ** 3);
    expect(parseMemoryBytes('2 kibibytes')).toBe(2048);
    expect(parseMemoryBytes('1 tebibytes')).toBe(1024 ** 4);
    for (const bad of ['', '1.5 mb', '-1 kb', '1 pb', 'mb'])
      expect(parseMemoryBytes(bad), bad).toBeUndefined();
  });

  it('reads booleans case-insensitively and integers within their Java range', () => {
    expect(parseOptionValue({ type: 'boolean' }, 'TRUE')).toEqual({ ok: true, value: true });
    expect(parseOptionValue({ type: 'int' }, '2147483648')).toMatchObject({ ok: false });
    expect(parseOptionValue({ type: 'long' }, '2147483648')).toEqual({ ok: true, value: 2147483648 });
    expect(parseOptionValue({ type: 'int' }, '1e3')).toMatchObject({ ok: false, expected: 'an integer' });
    expect(parseOptionValue({ type: 'double' }, '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseOptionValue({ type: 'double' }, '')).toMatchObject({ ok: false });
  });

  it('gives the same verdict on a duration through table options and through runtime options', () => {
    for (const text of ['10 s', '1.5 s', '2 min', '3 m', '1 hours', '7 millis', 'soon', '1 w']) {
      const table = attempt(() => parseDurationMs('snapshot.time-retained', text));
      const runtime = attempt(
        () =>
          jobConfigFromFlink({ 'execution.checkpointing.interval': text }).checkpointing
            ?.intervalMs as number,
      );
      expect(runtime, text).toEqual(table);
    }
    expect(() => validateOptions({ 'snapshot.time-retained': '1.5 s' })).toThrow(
      /Invalid value '1.5 s' for option 'snapshot.time-retained'/,
    );
    expect(() =>
      jobConfigFromFlink({
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': '1e3',
      }),
    ).toThrow("Option 'restart-strategy.fixed-delay.attempts' expects an integer, got '1e3'.");
  });
});

function attempt(f: () => number): number | 'refused' {
  try {
    return f();
  } catch {
    return 'refused';
  }
}
