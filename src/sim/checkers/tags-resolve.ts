import { type Checker, verdict } from './checker.js';

/** Every tag can be read: its snapshot (kept in the tag file) and all the files it needs are there. */
export const tagsResolve: Checker = {
  name: 'tags-resolve',
  invariant: 'every tag resolves: the table can be read at the tag',
  check(run) {
    const broken = run.tags.filter((t) => t.error);
    if (broken.length === 0)
      return verdict(
        this,
        'pass',
        run.tags.length === 0
          ? 'no tags'
          : `${run.tags.length} tags, all readable: ${run.tags.map((t) => `${t.name}@${t.snapshotId}`).join(', ')}`,
      );
    return verdict(
      this,
      'fail',
      `${broken.length} of ${run.tags.length} tags cannot be read`,
      broken.map((t) => `tag ${t.name} (snapshot ${t.snapshotId}): ${t.error}`),
    );
  },
};
