import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { type FileIO, readUtf8, utf8 } from '../../../src/common/io/file-io.js';
import { LocalFileIO } from '../../../src/common/io/local-file-io.js';
import { MemoryFileIO } from '../../../src/common/io/memory-file-io.js';
import { SeededRandom } from '../../../src/common/random.js';
import {
  FileAlreadyExistsError,
  FileNotFoundError,
  InjectedFaultError,
} from '../../../src/storage/errors.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'paimon-sim-fileio-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

const implementations: [string, () => { io: FileIO; root: string }][] = [
  ['MemoryFileIO', () => ({ io: new MemoryFileIO(new ManualClock(5)), root: '/w' })],
  [
    'LocalFileIO',
    () => ({ io: new LocalFileIO(new SeededRandom(1)), root: mkdtempSync(join(tempRoot, 'x-')) }),
  ],
];

describe.each(implementations)('%s', (_name, make) => {
  it('writes, reads, lists sorted and deletes', () => {
    const { io, root } = make();
    io.writeFile(`${root}/a/b/2.txt`, utf8('two'));
    io.writeFile(`${root}/a/b/1.txt`, utf8('one'));
    io.mkdirs(`${root}/a/b/c`);
    expect(readUtf8(io, `${root}/a/b/1.txt`)).toBe('one');
    expect(io.list(`${root}/a/b`).map((s) => [s.path.slice(root.length), s.isDirectory, s.size])).toEqual([
      ['/a/b/1.txt', false, 3],
      ['/a/b/2.txt', false, 3],
      ['/a/b/c', true, 0],
    ]);
    expect(io.delete(`${root}/a/b/1.txt`)).toBe(true);
    expect(io.delete(`${root}/a/b/1.txt`)).toBe(false);
    expect(io.list(`${root}/missing`)).toEqual([]);
    expect(io.deleteDirectory(`${root}/a`)).toBe(true);
    expect(io.exists(`${root}/a/b/2.txt`)).toBe(false);
  });

  it('refuses to overwrite unless asked, and names the missing file', () => {
    const { io, root } = make();
    io.writeFile(`${root}/f`, utf8('1'));
    expect(() => io.writeFile(`${root}/f`, utf8('2'))).toThrow(FileAlreadyExistsError);
    io.writeFile(`${root}/f`, utf8('3'), true);
    expect(readUtf8(io, `${root}/f`)).toBe('3');
    expect(() => io.readFile(`${root}/nope`)).toThrow(new FileNotFoundError(`${root}/nope`));
  });

  it('creates exclusively exactly once and replaces atomically', () => {
    const { io, root } = make();
    expect(io.createExclusive(`${root}/snapshot/snapshot-1`, utf8('first'))).toBe(true);
    expect(io.createExclusive(`${root}/snapshot/snapshot-1`, utf8('second'))).toBe(false);
    expect(readUtf8(io, `${root}/snapshot/snapshot-1`)).toBe('first');
    io.writeAtomic(`${root}/snapshot/LATEST`, utf8('1'));
    io.writeAtomic(`${root}/snapshot/LATEST`, utf8('2'));
    expect(readUtf8(io, `${root}/snapshot/LATEST`)).toBe('2');
    // no temporary files are left behind
    expect(io.list(`${root}/snapshot`).map((s) => s.path.slice(s.path.lastIndexOf('/') + 1))).toEqual([
      'LATEST',
      'snapshot-1',
    ]);
  });
});

describe('MemoryFileIO hooks', () => {
  it('a crash between the temp write and the rename leaves the old content', () => {
    const io = new MemoryFileIO();
    io.writeAtomic('/t/LATEST', utf8('1'));
    io.setHook((op) => {
      if (op.kind === 'writeAtomic.rename') throw new InjectedFaultError('rename');
    });
    expect(() => io.writeAtomic('/t/LATEST', utf8('2'))).toThrow(InjectedFaultError);
    io.setHook(undefined);
    expect(readUtf8(io, '/t/LATEST')).toBe('1');
  });

  it('stamps modification times from the injected clock', () => {
    const clock = new ManualClock(1000);
    const io = new MemoryFileIO(clock);
    io.writeFile('/a', utf8('x'));
    clock.advance(500);
    io.writeFile('/b', utf8('y'));
    expect(io.status('/a')?.modificationTimeMs).toBe(1000);
    expect(io.status('/b')?.modificationTimeMs).toBe(1500);
  });
});

describe('MemoryFileIO listing', () => {
  it('lists the direct children after writes, atomic writes, deletes and directory deletes', () => {
    const io = new MemoryFileIO();
    io.writeFile('/w/t/snapshot/snapshot-2', Uint8Array.of(1));
    io.writeFile('/w/t/snapshot/snapshot-1', Uint8Array.of(1));
    io.writeAtomic('/w/t/snapshot/LATEST', Uint8Array.of(2));
    io.writeFile('/w/t/bucket-0/data-1', Uint8Array.of(1));
    io.mkdirs('/w/t/empty');
    const names = (dir: string) => io.list(dir).map((s) => `${s.path}${s.isDirectory ? '/' : ''}`);
    expect(names('/w/t/snapshot')).toEqual([
      '/w/t/snapshot/LATEST',
      '/w/t/snapshot/snapshot-1',
      '/w/t/snapshot/snapshot-2',
    ]);
    expect(names('/w/t/')).toEqual(['/w/t/bucket-0/', '/w/t/empty/', '/w/t/snapshot/']);
    expect(names('/')).toEqual(['/w/']);
    io.delete('/w/t/snapshot/snapshot-1');
    expect(names('/w/t/snapshot')).toEqual(['/w/t/snapshot/LATEST', '/w/t/snapshot/snapshot-2']);
    io.writeFile('/w/t/bucket-0/sub/deeper/data-9', Uint8Array.of(1));
    expect(io.deleteDirectory('/w/t/bucket-0')).toBe(true);
    expect(names('/w/t')).toEqual(['/w/t/empty/', '/w/t/snapshot/']);
    expect(io.allFiles().filter((p) => p.startsWith('/w/t/bucket-0'))).toEqual([]);
    expect(io.exists('/w/t/bucket-0/sub')).toBe(false);
    expect(names('/w/t/bucket-0')).toEqual([]);
    io.writeFile('/w/t/bucket-0/data-2', Uint8Array.of(1));
    expect(names('/w/t/bucket-0')).toEqual(['/w/t/bucket-0/data-2']);
  });
});
