import { type FileIO, PaimonSimError } from '../../common/index.js';
import { type CheckpointMetadata, decodeState, type Encoded, readMetadata } from '../../runtime/index.js';
import type { CommitMessage } from '../../storage/index.js';

/** The savepoint cannot be advised on: it holds no Paimon committer state (not a Paimon sink job). */
export class AdvisorError extends PaimonSimError {}

/** One checkpoint's committables as the committer keeps them (`ManifestCommittable`). */
export interface SavedCommittable {
  readonly identifier: bigint;
  readonly messages: readonly CommitMessage[];
}

/** What the Paimon sink's committer wrote into a savepoint: all the advisor needs from `_metadata`. */
export interface SavepointState {
  readonly path: string;
  readonly checkpointId: number;
  readonly kind: string;
  readonly committerUid: string;
  readonly commitUser: string;
  /** Committables not yet committed when the savepoint was taken (`streaming_committer_raw_states`). */
  readonly committables: readonly SavedCommittable[];
  /** Savepoint ids still waiting for their `savepoint-<id>` tag (`streaming_committer_for_tags_states`). */
  readonly pendingTags: readonly bigint[];
}

const RAW = 'streaming_committer_raw_states';
const USER = 'commit_user_state';
const TAGS = 'streaming_committer_for_tags_states';

/** Reads `_metadata` (a directory or the file) and finds the one Paimon committer in it. */
export function readSavepointState(io: FileIO, path: string): SavepointState {
  const metadata = readMetadata(io, path);
  return savepointStateOf(metadata, path);
}

export function savepointStateOf(metadata: CheckpointMetadata, path: string): SavepointState {
  const committers = Object.entries(metadata.operators).filter(([, op]) =>
    op.subtasks.some((s) => s.operator.list[RAW] !== undefined),
  );
  if (committers.length !== 1)
    throw new AdvisorError(
      `${path}: expected the state of one Paimon committer (list state '${RAW}'), found ${committers.length}${committers.length ? ` (${committers.map(([uid]) => uid).join(', ')}); advise one table at a time` : ': is this a savepoint of a job with a Paimon sink?'}`,
    );
  const [uid, op] = committers[0]!;
  const values = (name: string, part: 'list' | 'union') =>
    op.subtasks.flatMap((s) => (s.operator[part][name] ?? []).map((v: Encoded) => decodeState(v)));
  const users = [...new Set(values(USER, 'union') as string[])];
  if (users.length !== 1)
    throw new AdvisorError(
      `${path}: operator '${uid}' holds ${users.length} commit users in '${USER}', expected 1`,
    );
  return {
    path,
    checkpointId: metadata.checkpointId,
    kind: metadata.kind,
    committerUid: uid,
    commitUser: users[0]!,
    committables: (values(RAW, 'list') as SavedCommittable[]).sort((a, b) =>
      a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0,
    ),
    pendingTags: (values(TAGS, 'list') as string[]).map((s) => BigInt(s)),
  };
}
