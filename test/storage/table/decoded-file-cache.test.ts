import { afterEach, describe, expect, it } from 'vitest';
import { MemoryFileIO } from '../../../src/common/io/memory-file-io.js';
import { CorruptFileError } from '../../../src/storage/errors.js';
import {
  readDecoded,
  rememberWritten,
  setDecodedFileCache,
} from '../../../src/storage/meta/decoded-file-cache.js';
import { takeMismatches } from '../../setup/check-written-values.js';
import { batchWrite, createTable, memoryCatalog } from './helpers.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('decoded file cache', () => {
  afterEach(() => setDecodedFileCache(true));

  it('decodes a file once while its bytes stay the same, per FileIO and per decoder kind', () => {
    const io = new MemoryFileIO();
    io.writeFile('/t/manifest/m-1', bytes(1, 2, 3));
    let decodes = 0;
    const decode = (b: Uint8Array) => {
      decodes++;
      return [...b];
    };
    expect(readDecoded(io, '/t/manifest/m-1', 'manifest', decode)).toEqual([1, 2, 3]);
    expect(readDecoded(io, '/t/manifest/m-1', 'manifest', decode)).toEqual([1, 2, 3]);
    expect(decodes).toBe(1);
    readDecoded(io, '/t/manifest/m-1', 'manifest-list', decode);
    expect(decodes).toBe(2);
    const other = new MemoryFileIO();
    other.writeFile('/t/manifest/m-1', bytes(1, 2, 3));
    readDecoded(other, '/t/manifest/m-1', 'manifest', decode);
    expect(decodes).toBe(3);
  });

  it('serves what a writer remembered without decoding, but only for the bytes it wrote', () => {
    const io = new MemoryFileIO();
    const written = bytes(7, 8);
    io.writeFile('/t/manifest/m-2', written);
    let decodes = 0;
    const decode = (b: Uint8Array) => {
      decodes++;
      return [...b];
    };
    rememberWritten(io, '/t/manifest/m-2', 'manifest', written, [7, 8], decode);
    const checked = decodes; // the suite's check decodes once (test/setup)
    expect(readDecoded(io, '/t/manifest/m-2', 'manifest', decode)).toEqual([7, 8]);
    expect(decodes).toBe(checked);
    io.writeFile('/t/manifest/m-2', bytes(7, 9), true);
    expect(readDecoded(io, '/t/manifest/m-2', 'manifest', decode)).toEqual([7, 9]);
    expect(decodes).toBe(checked + 1);
  });

  it("refuses, under the suites' check, a remembered value that is not what the bytes decode to", () => {
    const io = new MemoryFileIO();
    io.writeFile('/t/manifest/m-3', bytes(1));
    expect(() => rememberWritten(io, '/t/manifest/m-3', 'manifest', bytes(1), [2], (b) => [...b])).toThrow(
      /differs from its decoding/,
    );
    // kept as well, so a mismatch swallowed by a simulated task failure still fails its test
    expect(takeMismatches()).toHaveLength(1);
  });

  it('never serves a rewritten path stale, even with the same size and modification time', () => {
    const io = new MemoryFileIO(); // clock fixed at 0: every write has the same mtime
    io.writeFile('/t/manifest/m-1', bytes(1, 2, 3));
    const decode = (b: Uint8Array) => [...b];
    readDecoded(io, '/t/manifest/m-1', 'manifest', decode);
    io.writeFile('/t/manifest/m-1', bytes(1, 2, 4), true);
    expect(readDecoded(io, '/t/manifest/m-1', 'manifest', decode)).toEqual([1, 2, 4]);
    io.delete('/t/manifest/m-1');
    expect(() => readDecoded(io, '/t/manifest/m-1', 'manifest', decode)).toThrow();
  });

  it('still reads the file every time, so read hooks fire as without the cache', () => {
    const io = new MemoryFileIO();
    io.writeFile('/t/manifest/m-1', bytes(1));
    const reads: string[] = [];
    io.setHook((op) => {
      if (op.kind === 'read') reads.push(op.path);
    });
    for (let i = 0; i < 3; i++) readDecoded(io, '/t/manifest/m-1', 'manifest', (b) => b.length);
    expect(reads).toHaveLength(3);
  });

  it('decodes every time when turned off', () => {
    setDecodedFileCache(false);
    const io = new MemoryFileIO();
    io.writeFile('/t/manifest/m-1', bytes(1));
    let decodes = 0;
    for (let i = 0; i < 3; i++) readDecoded(io, '/t/manifest/m-1', 'manifest', () => decodes++);
    expect(decodes).toBe(3);
  });

  it('a manifest corrupted in place after a plan fails the next plan with a CorruptFileError', () => {
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, { fields: [{ name: 'k', type: 'INT' }] });
    batchWrite(table, [{ k: 1 }]);
    expect(table.newReadBuilder().plan()).toHaveLength(1);
    const manifest = io.allFiles().find((p) => /\/manifest\/manifest-(?!list)/.test(p))!;
    const data = io.readFile(manifest);
    data[data.length - 20]! ^= 0xff; // same size, same mtime (the clock did not move)
    io.writeFile(manifest, data, true);
    expect(() => table.newReadBuilder().plan()).toThrow(CorruptFileError);
  });
});
