import { type Checker, verdict } from './checker.js';

/** TigerBeetle's storage checker: every file a snapshot or tag references is on disk. */
export const referencedFiles: Checker = {
  name: 'referenced-files',
  invariant: 'every data file referenced by a snapshot or a tag exists, and their manifests can be read',
  check(run) {
    const witness = run.references.flatMap((r) => [
      ...(r.error ? [`${r.by}: cannot read its manifests: ${r.error}`] : []),
      ...r.missing.map((p) => `${r.by} references ${p}, which does not exist`),
    ]);
    const files = run.references.reduce((n, r) => n + r.files, 0);
    if (witness.length === 0)
      return verdict(
        this,
        'pass',
        `${run.references.length} snapshots and tags, ${files} file references, all present`,
      );
    return verdict(
      this,
      'fail',
      'files a snapshot or tag still needs are gone (expired or deleted too early)',
      witness,
    );
  },
};
