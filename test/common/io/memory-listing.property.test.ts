import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/clock.js';
import { type FileIO, utf8 } from '../../../src/common/io/file-io.js';
import { MemoryFileIO } from '../../../src/common/io/memory-file-io.js';
import { runs } from '../../sweep-runs.js';

/**
 * MemoryFileIO keeps each directory's sorted listing and updates it in place on every change (issue 14).
 * A filesystem listed after every operation must list exactly what one built by the same operations and
 * listed only at the end lists: same names, order, sizes, times and kinds.
 */
const names = ['a', 'b', 'snapshot-1', 'snapshot-10', 'snapshot-2', 'x.tmp'];
const dirs = ['/w', '/w/a', '/w/b', '/w/a/c'];
const path = fc.tuple(fc.constantFrom(...dirs), fc.constantFrom(...names)).map(([d, n]) => `${d}/${n}`);

type Op =
  | { kind: 'write'; path: string; size: number }
  | { kind: 'overwrite'; path: string; size: number }
  | { kind: 'atomic'; path: string; size: number }
  | { kind: 'exclusive'; path: string; size: number }
  | { kind: 'delete'; path: string }
  | { kind: 'deleteDirectory'; path: string }
  | { kind: 'mkdirs'; path: string }
  | { kind: 'tick' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), path, size: fc.nat(4) }),
  fc.record({ kind: fc.constant('overwrite' as const), path, size: fc.nat(4) }),
  fc.record({ kind: fc.constant('atomic' as const), path, size: fc.nat(4) }),
  fc.record({ kind: fc.constant('exclusive' as const), path, size: fc.nat(4) }),
  fc.record({ kind: fc.constant('delete' as const), path }),
  fc.record({ kind: fc.constant('deleteDirectory' as const), path: fc.constantFrom(...dirs) }),
  fc.record({ kind: fc.constant('mkdirs' as const), path: fc.oneof(fc.constantFrom(...dirs), path) }),
  fc.constant({ kind: 'tick' as const }),
);

function apply(io: FileIO, clock: ManualClock, o: Op): void {
  try {
    if (o.kind === 'write') io.writeFile(o.path, new Uint8Array(o.size));
    else if (o.kind === 'overwrite') io.writeFile(o.path, new Uint8Array(o.size), true);
    else if (o.kind === 'atomic') io.writeAtomic(o.path, new Uint8Array(o.size));
    else if (o.kind === 'exclusive') io.createExclusive(o.path, new Uint8Array(o.size));
    else if (o.kind === 'delete') io.delete(o.path);
    else if (o.kind === 'deleteDirectory') io.deleteDirectory(o.path);
    else if (o.kind === 'mkdirs') io.mkdirs(o.path);
    else clock.advance(1);
  } catch {
    // Refused operations (a file already there) change nothing, in both filesystems alike.
  }
}

const listAll = (io: FileIO) => ['/', ...dirs].map((d) => io.list(d).map((s) => ({ ...s })));

describe('MemoryFileIO listings', () => {
  it('stay equal to fresh listings whatever the changes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const clockA = new ManualClock(0);
        const clockB = new ManualClock(0);
        const listed = new MemoryFileIO(clockA);
        const fresh = new MemoryFileIO(clockB);
        for (const o of ops) {
          apply(listed, clockA, o);
          listAll(listed); // fills and then exercises the cached listings
          apply(fresh, clockB, o);
        }
        expect(listAll(listed)).toEqual(listAll(fresh));
      }),
      { seed: 20261201, numRuns: runs(2_000, 200) },
    );
  });

  it('hands out listings the caller may change without changing the next one', () => {
    const io = new MemoryFileIO(new ManualClock(0));
    io.writeFile('/w/snapshot-1', utf8('1'));
    const first = io.list('/w');
    first.pop();
    expect(io.list('/w').map((s) => s.path)).toEqual(['/w/snapshot-1']);
    expect(Object.isFrozen(io.list('/w')[0])).toBe(true);
  });
});
