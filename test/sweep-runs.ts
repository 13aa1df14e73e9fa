import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** True under vitest.sweep.config.ts (`npm run test:sweeps`), false under vitest.config.ts (`npm test`). */
    sweeps: boolean;
  }
}

/**
 * How many runs a property makes: a fixed-seed slice (`quick`, the first runs of the same sequence) in
 * `npm test`, the full count (`full`) in `npm run test:sweeps`, so the long runs move out of `npm test`
 * without being cut. Only for files the sweep config includes (`*property.test.ts`; sweep-runs.test.ts
 * checks that).
 */
export function runs(full: number, quick: number): number {
  return inject('sweeps') ? full : Math.min(quick, full);
}
