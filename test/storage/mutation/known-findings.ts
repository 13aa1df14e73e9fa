import type { KnownFinding } from './findings.js';

/**
 * Findings of the mutation test in code that other branches of issue 10 are changing (schema and snapshot
 * JSON decoding). The CI test fails when an entry no longer matches anything, so the list shrinks as the
 * fixes land; the sweep uses it too, plus KNOWN_SWEEP_FINDINGS for classes only its seeds reach.
 */
export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  // fixed by issue 10 item "schema/snapshot JSON decoding: snapshot id vs file name" in another branch; remove when merged
  {
    fileKind: 'snapshot',
    mutation: 'copy-as-other-id',
    pattern: /./,
    why: 'snapshot-N copied as snapshot-M is read as snapshot M (the id inside is not checked against the name)',
  },
];

/** As KNOWN_FINDINGS, for classes only the sweep's seeds reach (no staleness check). */
export const KNOWN_SWEEP_FINDINGS: readonly KnownFinding[] = [
  ...KNOWN_FINDINGS,
  // fixed by issue 10 item "schema/snapshot JSON decoding: non-canonical names" in another branch; remove when merged
  {
    fileKind: 'schema',
    mutation: 'json-non-canonical',
    pattern: /^TypeError: Cannot read properties of undefined/,
    why: 'a schema whose primary key names no field (a field renamed " ID") fails with a TypeError in PrimaryKeyStore and $files',
  },
  // fixed by issue 10 item "schema/snapshot JSON decoding" in another branch (or kept, as Jackson's scalar
  // coercion does the same); remove when merged
  {
    fileKind: 'schema',
    mutation: 'json-wrong-type',
    pattern: /^options\./,
    why: 'a schema option given as a JSON number (options.bucket-key = 12) is read as the text "12"',
  },
];
