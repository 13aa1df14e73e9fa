import { InvalidJobError } from './errors.js';

/**
 * Refuses keys an options object does not know, as `jobConfigFromFlink` refuses unknown Flink keys: a typo such
 * as `maxParalelism` must not be ignored silently. `what` names the object (e.g. "the job configuration").
 */
export function checkKeys(what: string, options: unknown, accepted: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidJobError(`${capitalize(what)} must be an object, got ${describe(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!accepted.includes(key)) {
      throw new InvalidJobError(`Unknown key '${key}' in ${what}; accepted keys: ${accepted.join(', ')}.`);
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value} ${String(value)}`;
}
