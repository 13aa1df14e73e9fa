import type { FileIO } from '../../common/io/file-io.js';
import { PathOutsideRootError } from '../errors.js';

/**
 * The one check every deletion of table files goes through (expiration, tag deletion, rollback, orphan
 * cleaning, commit cleanup): whatever metadata says, nothing outside the table directory is ever deleted.
 * Names are already checked when metadata is decoded (spec/file-name.ts); this is the last line of defence,
 * also against paths that no decoder saw (external paths, listings, restored state).
 */

/** `path` with empty, '.' and '..' segments resolved lexically ('/'-separated, as all FileIO paths). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      // '..' above the start of a relative path stays: such a path can never be inside a root.
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!path.startsWith('/')) out.push('..');
    } else {
      out.push(segment);
    }
  }
  return (path.startsWith('/') ? '/' : '') + out.join('/');
}

/** Whether `path` lies strictly below `root` once both are normalized (NUL bytes never do). */
export function isInside(root: string, path: string): boolean {
  if (path.includes('\0') || root.includes('\0')) return false;
  const base = normalizePath(root);
  const target = normalizePath(path);
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return target.startsWith(prefix) && target.length > prefix.length;
}

/** `path`, or a PathOutsideRootError when it is not strictly below `root`. */
export function requireInside(root: string, path: string, op: string): string {
  if (!isInside(root, path)) throw new PathOutsideRootError(path, root, op);
  return path;
}

/** Deletes a file of the table rooted at `root`; returns false when it did not exist. */
export function deleteUnderTable(io: FileIO, root: string, path: string): boolean {
  return io.delete(requireInside(root, path, 'delete'));
}
