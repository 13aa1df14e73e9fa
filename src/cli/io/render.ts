import type { DataType } from '../../storage/index.js';
import { cellText, jsonValue } from './values.js';

/** A result to print: named, typed columns and rows of values in column order. */
export interface ResultSet {
  readonly columns: readonly { readonly name: string; readonly type?: DataType }[];
  readonly rows: readonly (readonly unknown[])[];
  /** A line printed after a text table, e.g. "(3 rows)". */
  readonly footer?: string;
}

export type OutputFormat = 'table' | 'json' | 'csv';

/**
 * Prints a result as an aligned text table (cells cut to fit `width` when writing to a terminal), as JSON
 * lines (one object per row), or as CSV (RFC 4180, a header line, NULL as an empty field).
 */
export function render(
  result: ResultSet,
  format: OutputFormat,
  out: (line: string) => void,
  width?: number,
): void {
  if (format === 'json') {
    for (const row of result.rows) {
      const object: Record<string, unknown> = {};
      result.columns.forEach((c, i) => {
        object[c.name] = jsonValue(c.type, row[i]);
      });
      out(JSON.stringify(object));
    }
    return;
  }
  if (format === 'csv') {
    out(result.columns.map((c) => csvField(c.name)).join(','));
    for (const row of result.rows) {
      out(
        row
          .map((v, i) =>
            v === null || v === undefined ? '' : csvField(cellText(result.columns[i]?.type, v)),
          )
          .join(','),
      );
    }
    return;
  }
  for (const line of textTable(result, width)) out(line);
  if (result.footer) out(result.footer);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The smallest width a cut column keeps (headers are cut too). */
const MIN_CUT_WIDTH = 8;

function textTable(result: ResultSet, width: number | undefined): string[] {
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((row) => row.map((v, i) => oneLine(cellText(result.columns[i]?.type, v))));
  const widths = header.map((h) => h.length);
  // a loop, not Math.max(...cells): a spread of a large table overflows the call stack
  for (const row of body) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, row[i]!.length);
  }
  const fitted = width === undefined ? widths : fitToWidth(widths, width);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => cut(c, fitted[i]!).padEnd(fitted[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), fitted.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

/** Shrinks the widest columns until the table fits `width` (or every column is at its minimum). */
function fitToWidth(widths: readonly number[], width: number): number[] {
  const out = [...widths];
  const total = () => out.reduce((a, b) => a + b, 0) + 2 * (out.length - 1);
  while (total() > width) {
    let widest = 0;
    out.forEach((w, i) => {
      if (w > out[widest]!) widest = i;
    });
    const floor = Math.min(out[widest]!, MIN_CUT_WIDTH);
    if (out[widest]! <= floor) break;
    out[widest] = Math.max(floor, out[widest]! - (total() - width));
  }
  return out;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}
