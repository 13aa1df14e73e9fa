import { isDeepStrictEqual } from 'node:util';
import { afterEach } from 'vitest';
import { setWrittenValueCheck } from '../../src/storage/meta/decoded-file-cache.js';

/**
 * Every suite runs with the decoded-file cache's write-time values checked: what a writer remembers for a
 * file must be exactly what decoding that file yields (same fields, same types, nulls where the decoder
 * gives null), or the cache would serve readers something the file does not say.
 *
 * The check throws where the write happens, but a simulated job turns any error into a task failure and
 * restarts, so a mismatch could pass unseen: every mismatch is also kept and fails the test it happened in.
 */
const mismatches: string[] = [];

setWrittenValueCheck((path, decoded, remembered) => {
  if (isDeepStrictEqual(decoded, remembered)) return;
  const text =
    `decoded-file cache: the value remembered for ${path} differs from its decoding\n` +
    `decoded:    ${show(decoded)}\nremembered: ${show(remembered)}`;
  mismatches.push(text);
  throw new Error(text);
});

/** Takes the mismatches seen so far (for the test of the check itself). */
export function takeMismatches(): string[] {
  return mismatches.splice(0);
}

afterEach(() => {
  if (mismatches.length > 0) throw new Error(mismatches.splice(0).join('\n\n'));
});

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `${v.constructor.name}[${[...v]}]` : v,
  ).slice(0, 2000);
}
