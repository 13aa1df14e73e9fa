import { InvalidOptionError } from '../errors.js';
import type { TableOptions } from '../options.js';

/**
 * Period tags (`TagPeriodHandler`): a tag named after the start of a completed period, e.g. `2024-01-02`
 * (daily), `2024-01-02 10` (hourly, two-hours). Times are local date-times as epoch millis read as UTC.
 */
export interface TagPeriod {
  readonly periodMs: number;
  /** The start of the last complete period before `timeMs` (`normalizeToPreviousTag`). */
  previousTag(timeMs: number): number;
  name(timeMs: number): string;
  /** The time a tag name stands for, or undefined when the name is not a tag of this period. */
  parse(name: string): number | undefined;
}

const HOUR_MS = 3_600_000;

export function tagPeriodOf(options: TableOptions): TagPeriod {
  const period = options.string('tag.creation-period');
  const formatter = options.string('tag.period-formatter');
  const periodMs = period === 'daily' ? 24 * HOUR_MS : period === 'hourly' ? HOUR_MS : 2 * HOUR_MS;
  const delay = options.amount('tag.creation-delay');
  if (delay >= periodMs)
    throw new InvalidOptionError(
      'tag.creation-delay',
      options.string('tag.creation-delay')!,
      `a delay shorter than the ${period} period`,
    );
  const daily = period === 'daily';
  // two-hours always uses the dashed hour format (TwoHoursTagPeriodHandler.formatter).
  const style = period === 'two-hours' ? 'with_dashes' : formatter;
  const pattern = daily
    ? style === 'with_dashes'
      ? /^(\d{4})-(\d{2})-(\d{2})$/
      : /^(\d{4})(\d{2})(\d{2})$/
    : style === 'with_dashes'
      ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2})$/
      : style === 'without_dashes'
        ? /^(\d{4})(\d{2})(\d{2}) (\d{2})$/
        : /^(\d{4})(\d{2})(\d{2})(\d{2})$/;
  return {
    periodMs,
    previousTag: (timeMs) => Math.floor(timeMs / periodMs) * periodMs - periodMs,
    name(timeMs) {
      const iso = new Date(timeMs).toISOString();
      const [date, hour] = [iso.slice(0, 10), iso.slice(11, 13)];
      const compact = date.replace(/-/g, '');
      if (daily) return style === 'with_dashes' ? date : compact;
      if (style === 'with_dashes') return `${date} ${hour}`;
      return style === 'without_dashes' ? `${compact} ${hour}` : `${compact}${hour}`;
    },
    parse(name) {
      const m = pattern.exec(name);
      if (!m) return undefined;
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0));
      const d = new Date(ms);
      // STRICT resolution: 2024-02-30 is not a tag
      return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? ms : undefined;
    },
  };
}
