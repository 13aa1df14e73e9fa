import { CorruptFileError } from '../errors.js';
import { requireSnapshotFileNames } from './file-name.js';
import {
  asIntegerIn,
  asJavaLong,
  asObject,
  asSafeInteger,
  asString,
  JAVA_INT_MAX,
  type JsonValue,
  parseJson,
  stringifyJackson,
} from './json.js';

/**
 * A snapshot file `snapshot/snapshot-<id>` (paimon-api `org.apache.paimon.Snapshot`, CURRENT_VERSION = 3).
 * Java longs that can exceed 2^53 (`commitIdentifier`, `watermark`) are bigints.
 * Optional keys are omitted from the JSON when absent (Jackson `@JsonInclude(NON_NULL)`).
 */
export type CommitKind = 'APPEND' | 'COMPACT' | 'OVERWRITE' | 'ANALYZE';

export interface Snapshot {
  readonly version: number;
  /** Random id of the snapshot (newer Paimon and pypaimon write it; absent in older files). */
  readonly uuid?: string;
  readonly id: number;
  readonly schemaId: number;
  /** Manifest list of all live files before this commit (possibly merged). */
  readonly baseManifestList: string;
  readonly baseManifestListSize?: number;
  /** Manifest list of this commit's changes. */
  readonly deltaManifestList: string;
  readonly deltaManifestListSize?: number;
  readonly changelogManifestList?: string | null;
  readonly changelogManifestListSize?: number;
  readonly indexManifest?: string;
  readonly commitUser: string;
  /** Flink checkpoint id for streaming commits; Long.MAX_VALUE (9223372036854775807) for batch commits. */
  readonly commitIdentifier: bigint;
  readonly commitKind: CommitKind;
  readonly timeMillis: number;
  /**
   * Only in files written by old Paimon versions (before 1.0). Read for information; never written, as current
   * `Snapshot.java` has no such property and drops it (`@JsonIgnoreProperties(ignoreUnknown = true)`).
   */
  readonly logOffsets?: Readonly<Record<string, number>>;
  readonly totalRecordCount: number;
  readonly deltaRecordCount: number;
  readonly changelogRecordCount?: number;
  readonly watermark?: bigint;
  readonly statistics?: string;
  readonly properties?: Readonly<Record<string, string>>;
  readonly nextRowId?: number;
  readonly writerVersion?: string;
  readonly operation?: string;
}

export const SNAPSHOT_CURRENT_VERSION = 3;

/** Long.MAX_VALUE: the commit identifier of batch commits (`BatchWriteBuilder.COMMIT_IDENTIFIER`). */
export const BATCH_COMMIT_IDENTIFIER = 9223372036854775807n;

/** Long.MIN_VALUE: the watermark of a job that has none. */
export const NO_WATERMARK = -9223372036854775808n;

// ---------------------------------------------------------------------------------------------------------
// Codec

const COMMIT_KINDS: readonly CommitKind[] = ['APPEND', 'COMPACT', 'OVERWRITE', 'ANALYZE'];

/**
 * The JSON object `Snapshot.java` serializes: properties in the order of its `@JsonCreator` parameters (which
 * Jackson puts first, and which is also the field declaration order); `version`, `id`, `schemaId`,
 * `baseManifestList`, `deltaManifestList`, `commitUser`, `commitIdentifier`, `commitKind`, `timeMillis`,
 * `totalRecordCount`, `deltaRecordCount` always, every other key only when non-null (`NON_NULL`).
 */
export function snapshotToJson(s: Snapshot): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = { version: s.version };
  const put = (key: string, value: JsonValue | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  put('uuid', s.uuid);
  put('id', s.id);
  put('schemaId', s.schemaId);
  put('baseManifestList', s.baseManifestList);
  put('baseManifestListSize', s.baseManifestListSize);
  put('deltaManifestList', s.deltaManifestList);
  put('deltaManifestListSize', s.deltaManifestListSize);
  put('changelogManifestList', s.changelogManifestList ?? undefined);
  put('changelogManifestListSize', s.changelogManifestListSize);
  put('indexManifest', s.indexManifest);
  put('commitUser', s.commitUser);
  put('writerVersion', s.writerVersion);
  put('commitIdentifier', s.commitIdentifier);
  put('commitKind', s.commitKind);
  put('timeMillis', s.timeMillis);
  put('totalRecordCount', s.totalRecordCount);
  put('deltaRecordCount', s.deltaRecordCount);
  put('changelogRecordCount', s.changelogRecordCount);
  put('watermark', s.watermark);
  put('statistics', s.statistics);
  if (s.properties !== undefined) out['properties'] = { ...s.properties };
  put('nextRowId', s.nextRowId);
  put('operation', s.operation);
  return out;
}

/** The snapshot file's text, byte for byte as Paimon's `Snapshot.toJson()` writes it. */
export function encodeSnapshot(s: Snapshot): string {
  return stringifyJackson(snapshotToJson(s));
}

/**
 * Decodes a snapshot object (from a snapshot file or a tag file). Every key is checked for its Java type and
 * range, so the result is a snapshot reads and commits can rely on, else a `CorruptFileError`: ids positive
 * (`Snapshot.FIRST_SNAPSHOT_ID` = 1), schema id, sizes, total and changelog counts non-negative, Java longs
 * (`commitIdentifier`, `watermark`) within the long range, manifest list names non-empty. `deltaRecordCount`
 * may be negative (an overwrite deletes more than it adds). `expectedId` is the id in the file's name
 * (`snapshot-<id>`), which the content must repeat: a snapshot claiming another id would make every later
 * commit try to claim an existing file.
 */
export function snapshotFromJson(json: JsonValue, path: string, expectedId?: number): Snapshot {
  try {
    const o = asObject(json, 'snapshot');
    const optional = <T>(key: string, read: (v: JsonValue, what: string) => T): T | undefined =>
      o[key] === undefined || o[key] === null ? undefined : read(o[key]!, key);
    const natural = (v: JsonValue | undefined, what: string) =>
      asIntegerIn(v, what, 0, Number.MAX_SAFE_INTEGER);
    const fileName = (v: JsonValue | undefined, what: string) => {
      const name = asString(v, what);
      if (name.length === 0) throw new Error(`${what} must be a file name, got an empty string`);
      return name;
    };
    const kind = asString(o['commitKind'], 'commitKind') as CommitKind;
    if (!COMMIT_KINDS.includes(kind))
      throw new Error(`commitKind must be one of ${COMMIT_KINDS.join(', ')}, got '${kind}'`);
    const id = asIntegerIn(o['id'], 'id', 1, Number.MAX_SAFE_INTEGER);
    if (expectedId !== undefined && id !== expectedId)
      throw new Error(`id ${id} does not match the file name (snapshot-${expectedId})`);
    const snapshot: { -readonly [K in keyof Snapshot]: Snapshot[K] } = {
      version: o['version'] === undefined ? 1 : asIntegerIn(o['version'], 'version', 1, JAVA_INT_MAX),
      id,
      schemaId: natural(o['schemaId'], 'schemaId'),
      baseManifestList: fileName(o['baseManifestList'], 'baseManifestList'),
      deltaManifestList: fileName(o['deltaManifestList'], 'deltaManifestList'),
      commitUser: asString(o['commitUser'], 'commitUser'),
      commitIdentifier: asJavaLong(o['commitIdentifier'], 'commitIdentifier'),
      commitKind: kind,
      timeMillis: natural(o['timeMillis'], 'timeMillis'),
      totalRecordCount:
        o['totalRecordCount'] == null ? 0 : natural(o['totalRecordCount'], 'totalRecordCount'),
      deltaRecordCount:
        o['deltaRecordCount'] == null ? 0 : asSafeInteger(o['deltaRecordCount'], 'deltaRecordCount'),
    };
    const assign = <K extends keyof Snapshot>(key: K, value: Snapshot[K] | undefined) => {
      if (value !== undefined) snapshot[key] = value;
    };
    assign('uuid', optional('uuid', asString));
    assign('baseManifestListSize', optional('baseManifestListSize', natural));
    assign('deltaManifestListSize', optional('deltaManifestListSize', natural));
    assign('changelogManifestList', optional('changelogManifestList', fileName));
    assign('changelogManifestListSize', optional('changelogManifestListSize', natural));
    assign('indexManifest', optional('indexManifest', fileName));
    assign('writerVersion', optional('writerVersion', asString));
    assign('changelogRecordCount', optional('changelogRecordCount', natural));
    assign('watermark', optional('watermark', asJavaLong));
    assign('statistics', optional('statistics', asString));
    assign('nextRowId', optional('nextRowId', natural));
    assign('operation', optional('operation', asString));
    if (o['logOffsets'] !== undefined && o['logOffsets'] !== null) {
      const offsets = asObject(o['logOffsets'], 'logOffsets');
      snapshot.logOffsets = Object.fromEntries(
        Object.entries(offsets).map(([k, v]) => [k, asSafeInteger(v, `logOffsets.${k}`)]),
      );
    }
    if (o['properties'] !== undefined && o['properties'] !== null) {
      const props = asObject(o['properties'], 'properties');
      snapshot.properties = Object.fromEntries(
        Object.entries(props).map(([k, v]) => [k, asString(v, `properties.${k}`)]),
      );
    }
    requireSnapshotFileNames(snapshot);
    return snapshot;
  } catch (e) {
    throw new CorruptFileError(path, 'a snapshot', (e as Error).message, { cause: e });
  }
}

export function decodeSnapshot(text: string, path: string, expectedId?: number): Snapshot {
  let json: JsonValue;
  try {
    json = parseJson(text);
  } catch (e) {
    throw new CorruptFileError(path, 'a snapshot', (e as Error).message, { cause: e });
  }
  return snapshotFromJson(json, path, expectedId);
}
