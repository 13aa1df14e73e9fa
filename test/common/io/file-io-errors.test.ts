import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/common/io/file-io.js';
import { toFileIOError } from '../../../src/common/io/fs-error.js';
import { LocalFileIO } from '../../../src/common/io/local-file-io.js';
import { SeededRandom } from '../../../src/common/random.js';
import {
  FileAlreadyExistsError,
  FileIOError,
  FileNotFoundError,
  PaimonSimError,
} from '../../../src/storage/errors.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'paimon-sim-fserr-'));
afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

function setup() {
  const root = mkdtempSync(join(tempRoot, 'x-'));
  writeFileSync(join(root, 'file'), 'data');
  mkdirSync(join(root, 'dir'));
  return { io: new LocalFileIO(new SeededRandom(1)), root };
}

/** The error `action` throws, which must be a FileIOError with this code, naming `path` and `op`. */
function expectFileIOError(action: () => unknown, code: string, path: string, op: string): FileIOError {
  let error: unknown;
  try {
    action();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(FileIOError);
  const e = error as FileIOError;
  expect([e.code, e.path, e.op]).toEqual([code, path, op]);
  expect(e.message).toContain(`'${path}'`);
  expect(e.message).toContain(code);
  return e;
}

describe('LocalFileIO reports every filesystem failure as a typed error naming the path', () => {
  it('a file where a directory is expected: ENOTDIR', () => {
    const { io, root } = setup();
    const below = join(root, 'file', 'child');
    expectFileIOError(() => io.readFile(below), 'ENOTDIR', below, 'read');
    expectFileIOError(() => io.writeFile(join(below, 'x'), utf8('1')), 'ENOTDIR', below, 'create directory');
    expectFileIOError(() => io.list(join(root, 'file')), 'ENOTDIR', join(root, 'file'), 'list');
    // mkdirs onto the file itself: EEXIST from mkdir -p means a file is in the way
    expectFileIOError(() => io.mkdirs(join(root, 'file')), 'EEXIST', join(root, 'file'), 'create directory');
    // Queries answer as java.io.File does: nothing can exist below a file.
    expect(io.exists(below)).toBe(false);
    expect(io.status(below)).toBeUndefined();
    expect(io.delete(below)).toBe(false);
    expect(io.deleteDirectory(below)).toBe(false);
  });

  it('a directory where a file is expected: EISDIR, with the path in the message', () => {
    const { io, root } = setup();
    const dir = join(root, 'dir');
    const e = expectFileIOError(() => io.readFile(dir), 'EISDIR', dir, 'read');
    expect(e.message).toBe(`Cannot read '${dir}': it is a directory (EISDIR)`);
    expectFileIOError(() => io.writeFile(dir, utf8('1'), true), 'EISDIR', dir, 'write');
    expectFileIOError(() => io.delete(dir), 'EISDIR', dir, 'delete');
    // An atomic replace of a directory fails at the rename and leaves no temp file behind.
    expect(() => io.writeAtomic(dir, utf8('1'))).toThrow(FileIOError);
    expect(readdirSync(root).sort()).toEqual(['dir', 'file']);
  });

  it('a name of 300 bytes: ENAMETOOLONG', () => {
    const { io, root } = setup();
    const long = join(root, 'n'.repeat(300));
    expectFileIOError(() => io.readFile(long), 'ENAMETOOLONG', long, 'read');
    expectFileIOError(() => io.writeFile(long, utf8('1')), 'ENAMETOOLONG', long, 'write');
    expectFileIOError(() => io.status(long), 'ENAMETOOLONG', long, 'stat');
    expectFileIOError(() => io.exists(long), 'ENAMETOOLONG', long, 'stat');
    expectFileIOError(() => io.delete(long), 'ENAMETOOLONG', long, 'delete');
    expectFileIOError(() => io.mkdirs(long), 'ENAMETOOLONG', long, 'create directory');
    expect(() => io.createExclusive(long, utf8('1'))).toThrow(FileIOError);
  });

  it('a 255-byte name fits, and its atomic write needs no longer temp name', () => {
    const { io, root } = setup();
    const longest = join(root, 'n'.repeat(255));
    io.writeAtomic(longest, utf8('1'));
    expect(io.createExclusive(join(root, 'm'.repeat(255)), utf8('2'))).toBe(true);
    expect(readdirSync(root)).toHaveLength(4);
  });

  it('a NUL byte in a path is a FileIOError, not a Node TypeError', () => {
    const { io, root } = setup();
    const nul = join(root, 'a\0b');
    expectFileIOError(() => io.readFile(nul), 'ERR_INVALID_ARG_VALUE', nul, 'read');
    expectFileIOError(() => io.exists(nul), 'ERR_INVALID_ARG_VALUE', nul, 'stat');
    expectFileIOError(() => io.delete(nul), 'ERR_INVALID_ARG_VALUE', nul, 'delete');
  });

  it('missing and existing files keep their own error types', () => {
    const { io, root } = setup();
    expect(() => io.readFile(join(root, 'none'))).toThrow(FileNotFoundError);
    expect(() => io.writeFile(join(root, 'file'), utf8('x'))).toThrow(FileAlreadyExistsError);
  });
});

describe('toFileIOError maps codes that cannot be provoked here (tests run as root)', () => {
  const errno = (code: string, message = `${code}: something, open '/p'`) =>
    Object.assign(new Error(message), { code, errno: -1, syscall: 'open', path: '/p' });

  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
    ['EIO', 'input/output error'],
    ['ENOSPC', 'no space left on device'],
    ['EMFILE', 'too many open files in this process'],
    ['ENFILE', 'too many open files in the system'],
    ['EROFS', 'read-only file system'],
    ['EDQUOT', 'disk quota exceeded'],
  ])('%s', (code, detail) => {
    const cause = errno(code);
    const e = toFileIOError(cause, 'write', '/w/t/snapshot/snapshot-1');
    expect(e).toBeInstanceOf(FileIOError);
    expect(e).toBeInstanceOf(PaimonSimError);
    expect(e.message).toBe(`Cannot write '/w/t/snapshot/snapshot-1': ${detail} (${code})`);
    expect((e as FileIOError).cause).toBe(cause);
  });

  it('unknown codes keep Node’s text; ENOENT/EEXIST and project errors keep their types', () => {
    const e = toFileIOError(errno('EWEIRD', 'EWEIRD: odd'), 'list', '/d') as FileIOError;
    expect([e.code, e.message]).toEqual(['EWEIRD', "Cannot list '/d': EWEIRD: odd (EWEIRD)"]);
    const noCode = toFileIOError(new Error('boom'), 'read', '/f') as FileIOError;
    expect([noCode.code, noCode.message]).toEqual(['UNKNOWN', "Cannot read '/f': boom (UNKNOWN)"]);
    expect(toFileIOError(errno('ENOENT'), 'read', '/f')).toEqual(new FileNotFoundError('/f'));
    expect(toFileIOError(errno('EEXIST'), 'write', '/f')).toEqual(new FileAlreadyExistsError('/f'));
    const own = new FileNotFoundError('/x');
    expect(toFileIOError(own, 'read', '/y')).toBe(own);
  });
});
