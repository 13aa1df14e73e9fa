import { FileAlreadyExistsError, FileIOError, FileNotFoundError, PaimonSimError } from '../errors.js';

/** What each OS error code means for the file at hand; Node's own messages for these omit the path at times. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  EROFS: 'read-only file system',
  ENOTEMPTY: 'the directory is not empty',
  EBUSY: 'the resource is busy',
  ELOOP: 'too many levels of symbolic links',
  EXDEV: 'cross-device link',
  EINVAL: 'invalid argument',
  EFBIG: 'the file is too large',
  ERR_INVALID_ARG_VALUE: 'the path contains a NUL byte',
  ERR_INVALID_ARG_TYPE: 'the path is not a string',
};

/**
 * The typed error for a failed filesystem call on `path` during `op`: ENOENT is FileNotFoundError, EEXIST is
 * FileAlreadyExistsError, every other code a FileIOError naming the operation, the path and the code.
 * Errors of the project pass through unchanged.
 */
export function toFileIOError(e: unknown, op: string, path: string): Error {
  if (e instanceof PaimonSimError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new FileNotFoundError(path);
  if (code === 'EEXIST') return new FileAlreadyExistsError(path);
  const known = code === undefined ? undefined : DESCRIPTIONS[code];
  const detail = known ?? (e instanceof Error ? e.message : String(e));
  return new FileIOError(op, path, code ?? 'UNKNOWN', detail, { cause: e });
}

/** The OS error code of a caught error, if it has one. */
export function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
