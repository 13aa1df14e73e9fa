export { baseName, type FileIO, type FileStatus, joinPath, parentOf, readUtf8, utf8 } from './file-io.js';
export { toFileIOError } from './fs-error.js';
export { LocalFileIO } from './local-file-io.js';
export {
  type FileIOHook,
  type FileOperation,
  type FileOperationKind,
  MemoryFileIO,
} from './memory-file-io.js';
