import { CorruptFileError } from '../errors.js';

/**
 * File names read from metadata (snapshot and tag JSON, manifest lists, manifests, index manifests) are joined
 * to a directory of the table. Paimon only ever writes plain names there (`<prefix>-<uuid>-<n>[.ext]`), so
 * anything that could address another directory is corruption, caught when the metadata is decoded rather
 * than when a reader or, worse, expiration uses it.
 */

/** Why `name` is not a plain file name, or undefined when it is one. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.includes('\0')) return 'it contains a NUL byte';
  if (name.includes('/') || name.includes('\\')) return "it contains a path separator ('/' or '\\')";
  // Without separators only the names '.' and '..' themselves still point at another directory.
  if (name === '.' || name === '..') return `'${name}' names a directory`;
  return undefined;
}

/**
 * Throws a plain Error when `name` is not a plain file name: for decoders that wrap their errors into a
 * CorruptFileError of the file they decode (the snapshot and tag decoders).
 */
export function requirePlainFileName(name: string, field: string): string {
  const problem = fileNameProblem(name);
  if (problem !== undefined)
    throw new Error(`${field} '${printable(name)}' is not a plain file name: ${problem}`);
  return name;
}

/** Throws CorruptFileError naming `file` (the metadata file holding the name) when `name` is not plain. */
export function checkPlainFileName(name: string, field: string, file: string, expected: string): string {
  const problem = fileNameProblem(name);
  if (problem !== undefined)
    throw new CorruptFileError(
      file,
      expected,
      `${field} '${printable(name)}' is not a plain file name: ${problem}`,
    );
  return name;
}

/** The file names a snapshot (or a tag's snapshot) holds; call from the snapshot decoder. */
export function requireSnapshotFileNames(snapshot: {
  readonly baseManifestList: string;
  readonly deltaManifestList: string;
  readonly changelogManifestList?: string | null;
  readonly indexManifest?: string;
  readonly statistics?: string;
}): void {
  requirePlainFileName(snapshot.baseManifestList, 'baseManifestList');
  requirePlainFileName(snapshot.deltaManifestList, 'deltaManifestList');
  if (snapshot.changelogManifestList != null)
    requirePlainFileName(snapshot.changelogManifestList, 'changelogManifestList');
  if (snapshot.indexManifest !== undefined) requirePlainFileName(snapshot.indexManifest, 'indexManifest');
  if (snapshot.statistics !== undefined) requirePlainFileName(snapshot.statistics, 'statistics');
}

/**
 * A data file's external path (`_EXTERNAL_PATH`, Paimon's `data-file.external-paths`): a full path or URI
 * Paimon builds as `<external root>/<partition>/bucket-<n>/<fileName>`, so it never has a '.' or '..' segment
 * or a NUL. Where it may point is checked where files are deleted (meta/contained-path.ts).
 */
export function externalPathProblem(externalPath: string): string | undefined {
  if (externalPath.length === 0) return 'it is empty';
  if (externalPath.includes('\0')) return 'it contains a NUL byte';
  if (externalPath.split(/[/\\]/).some((s) => s === '.' || s === '..'))
    return "it contains a '.' or '..' segment";
  return undefined;
}

/** NUL and other control characters shown escaped, so a message never carries them raw. */
function printable(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  return name.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
