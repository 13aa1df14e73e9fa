import { describe, expect, it } from 'vitest';
import { readUtf8, utf8 } from '../../../src/common/io/file-io.js';
import { CorruptStateError, RestoreError, SinkWriteError } from '../../../src/runtime/errors.js';
import {
  decodeState,
  type Encoded,
  type JobClient,
  LogSource,
  StreamEnvironment,
  sinkToPaimon,
} from '../../../src/runtime/index.js';
import type { Row } from '../../../src/storage/spec/values.js';
import { TableRead } from '../../../src/storage/table/table-read.js';
import { events, ids, type Lab, lab, range } from './scenario-helpers.js';

const FIELDS = [
  { name: 'id', type: 'BIGINT NOT NULL' },
  { name: 'v', type: 'STRING' },
];

/** A job reading the lab's topic into `table` (uids `Writer_<name>`, as the lab's own job for db.events). */
function jobInto(l: Lab, table: string, restarts = 5) {
  const env = new StreamEnvironment({
    parallelism: 2,
    checkpointing: { intervalMs: 50 },
    restartStrategy: { type: 'fixed-delay', attempts: restarts, delayMs: 10 },
  });
  const stream = env.fromSource<Row>(() => new LogSource(l.topic), { uid: 'source' });
  sinkToPaimon(stream, () => l.catalog.getTable(table), { autoTagForSavepoint: true });
  return env.build('paimon-job');
}

/** Every data file of every snapshot of `table`: [path, exists]. */
function dataFiles(l: Lab, name: string): [string, boolean][] {
  const table = l.catalog.getTable(name);
  const read = new TableRead(table);
  return table.snapshotManager
    .snapshots()
    .flatMap((s) => table.newScan().plan(s))
    .map((e) => read.dataFilePath(e))
    .map((p) => [p, table.io.exists(p)]);
}

function expectNoMissingFiles(l: Lab, table: string): void {
  expect(dataFiles(l, table).filter(([, exists]) => !exists)).toEqual([]);
}

const failures = (l: Lab) => l.cluster.trace.ofType('task.failure').map((e) => String(e.details.error));

function runToEnd(l: Lab, job: JobClient): void {
  l.cluster.run({ until: () => job.status === 'FAILED', untilMs: l.cluster.clock.nowMs() + 5_000 });
}

/** A stop-with-savepoint of the lab's job on db.events after 10 rows: its committer state holds files. */
function stoppedWithSavepoint(l: Lab): { path: string; id: number } {
  l.topic.appendAll(events(0, 10));
  const job = l.cluster.submit(l.job());
  l.cluster.run({ until: () => ids(l.rows()).length === 10 });
  const id = job.stopWithSavepoint();
  l.cluster.run({ until: () => job.status === 'FINISHED' });
  return { path: (job.stopResult as { path: string }).path, id };
}

/** An intermediate savepoint, then cancel: its committable (with the files of 10 rows) was never committed. */
function uncommittedSavepoint(l: Lab): { path: string; id: number } {
  l.topic.appendAll(events(0, 10));
  const job = l.cluster.submit(l.job({ intervalMs: 1_000_000 }));
  l.cluster.run({ maxSteps: 60 });
  let path = '';
  const id = job.triggerSavepoint((r) => {
    path = r.path;
  });
  l.cluster.run({ until: () => path !== '' });
  job.cancel();
  return { path, id };
}

interface MetadataJson {
  operators: Record<string, { subtasks: { operator: { list: Record<string, Encoded[]> } }[] }>;
}

function editMetadata(l: Lab, dir: string, edit: (m: MetadataJson) => void): void {
  const file = `${dir}/_metadata`;
  const m = JSON.parse(readUtf8(l.cluster.fileIO, file)) as MetadataJson;
  edit(m);
  l.cluster.fileIO.writeAtomic(file, utf8(JSON.stringify(m)));
}

const committerList = (m: MetadataJson, name: string) =>
  m.operators['Global Committer_events']!.subtasks[0]!.operator.list[name]!;

describe('Paimon sink: records that do not fit the table', () => {
  it.each([
    [
      'a missing NOT NULL column',
      { v: 'x' },
      'Cannot write null to non-null column(id) (table db.events, record {v: "x"})',
    ],
    [
      'a null in a NOT NULL column',
      { id: null, v: 'x' },
      'Cannot write null to non-null column(id) (table db.events, record {id: null, v: "x"})',
    ],
    [
      'a value of the wrong type',
      { id: 7n, v: 5 },
      "Field 'v' expects a string, got number 5 (table db.events, record {id: 7, v: 5})",
    ],
    [
      'an unknown column',
      { id: 7n, v: 'x', color: 'red' },
      'Row has field \'color\' that is not in the schema (fields: id, v) (table db.events, record {id: 7, v: "x", color: "red"})',
    ],
  ])(
    '%s: the writer fails with the table, column and value; every restart fails the same; no snapshot changes',
    (_, bad, message) => {
      const l = lab();
      l.topic.appendAll(events(0, 10));
      const job = l.cluster.submit(jobInto(l, 'db.events', 2));
      l.cluster.run({ until: () => ids(l.rows()).length === 10 });
      const settled = job.coordinator.latestCompleted + 3; // idle writers closed: no more (empty) snapshots
      l.cluster.run({ until: () => job.coordinator.latestCompleted >= settled });
      const before = l.snapshots();
      l.topic.append(0, bad as Row);
      runToEnd(l, job);
      expect(job.status).toBe('FAILED');
      expect(job.failureCause).toBeInstanceOf(SinkWriteError);
      expect(job.failureCause!.message).toBe(message);
      expect(failures(l)).toEqual([message, message, message]); // the source replays the record after each restart
      expect(l.snapshots()).toEqual(before);
      expect(ids(l.rows())).toEqual(range(0, 10));
      expect(dataFiles(l, 'db.events').length).toBeGreaterThan(0);
      expectNoMissingFiles(l, 'db.events');
    },
  );
});

describe('Paimon sink: restoring a savepoint into a job writing another table', () => {
  it('same uids (db2.events): A\'s committables are not committed into B, "Cannot recover…" names the missing files in B', () => {
    const l = lab();
    l.catalog.createDatabase('db2');
    l.catalog.createTable('db2.events', { fields: FIELDS });
    const { path } = uncommittedSavepoint(l); // A's files exist, uncommitted: a restore into A would commit them
    const a = l.snapshots();
    // The files the restore would resubmit, resolved in B (as Paimon resolves a committable's files in its table).
    const b = l.catalog.getTable('db2.events');
    const m = JSON.parse(readUtf8(l.cluster.fileIO, `${path}/_metadata`)) as MetadataJson;
    const restored = committerList(m, 'streaming_committer_raw_states').map(decodeState) as {
      messages: { bucket: number; newFiles: { fileName: string }[] }[];
    }[];
    const missing = restored.flatMap((c) =>
      c.messages.flatMap((x) => x.newFiles.map((f) => b.paths.dataFile('', x.bucket, f.fileName))),
    );
    expect(missing.length).toBeGreaterThan(0);
    for (const p of missing) expect(l.cluster.fileIO.exists(p.replace('/db2.db/', '/db.db/'))).toBe(true);
    const job = l.cluster.submit(jobInto(l, 'db2.events', 1), { restoreFrom: path });
    runToEnd(l, job);
    expect(job.status).toBe('FAILED');
    expect(job.failureCause!.message).toBe(
      `Cannot recover from this checkpoint because some files in the snapshot that need to be resubmitted have been deleted:\n    ${missing.join(',')}\n    The most likely reason is because you are recovering from a very old savepoint that contains some uncommitted files that have already been deleted.`,
    );
    expect(failures(l)).toHaveLength(2);
    expect(b.snapshotManager.snapshots()).toEqual([]);
    expect(l.snapshots()).toEqual(a);
  });

  it('other uids (db.other): refused as unmapped state; with allowNonRestoredState B starts empty-handed and stays consistent', () => {
    const l = lab();
    l.catalog.createTable('db.other', { fields: FIELDS });
    const { path } = stoppedWithSavepoint(l);
    const a = l.snapshots();
    let error: unknown;
    try {
      l.cluster.submit(jobInto(l, 'db.other'), { restoreFrom: path });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RestoreError);
    expect((error as Error).message).toBe(
      `Failed to rollback to checkpoint/savepoint ${path}. Cannot map checkpoint/savepoint state for operator Writer_events to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.`,
    );
    expect(l.catalog.getTable('db.other').snapshotManager.snapshots()).toEqual([]);
    // Skipping the sink's state: the source resumes after the savepoint, so B gets only what follows it.
    const job = l.cluster.submit(jobInto(l, 'db.other'), { restoreFrom: path, allowNonRestoredState: true });
    l.topic.appendAll(events(10, 15));
    const other = () => l.catalog.getTable('db.other').newReadBuilder().readRows();
    l.cluster.run({ until: () => ids(other()).length === 5 });
    job.cancel();
    expect(failures(l)).toEqual([]);
    expect(ids(other())).toEqual(range(10, 15));
    expect(l.snapshots()).toEqual(a);
    expectNoMissingFiles(l, 'db.other');
    expectNoMissingFiles(l, 'db.events');
  });
});

describe('Paimon sink: missing or corrupt committer state', () => {
  const RAW = 'streaming_committer_raw_states';
  const TAGS = 'streaming_committer_for_tags_states';
  const prefix = (id: number, state: string, uid = 'Global Committer_events') =>
    `Corrupt state '${state}' of operator '${uid}' (subtask 0) restored from checkpoint ${id}: `;

  it.each<[string, (m: MetadataJson) => void, string, string?]>([
    [
      'a committable without messages',
      (m) => delete (committerList(m, RAW)[0] as Record<string, Encoded>).messages,
      'entry 0, field messages: expected an array, got undefined',
    ],
    [
      'a string where a committable is expected',
      (m) => committerList(m, RAW).splice(0, 1, 'garbage'),
      'entry 0: expected a ManifestCommittable object, got "garbage"',
    ],
    [
      'a number as identifier',
      (m) => ((committerList(m, RAW)[0] as Record<string, Encoded>).identifier = 3),
      'entry 0, field identifier: expected a bigint, got 3',
    ],
    [
      'a file without its name',
      (m) => {
        const c = committerList(m, RAW)[0] as { messages: { newFiles: Record<string, Encoded>[] }[] };
        delete c.messages[0]!.newFiles[0]!.fileName;
      },
      'entry 0, field messages[0].newFiles[0].fileName: expected a file name, got undefined',
    ],
    [
      'an extra file that climbs out of the bucket directory',
      (m) => {
        const c = committerList(m, RAW)[0] as { messages: { newFiles: Record<string, Encoded>[] }[] };
        c.messages[0]!.newFiles[0]!.extraFiles = ['../../x'];
      },
      'entry 0, field messages[0].newFiles[0].extraFiles[0]: expected a file name, got "../../x"',
    ],
    [
      'a bad savepoint id pending a tag',
      (m) => committerList(m, TAGS).push('x'),
      'entry 1: expected a checkpoint id, got "x"',
      TAGS,
    ],
  ])(
    '%s: a typed error naming the state and what was expected, before any commit; the table is unchanged',
    (_, edit, detail, state = RAW) => {
      const l = lab();
      const { path, id } = uncommittedSavepoint(l);
      editMetadata(l, path, edit);
      const job = l.cluster.submit(l.job({ restarts: 1 }), { restoreFrom: path });
      runToEnd(l, job);
      const expected = prefix(id, state) + detail;
      expect(job.status).toBe('FAILED');
      expect(job.failureCause).toBeInstanceOf(CorruptStateError);
      expect(job.failureCause!.message).toBe(expected);
      expect(failures(l)).toEqual([expected, expected]);
      expect(l.snapshots()).toEqual([]); // intact, this savepoint would have committed 10 rows on restore
      expect(l.tags()).toEqual([]);
    },
  );

  it('a commit user that is not a string: writers and committer refuse it', () => {
    const l = lab();
    const { path, id } = uncommittedSavepoint(l);
    editMetadata(l, path, (m) => {
      for (const op of Object.values(m.operators))
        for (const s of op.subtasks) {
          const union = (s.operator as unknown as { union: Record<string, Encoded[]> }).union;
          if (union.commit_user_state) union.commit_user_state = [42];
        }
    });
    const job = l.cluster.submit(l.job({ restarts: 0 }), { restoreFrom: path });
    runToEnd(l, job);
    expect(job.failureCause).toBeInstanceOf(CorruptStateError);
    expect(job.failureCause!.message).toMatch(
      new RegExp(
        `^Corrupt state 'commit_user_state' of operator '(Writer|Global Committer)_events' \\(subtask \\d\\) restored from checkpoint ${id}: entry 0: expected a commit user string, got 42$`,
      ),
    );
    expect(l.snapshots()).toEqual([]);
  });

  it('the untouched savepoint restores and commits its 10 rows (the edits above are what fails)', () => {
    const l = lab();
    const { path } = uncommittedSavepoint(l);
    editMetadata(l, path, () => {});
    l.cluster.submit(l.job(), { restoreFrom: path });
    l.cluster.run({ until: () => ids(l.rows()).length === 10, untilMs: l.cluster.clock.nowMs() + 2_000 });
    expect(ids(l.rows())).toEqual(range(0, 10));
    expectNoMissingFiles(l, 'db.events');
  });

  it('truncated _metadata: refused at submit with the parse error, nothing runs, the table is unchanged', () => {
    const l = lab();
    const { path } = uncommittedSavepoint(l);
    const file = `${path}/_metadata`;
    const text = readUtf8(l.cluster.fileIO, file);
    const cut = text.slice(0, Math.floor(text.length / 2));
    l.cluster.fileIO.writeAtomic(file, utf8(cut));
    let parseError = '';
    try {
      JSON.parse(cut);
    } catch (e) {
      parseError = (e as Error).message;
    }
    const jobs = l.cluster.jobs.length;
    expect(() => l.cluster.submit(l.job(), { restoreFrom: path })).toThrow(
      new RestoreError(`Corrupt checkpoint metadata '${file}': ${parseError}`),
    );
    expect(l.cluster.jobs).toHaveLength(jobs);
    expect(l.snapshots()).toEqual([]);
  });
});
