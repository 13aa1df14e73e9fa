/**
 * `paimon-sim/common`: what every layer stands on and what a user injects into it — clocks, seeded random,
 * FileIO (local, in memory with fault hooks), the error base and the trace. Only names the README's
 * "API reference" documents are exported (test/readme/exports.test.ts checks it both ways).
 */
export { type Clock, ManualClock, SystemClock } from './clock.js';
export {
  FileAlreadyExistsError,
  FileIOError,
  FileNotFoundError,
  InjectedFaultError,
  PaimonSimError,
} from './errors.js';
export { type FileIO, type FileStatus, joinPath } from './io/file-io.js';
export { LocalFileIO } from './io/local-file-io.js';
export {
  type FileIOHook,
  type FileOperation,
  type FileOperationKind,
  MemoryFileIO,
} from './io/memory-file-io.js';
export { isTrue, parseDurationMillis, parseMemoryBytes } from './option-values.js';
export {
  nextBytes,
  nextFloat,
  nextInt,
  nextUuid,
  type Random,
  SeededRandom,
  SystemRandom,
} from './random.js';
export { Timestamp } from './timestamp.js';
export { Trace, type TraceEvent, type TraceEventType } from './trace.js';
