import { Timestamp } from '../storage/spec/values.js';

/** A value as one cell of text: bigints without 'n', bytes as hex, timestamps ISO, maps as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  if (value instanceof Timestamp) return value.toString();
  if (typeof value === 'object') return jsonText(value);
  return String(value);
}

/** JSON with bigints as numbers-in-text, Maps as objects, bytes as hex. */
export function jsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [cellText(k), x]));
      if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
      if (v instanceof Timestamp) return v.toString();
      return v;
    },
    2,
  );
}

/** A plain-text table with a header row, columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [header.map(String), ...rows.map((r) => r.map(cellText))];
  // a loop, not Math.max(...cells): spreading a large table overflows the call stack
  const widths = header.map(() => 0);
  for (const r of cells) {
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, (r[i] ?? '').length);
  }
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}
