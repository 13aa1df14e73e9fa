/**
 * Paimon's `Timestamp` value (org.apache.paimon.data.Timestamp): shared by the table engine (TIMESTAMP columns)
 * and the runtime (state that holds timestamps), so it lives in the common kernel.
 */

/** Paimon's `Timestamp`: milliseconds since the epoch plus nanoseconds within that millisecond. */
export class Timestamp {
  constructor(
    readonly epochMillis: number,
    readonly nanoOfMillisecond = 0,
  ) {
    if (!Number.isSafeInteger(epochMillis))
      throw new RangeError(`Timestamp millis ${epochMillis} is not an integer`);
    if (!Number.isInteger(nanoOfMillisecond) || nanoOfMillisecond < 0 || nanoOfMillisecond > 999_999) {
      throw new RangeError(`Timestamp nanoOfMillisecond ${nanoOfMillisecond} is not in 0..999999`);
    }
  }

  static fromEpochMicros(micros: bigint): Timestamp {
    const millis = floorDiv(micros, 1000n);
    return new Timestamp(Number(millis), Number(micros - millis * 1000n) * 1000);
  }

  static fromEpochNanos(nanos: bigint): Timestamp {
    const millis = floorDiv(nanos, 1_000_000n);
    return new Timestamp(Number(millis), Number(nanos - millis * 1_000_000n));
  }

  /** Parses an ISO-8601 local date-time such as `2024-01-02T03:04:05.123456` (read as UTC). */
  static parse(text: string): Timestamp {
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z)?$/.exec(text.trim());
    if (!m) throw new RangeError(`'${text}' is not an ISO-8601 timestamp`);
    const base = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}Z`);
    if (Number.isNaN(base)) throw new RangeError(`'${text}' is not an ISO-8601 timestamp`);
    const fraction = (m[5] ?? '').padEnd(9, '0');
    return new Timestamp(base + Number(fraction.slice(0, 3)), Number(fraction.slice(3)));
  }

  toEpochMicros(): bigint {
    return BigInt(this.epochMillis) * 1000n + BigInt(Math.floor(this.nanoOfMillisecond / 1000));
  }

  toEpochNanos(): bigint {
    return BigInt(this.epochMillis) * 1_000_000n + BigInt(this.nanoOfMillisecond);
  }

  toDate(): Date {
    return new Date(this.epochMillis);
  }

  /**
   * As Java's `LocalDateTime.toString()`: `2024-01-02T03:04`, seconds only when non-zero, the fraction in
   * groups of 3, 6 or 9 digits (`2024-01-02T03:04:05.120`).
   */
  toString(): string {
    const iso = new Date(this.epochMillis).toISOString();
    const millis = this.epochMillis - Math.floor(this.epochMillis / 1000) * 1000;
    const nanos = millis * 1_000_000 + this.nanoOfMillisecond;
    let text = iso.slice(0, 16);
    const seconds = iso.slice(17, 19);
    if (seconds !== '00' || nanos > 0) text += `:${seconds}`;
    if (nanos > 0) {
      const digits = String(nanos).padStart(9, '0');
      text += `.${nanos % 1_000_000 === 0 ? digits.slice(0, 3) : nanos % 1000 === 0 ? digits.slice(0, 6) : digits}`;
    }
    return text;
  }

  compareTo(other: Timestamp): number {
    return this.epochMillis !== other.epochMillis
      ? this.epochMillis - other.epochMillis
      : this.nanoOfMillisecond - other.nanoOfMillisecond;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
