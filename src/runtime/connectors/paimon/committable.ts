import type { CommitMessage } from '../../../storage/table/commit-message.js';

/** Long.MAX_VALUE: the checkpoint id of committables emitted at end of input (`END_INPUT_CHECKPOINT_ID`). */
export const END_INPUT_CHECKPOINT_ID = 9223372036854775807n;

/** What a writer sends the committer for one checkpoint (`Committable`): the id and one commit message. */
export interface Committable {
  readonly checkpointId: bigint;
  readonly message: CommitMessage;
}

/** All committables of one checkpoint, as the committer keeps them in state (`ManifestCommittable`). */
export interface ManifestCommittable {
  readonly identifier: bigint;
  readonly watermark: number | null;
  readonly messages: CommitMessage[];
}

/** The commit user kept in union state by writers and committer (`commit_user_state`). */
export const COMMIT_USER_STATE = 'commit_user_state';
export const COMMITTER_STATE = 'streaming_committer_raw_states';
export const TAGS_STATE = 'streaming_committer_for_tags_states';
