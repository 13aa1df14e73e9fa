export { type Clock, ManualClock, SystemClock } from './clock.js';
export {
  nextBytes,
  nextFloat,
  nextInt,
  nextUuid,
  type Random,
  SeededRandom,
  SystemRandom,
} from './random.js';
