import type { DataField, DataType, Row } from '../../storage/index.js';
import { decimalToUnscaled } from '../../storage/spec/values.js';
import { UsageError } from '../args.js';
import { cellText } from '../io/values.js';

/** One `--where` condition: `col=value`, `col!=value`, `<`, `<=`, `>`, `>=`, `col is null`, `col is not null`. */
export interface Condition {
  readonly column: string;
  readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'null' | 'not null';
  readonly literal?: string;
  test(row: Row): boolean;
}

const COMPARISON = /^\s*([^\s=!<>]+)\s*(<=|>=|!=|=|<|>)\s*(.*)$/s;
const NULL_TEST = /^\s*([^\s=!<>]+)\s+is\s+(not\s+)?null\s*$/i;

export function parseCondition(command: string, text: string, fields: readonly DataField[]): Condition {
  const nullTest = NULL_TEST.exec(text);
  const m = nullTest ? undefined : COMPARISON.exec(text);
  const column = nullTest?.[1] ?? m?.[1];
  if (column === undefined) {
    throw new UsageError(
      `${command}: --where '${text}' is not a condition`,
      "write col=value, col!=value, col<value, col<=value, col>value, col>=value, 'col is null' or 'col is not null'",
    );
  }
  const field = fields.find((f) => f.name === column);
  if (!field) {
    throw new UsageError(
      `${command}: --where names unknown column '${column}'`,
      `columns: ${fields.map((f) => f.name).join(', ')}`,
    );
  }
  if (nullTest) {
    const notNull = nullTest[2] !== undefined;
    return {
      column,
      op: notNull ? 'not null' : 'null',
      test: (row) => (row[column] === null || row[column] === undefined) !== notNull,
    };
  }
  const op = m![2] as Condition['op'];
  const literal = m![3]!.replace(/^'(.*)'$/s, '$1');
  const compare = comparator(command, field.type, literal, text);
  return {
    column,
    op,
    literal,
    test: (row) => {
      const value = row[column];
      if (value === null || value === undefined) return false; // SQL: a comparison with NULL is not true
      const c = compare(value);
      return op === '='
        ? c === 0
        : op === '!='
          ? c !== 0
          : op === '<'
            ? c < 0
            : op === '<='
              ? c <= 0
              : op === '>'
                ? c > 0
                : c >= 0;
    },
  };
}

/** value ↦ sign of (value - literal), comparing as the column's type does. */
function comparator(
  command: string,
  type: DataType,
  literal: string,
  text: string,
): (value: unknown) => number {
  const bad = (what: string) => new UsageError(`${command}: --where '${text}': '${literal}' is not ${what}`);
  switch (type.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE': {
      const n = Number(literal);
      if (literal.trim() === '' || Number.isNaN(n)) throw bad('a number');
      return (v) => Math.sign((v as number) - n);
    }
    case 'BIGINT': {
      if (!/^[+-]?\d+$/.test(literal.trim())) throw bad('a whole number');
      const n = BigInt(literal.trim());
      return (v) => ((v as bigint) < n ? -1 : (v as bigint) > n ? 1 : 0);
    }
    case 'DECIMAL': {
      let n: bigint;
      try {
        n = decimalToUnscaled(literal, type.scale);
      } catch {
        throw bad(`a DECIMAL(${type.precision}, ${type.scale})`);
      }
      return (v) => {
        const u = decimalToUnscaled(v as string, type.scale);
        return u < n ? -1 : u > n ? 1 : 0;
      };
    }
    case 'BOOLEAN':
      if (literal !== 'true' && literal !== 'false') throw bad('true or false');
      return (v) => (String(v) === literal ? 0 : v ? 1 : -1);
    default:
      // strings, dates (YYYY-MM-DD) and ISO timestamps order as their text
      return (v) => {
        const t = cellText(type, v);
        return t < literal ? -1 : t > literal ? 1 : 0;
      };
  }
}
