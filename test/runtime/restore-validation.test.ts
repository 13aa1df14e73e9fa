import { describe, expect, it } from 'vitest';
import { readUtf8, utf8 } from '../../src/common/io/file-io.js';
import { StateMigrationError } from '../../src/runtime/errors.js';
import {
  CollectResult,
  CorruptStateError,
  LogSource,
  type LogTopic,
  type MiniCluster,
  RestoreError,
  StreamEnvironment,
} from '../../src/runtime/index.js';
import { KeyedStateBackend } from '../../src/runtime/state/keyed-state.js';
import { OperatorStateBackend } from '../../src/runtime/state/operator-state.js';
import { decodeState, type Encoded } from '../../src/runtime/state/state-codec.js';
import { cluster, countingJob, type Event, topicWith } from './helpers.js';

/** A stop-with-savepoint of the counting job (source offsets, keyed `count` values, pending transactions). */
function savepointOf(c: MiniCluster, topic: LogTopic<Event>): string {
  const job = c.submit(countingJob(topic, new CollectResult(), { checkpointing: { intervalMs: 20 } }));
  c.run({ until: () => job.coordinator.latestCompleted >= 2 });
  job.stopWithSavepoint();
  c.run({ until: () => job.status === 'FINISHED' });
  return (job.stopResult as { path: string }).path;
}

// biome-ignore lint/suspicious/noExplicitAny: a damaged file has no type
type Json = any;

function edit(c: MiniCluster, dir: string, change: (m: Json) => void): string {
  const file = `${dir}/_metadata`;
  const m = JSON.parse(readUtf8(c.fileIO, file)) as Json;
  change(m);
  c.fileIO.writeAtomic(file, utf8(JSON.stringify(m)));
  return file;
}

/** The first keyed state group of the counter's subtask 0 that holds a key, and that entry. */
function firstCount(m: Json): { group: string; pairs: Json[] } {
  const keyed = m.operators.counter.subtasks[0].keyed;
  const group = Object.keys(keyed)[0]!;
  return { group, pairs: keyed[group].count };
}

describe('a damaged _metadata is refused at submit, before any task exists, naming file, uid, subtask and state', () => {
  const cases: [string, (m: Json) => void, (file: string, m: Json) => string][] = [
    [
      'a bigint that is not a number',
      (m) => {
        firstCount(m).pairs[0][1] = { $bigint: 'zz' };
      },
      (f, m) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyed state 'count', key group ${firstCount(m).group}, entry 0, value.$bigint: expected an integer as a decimal string, got "zz"`,
    ],
    [
      'a map tag without pairs',
      (m) => {
        firstCount(m).pairs[0][1] = { $map: 5 };
      },
      (f, m) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyed state 'count', key group ${firstCount(m).group}, entry 0, value.$map: expected an array of [key, value] pairs, got 5`,
    ],
    [
      'keyed pairs that are not an array',
      (m) => {
        const { group } = firstCount(m);
        m.operators.counter.subtasks[0].keyed[group].count = { u0: 3 };
      },
      (f, m) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyed state 'count', key group ${Object.keys(m.operators.counter.subtasks[0].keyed)[0]}: expected an array of [key, value] pairs, got {"u0":3}`,
    ],
    [
      'operators: null',
      (m) => {
        m.operators = null;
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operators: expected an object of operator uid to operator state, got null`,
    ],
    [
      'keyed: "garbage"',
      (m) => {
        m.operators.counter.subtasks[0].keyed = 'garbage';
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyed state: expected an object of key groups (or null), got "garbage"`,
    ],
    [
      'checkpointId -1',
      (m) => {
        m.checkpointId = -1;
      },
      (f) => `Corrupt checkpoint metadata '${f}': checkpointId: expected an integer >= 1, got -1`,
    ],
    [
      'checkpointId 1.5',
      (m) => {
        m.checkpointId = 1.5;
      },
      (f) => `Corrupt checkpoint metadata '${f}': checkpointId: expected an integer >= 1, got 1.5`,
    ],
    [
      'checkpointId 1e300',
      (m) => {
        m.checkpointId = 1e300;
      },
      (f) => `Corrupt checkpoint metadata '${f}': checkpointId: expected an integer >= 1, got 1e+300`,
    ],
    [
      'key group "abc"',
      (m) => {
        const keyed = m.operators.counter.subtasks[0].keyed;
        const { group } = firstCount(m);
        keyed.abc = keyed[group];
        delete keyed[group];
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyed state, key group "abc": expected a key group in 0..127, got "abc"`,
    ],
    [
      'a key group of another subtask',
      (m) => {
        const keyed = m.operators.counter.subtasks[0].keyed;
        const { group } = firstCount(m);
        keyed[100] = keyed[group];
        delete keyed[group];
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyed state, key group 100: expected a key group of this subtask (0..63), got "100"`,
    ],
    [
      'a key moved to another group of the same subtask',
      (m) => {
        const keyed = m.operators.counter.subtasks[0].keyed;
        const { group } = firstCount(m);
        const other = group === '1' ? '2' : '1';
        keyed[other] = keyed[group];
        delete keyed[group];
      },
      (f, m) => {
        const keyed = m.operators.counter.subtasks[0].keyed;
        const g = Object.keys(keyed).find((k) => k === '1' || k === '2')!;
        return `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyed state 'count', key group ${g}, entry 0, key: expected a key of key group ${g}, got ${JSON.stringify(keyed[g].count[0][0])}`;
      },
    ],
    [
      'maxParallelism 1e9',
      (m) => {
        m.operators.counter.maxParallelism = 1e9;
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', maxParallelism: expected an integer in 1..32768, got 1000000000`,
    ],
    [
      'a state kind that is not one',
      (m) => {
        m.operators.counter.subtasks[0].keyedKinds.count = 'COUNTER';
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operator 'counter', subtask 0, keyedKinds 'count': expected VALUE, LIST or MAP, got "COUNTER"`,
    ],
    [
      'list state that is not an array',
      (m) => {
        m.operators.sink.subtasks[1].operator.list['pending-transactions'] = { id: 'x' };
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operator 'sink', subtask 1, list state 'pending-transactions': expected an array, got {"id":"x"}`,
    ],
    [
      'an unescaped $ field in an operator state value',
      (m) => {
        m.operators.source.subtasks[0].operator.union['topic-partition-offsets'][0].$offset = 1;
      },
      (f) =>
        `Corrupt checkpoint metadata '${f}': operator 'source', subtask 0, union list state 'topic-partition-offsets'[0].$offset: expected a field name without a single leading $ (escaped as $$), got "$offset"`,
    ],
  ];

  it.each(cases)('%s', (_, change, message) => {
    const c = cluster();
    const topic = topicWith(12);
    const dir = savepointOf(c, topic);
    const file = edit(c, dir, change);
    const damaged = JSON.parse(readUtf8(c.fileIO, file));
    const jobs = c.jobs.length;
    let error: unknown;
    try {
      c.submit(countingJob(topic, new CollectResult(), { checkpointing: { intervalMs: 20 } }), {
        restoreFrom: dir,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RestoreError);
    expect((error as Error).message).toBe(message(file, damaged));
    expect(c.jobs).toHaveLength(jobs);
  });

  it('the untouched savepoint restores (the edits above are what is refused)', () => {
    const c = cluster();
    const topic = topicWith(12);
    const dir = savepointOf(c, topic);
    edit(c, dir, () => {});
    const job = c.submit(countingJob(topic, new CollectResult(), { checkpointing: { intervalMs: 20 } }), {
      restoreFrom: dir,
    });
    c.run({ untilMs: c.clock.nowMs() + 200 });
    expect(job.status).toBe('RUNNING');
    expect(job.failures).toEqual([]);
  });
});

describe('a state read with another kind than it was written with', () => {
  it('value state restored, read as list state: a typed error naming the state (Flink: Incompatible key/value state types)', () => {
    const c = cluster();
    const topic = topicWith(12);
    const dir = savepointOf(c, topic);
    topic.appendAll([{ user: 'u0', n: 99 }]);
    const env = new StreamEnvironment({ parallelism: 2, restartStrategy: { type: 'none' } });
    env
      .fromSource<Event>(() => new LogSource(topic), { uid: 'source', name: 'Log Source' })
      .keyBy((e) => e.user)
      .process<string>(
        {
          processElement(e, ctx, out) {
            ctx.listState<number>('count').add(e.n);
            out(e.user);
          },
        },
        { uid: 'counter', name: 'Counter' },
      )
      .collect(new CollectResult(), { uid: 'sink', name: 'Sink' });
    const job = c.submit(env.build('counting'), { restoreFrom: dir });
    c.run({ untilMs: c.clock.nowMs() + 200 });
    expect(job.status).toBe('FAILED');
    expect(job.failureCause).toBeInstanceOf(StateMigrationError);
    expect(job.failureCause!.message).toMatch(
      /^Error while getting state 'count' of operator 'counter' \(subtask [01]\): Incompatible key\/value state types\. Was \[VALUE\], registered with \[LIST\]\.$/,
    );
  });

  it('within one run too, and for operator state registered as list and union', () => {
    const b = new KeyedStateBackend(128, [0, 127]);
    b.setCurrentKey('k');
    b.mapState('m').put(1, 2);
    expect(() => b.valueState('m')).toThrow(
      new StateMigrationError(
        "Error while getting state 'm' of keyed state backend: Incompatible key/value state types. Was [MAP], registered with [VALUE].",
      ),
    );
    const o = new OperatorStateBackend();
    o.getUnionListState('offsets');
    expect(() => o.getListState('offsets')).toThrow(
      new StateMigrationError(
        "Error while getting operator state 'offsets': Incompatible state assignment modes. Was [UNION], registered with [SPLIT_DISTRIBUTE].",
      ),
    );
  });
});

describe('state decoding (src/runtime/state) is strict and typed', () => {
  it.each<[Encoded, string]>([
    [{ $bigint: 'abc' }, 'state value.$bigint: expected an integer as a decimal string, got "abc"'],
    [{ $number: '5' }, 'state value.$number: expected one of NaN, Infinity, -Infinity, -0, got "5"'],
    [{ $bytes: 'xyz' }, 'state value.$bytes: expected hex digit pairs, got "xyz"'],
    [
      { $ts: [1, -1] },
      'state value.$ts: expected [epoch millis, nanos of millisecond 0..999999], got [1,-1]',
    ],
    [{ $map: [[1]] }, 'state value.$map[0]: expected a [key, value] pair, got [1]'],
    [
      { $what: 1 },
      'state value.$what: expected a known tag ($undefined, $bigint, $number, $bytes, $ts, $map), got "$what"',
    ],
    [[1, { $undefined: 'yes' }], 'state value[1].$undefined: expected true, got "yes"'],
  ])('decodeState(%j) is a CorruptStateError', (value, message) => {
    expect(() => decodeState(value)).toThrow(new CorruptStateError(message));
  });

  it('decodes what encodeState writes, escaped $ keys included', () => {
    expect(decodeState({ $$x: { $bigint: '-12' }, y: { $map: [['a', { $number: 'NaN' }]] } })).toEqual({
      $x: -12n,
      y: new Map([['a', Number.NaN]]),
    });
  });

  it('restoring a backend from damaged state is typed too (no TypeError)', () => {
    const keyed = new KeyedStateBackend(128, [0, 127]);
    expect(() => keyed.restore([{ keyed: { '0': { l: [['k', 5]] } }, keyedKinds: { l: 'LIST' } }])).toThrow(
      CorruptStateError,
    );
    expect(() => keyed.restore([{ keyed: { '0': { l: 7 as never } }, keyedKinds: { l: 'LIST' } }])).toThrow(
      new CorruptStateError("keyed state 'l', key group 0: expected an array of [key, value] pairs, got 7"),
    );
    const operator = new OperatorStateBackend();
    expect(() => operator.restore([{ list: { s: 5 as never }, union: {} }], 0, 1)).toThrow(
      new CorruptStateError("list state 's': expected an array, got 5"),
    );
  });
});
