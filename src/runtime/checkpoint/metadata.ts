import { FileNotFoundError } from '../../common/errors.js';
import type { FileIO } from '../../common/io/file-io.js';
import { joinPath, readUtf8, utf8 } from '../../common/io/file-io.js';
import { RestoreError } from '../errors.js';
import type { CheckpointMetadata } from './checkpoint-metadata.js';
import { validateMetadata } from './validate-metadata.js';

export type { CheckpointMetadata, OperatorSnapshot, SubtaskState } from './checkpoint-metadata.js';

export const METADATA_FILE = '_metadata';

export function writeMetadata(io: FileIO, dir: string, metadata: CheckpointMetadata): string {
  const path = joinPath(dir, METADATA_FILE);
  io.writeAtomic(path, utf8(JSON.stringify(metadata, null, 1)));
  return dir;
}

/** Reads `<dir>/_metadata` (or the `_metadata` path itself) and checks all of it, with Flink-like errors. */
export function readMetadata(io: FileIO, pointer: string): CheckpointMetadata {
  const path = pointer.endsWith(`/${METADATA_FILE}`) ? pointer : joinPath(pointer, METADATA_FILE);
  let text: string;
  try {
    text = readUtf8(io, path);
  } catch (e) {
    if (e instanceof FileNotFoundError) {
      throw new RestoreError(
        `Cannot find meta data file '${METADATA_FILE}' in directory '${pointer}'. Please try to load the checkpoint/savepoint directly from the metadata file instead of the directory.`,
      );
    }
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new RestoreError(`Corrupt checkpoint metadata '${path}': ${(e as Error).message}`, { cause: e });
  }
  return validateMetadata(parsed, path);
}
