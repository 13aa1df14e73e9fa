import { ScenarioError } from './errors.js';

/** Small checks for values read from JSON; each error names the JSON path it found the problem at. */
export type Json = Record<string, unknown>;

export function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ScenarioError(where, `expected an object, got ${JSON.stringify(value)}`);
  return value as Json;
}

export function knownFields(o: Json, known: readonly string[], where: string): void {
  for (const k of Object.keys(o))
    if (!known.includes(k))
      throw new ScenarioError(
        where === '' ? k : `${where}.${k}`,
        `unknown field; expected one of ${known.join(', ')}`,
      );
}

export function optionalText(value: unknown, where: string): string | undefined {
  if (value !== undefined && typeof value !== 'string')
    throw new ScenarioError(where, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

export function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new ScenarioError(where, `expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

export function optionalInt(value: unknown, where: string, min: number): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min))
    throw new ScenarioError(where, `expected an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return value;
}

export function int(value: unknown, where: string, min: number): number {
  if (value === undefined) throw new ScenarioError(where, `missing: expected an integer ≥ ${min}`);
  return optionalInt(value, where, min)!;
}

export function optionalBool(value: unknown, where: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean')
    throw new ScenarioError(where, `expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

export function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  const o = object(value, where);
  for (const [k, v] of Object.entries(o))
    if (typeof v !== 'string')
      throw new ScenarioError(
        `${where}.${k}`,
        `option values are strings (as in Paimon), got ${JSON.stringify(v)}`,
      );
  return o as Record<string, string>;
}

export function oneOf<T extends string>(value: unknown, choices: readonly T[], where: string): T {
  if (!choices.includes(value as T))
    throw new ScenarioError(
      where,
      `unknown value ${JSON.stringify(value)}; expected one of ${choices.join(', ')}`,
    );
  return value as T;
}
