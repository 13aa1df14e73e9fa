import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('./src/', import.meta.url));

/** `paimon-sim` (and its subpaths) resolve to src/, so README examples run verbatim as a user writes them. */
export const paimonSimAlias = [
  { find: /^paimon-sim$/, replacement: `${src}index.ts` },
  { find: /^paimon-sim\/(.*)$/, replacement: `${src}$1/index.ts` },
];
