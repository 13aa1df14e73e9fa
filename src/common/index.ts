export { type Clock, ManualClock, SystemClock } from './clock.js';
export {
  FileAlreadyExistsError,
  FileIOError,
  FileNotFoundError,
  InjectedFaultError,
  PaimonSimError,
} from './errors.js';
export * from './io/index.js';
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
