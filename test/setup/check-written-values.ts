import { isDeepStrictEqual } from 'node:util';
import { setWrittenValueCheck } from '../../src/storage/table/decoded-file-cache.js';

/**
 * Every suite runs with the decoded-file cache's write-time values checked: what a writer remembers for a
 * file must be exactly what decoding that file yields (same fields, same types, nulls where the decoder
 * gives null), or the cache would serve readers something the file does not say.
 */
setWrittenValueCheck((path, decoded, remembered) => {
  if (!isDeepStrictEqual(decoded, remembered))
    throw new Error(
      `decoded-file cache: the value remembered for ${path} differs from its decoding\n` +
        `decoded:    ${show(decoded)}\nremembered: ${show(remembered)}`,
    );
});

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `${v.constructor.name}[${[...v]}]` : v,
  ).slice(0, 2000);
}
