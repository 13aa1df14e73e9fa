import {
  expireConfigOf,
  expireSnapshots,
  type FileStoreTable,
  removeOrphanFiles,
  rollbackToSnapshot,
  rollbackToTag,
  rollbackToTimestamp,
} from '../../storage/index.js';
import { parseDurationMs } from '../../storage/options.js';
import { intFlag, timeFlag, UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import { openTable } from './open.js';

/** Commands named after Paimon's procedures (`CALL sys.create_tag(…)`, `sys.rollback_to`, …). */

function table(command: string, args: Record<string, string>): FileStoreTable {
  return openTable(command, args.warehouse!, args['db.table']!);
}

export const tagCreateCommand: CommandSpec = {
  name: 'tag create',
  summary: 'Create a tag on a snapshot (sys.create_tag); the latest snapshot by default.',
  args: ['warehouse', 'db.table', 'tag'],
  options: {
    snapshot: { type: 'string', value: 'ID', help: 'the snapshot to tag (default: the latest)' },
    'time-retained': {
      type: 'string',
      value: 'DURATION',
      help: "how long the tag lives, e.g. '1 d' (default: tag.default-time-retained)",
    },
  },
  run({ parsed, io }) {
    const t = table('tag create', parsed.args);
    const name = parsed.args.tag!;
    const id = intFlag('tag create', 'snapshot', parsed.options.snapshot as string | undefined, 1);
    const retained = parsed.options['time-retained'] as string | undefined;
    const tags = t.tagManager();
    const retainedMs = retained === undefined ? undefined : parseDurationMs('--time-retained', retained);
    tags.createTagAt(name, id, retainedMs);
    io.out(`created tag ${name} on snapshot ${tags.tag(name).snapshot.id}`);
    return 0;
  },
};

export const tagDeleteCommand: CommandSpec = {
  name: 'tag delete',
  summary: 'Delete a tag (sys.delete_tag); its files stay until no snapshot or tag needs them.',
  args: ['warehouse', 'db.table', 'tag'],
  options: {},
  run({ parsed, io }) {
    // Paimon's TagManager.deleteTag only warns "Tag '%s' doesn't exist." for a missing tag
    if (table('tag delete', parsed.args).tagManager().deleteTag(parsed.args.tag!))
      io.out(`deleted tag ${parsed.args.tag}`);
    else io.err(`warning: Tag '${parsed.args.tag}' doesn't exist.`);
    return 0;
  },
};

export const tagRenameCommand: CommandSpec = {
  name: 'tag rename',
  summary: 'Rename a tag (sys.rename_tag).',
  args: ['warehouse', 'db.table', 'tag', 'new-name'],
  options: {},
  run({ parsed, io }) {
    table('tag rename', parsed.args).tagManager().renameTag(parsed.args.tag!, parsed.args['new-name']!);
    io.out(`renamed tag ${parsed.args.tag} to ${parsed.args['new-name']}`);
    return 0;
  },
};

export const rollbackCommand: CommandSpec = {
  name: 'rollback-to',
  summary:
    'Roll the table back to a tag, snapshot or point in time (sys.rollback_to); later snapshots and tags are removed.',
  args: ['warehouse', 'db.table'],
  options: {
    tag: { type: 'string', value: 'NAME', help: 'roll back to this tag' },
    snapshot: { type: 'string', value: 'ID', help: 'roll back to this snapshot' },
    timestamp: {
      type: 'string',
      value: 'TIME',
      help: 'roll back to the latest snapshot at or before TIME (sys.rollback_to_timestamp)',
    },
  },
  run({ parsed, io }) {
    const o = parsed.options;
    const chosen = ['tag', 'snapshot', 'timestamp'].filter((k) => o[k] !== undefined);
    if (chosen.length !== 1)
      throw new UsageError('rollback-to: give exactly one of --tag, --snapshot, --timestamp');
    const t = table('rollback-to', parsed.args);
    const result =
      o.tag !== undefined
        ? rollbackToTag(t, o.tag as string)
        : o.snapshot !== undefined
          ? rollbackToSnapshot(t, intFlag('rollback-to', 'snapshot', o.snapshot as string, 1)!)
          : rollbackToTimestamp(t, timeFlag('rollback-to', 'timestamp', o.timestamp as string)!);
    io.out(
      `rolled ${t.name} back to snapshot ${t.snapshotManager.latestSnapshotId() ?? 'none'} (${JSON.stringify(result)})`,
    );
    return 0;
  },
};

export const expireSnapshotsCommand: CommandSpec = {
  name: 'expire-snapshots',
  summary:
    "Expire snapshots (sys.expire_snapshots) by the table's retention options or the limits given here.",
  args: ['warehouse', 'db.table'],
  options: {
    'retain-max': {
      type: 'string',
      value: 'N',
      help: 'keep at most N snapshots (snapshot.num-retained.max)',
    },
    'retain-min': {
      type: 'string',
      value: 'N',
      help: 'keep at least N snapshots (snapshot.num-retained.min)',
    },
    'older-than': {
      type: 'string',
      value: 'TIME',
      help: 'expire snapshots committed before TIME (epoch millis or ISO)',
    },
    'max-deletes': {
      type: 'string',
      value: 'N',
      help: 'expire at most N snapshots in this run (snapshot.expire.limit)',
    },
  },
  run({ parsed, io }) {
    const t = table('expire-snapshots', parsed.args);
    const o = parsed.options;
    const base = expireConfigOf(t);
    const olderThan = timeFlag('expire-snapshots', 'older-than', o['older-than'] as string | undefined);
    const config = {
      retainMax:
        intFlag('expire-snapshots', 'retain-max', o['retain-max'] as string | undefined, 1) ?? base.retainMax,
      retainMin:
        intFlag('expire-snapshots', 'retain-min', o['retain-min'] as string | undefined, 1) ?? base.retainMin,
      timeRetainedMs:
        olderThan === undefined ? base.timeRetainedMs : Math.max(0, t.env.clock.nowMs() - olderThan),
      expireLimit:
        intFlag('expire-snapshots', 'max-deletes', o['max-deletes'] as string | undefined, 1) ??
        base.expireLimit,
    };
    if (config.retainMin > config.retainMax) {
      // ExpireSnapshotsImpl: "retainMax must greater than retainMin."
      throw new UsageError(
        `expire-snapshots: retain-min ${config.retainMin} is larger than retain-max ${config.retainMax}`,
        'give --retain-min too (the table option snapshot.num-retained.min applies otherwise)',
      );
    }
    const result = expireSnapshots(t, config);
    io.out(
      `expired ${result.expired.length} snapshot${result.expired.length === 1 ? '' : 's'}${result.expired.length > 0 ? ` (${result.expired[0]}..${result.expired.at(-1)})` : ''}, deleted ${result.deletedDataFiles} data files and ${result.deletedManifests} manifests`,
    );
    return 0;
  },
};

export const removeOrphanFilesCommand: CommandSpec = {
  name: 'remove-orphan-files',
  summary:
    'Delete files no snapshot or tag references (sys.remove_orphan_files), older than a day by default.',
  args: ['warehouse', 'db.table'],
  options: {
    'older-than': {
      type: 'string',
      value: 'TIME',
      help: 'only files modified before TIME (epoch millis or ISO)',
    },
  },
  run({ parsed, io }) {
    const t = table('remove-orphan-files', parsed.args);
    const olderThan = timeFlag(
      'remove-orphan-files',
      'older-than',
      parsed.options['older-than'] as string | undefined,
    );
    const deleted = olderThan === undefined ? removeOrphanFiles(t) : removeOrphanFiles(t, olderThan);
    for (const path of deleted) io.out(`deleted ${path}`);
    io.out(`deleted ${deleted.length} orphan file${deleted.length === 1 ? '' : 's'}`);
    return 0;
  },
};

export const compactCommand: CommandSpec = {
  name: 'compact',
  summary:
    'Fully compact every bucket of a primary-key table (sys.compact), committed as one COMPACT snapshot.',
  args: ['warehouse', 'db.table'],
  options: {},
  details: 'Append tables: paimon-sim does not compact their small files (Paimon does); the command says so.',
  run({ parsed, io }) {
    const t = table('compact', parsed.args);
    if (t.schema.primaryKeys.length === 0) {
      throw new UsageError(
        `compact: ${t.name} is an append table; paimon-sim compacts primary-key tables only`,
      );
    }
    const builder = t.newBatchWriteBuilder();
    const write = builder.newWrite();
    const scan = t.newScan();
    const buckets = new Map<string, { partition: unknown[]; bucket: number }>();
    for (const e of t.newReadBuilder().plan()) {
      const partition = scan.partitionValues(e.partition);
      buckets.set(
        `${JSON.stringify(partition, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}|${e.bucket}`,
        { partition, bucket: e.bucket },
      );
    }
    for (const { partition, bucket } of buckets.values()) write.compact(partition, bucket);
    builder.newCommit().commit(write.prepareCommit());
    io.out(
      `compacted ${buckets.size} bucket${buckets.size === 1 ? '' : 's'} of ${t.name} (snapshot ${t.snapshotManager.latestSnapshotId() ?? 'none'})`,
    );
    return 0;
  },
};
