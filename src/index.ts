/**
 * `paimon-sim`: every name of `paimon-sim/common`, `/storage`, `/runtime` and `/sim` in one import (each name
 * lives in exactly one of them). The fast-check kit is only in `paimon-sim/testing`, so importing this entry
 * never loads fast-check.
 */
export * from './common/index.js';
export * from './runtime/index.js';
export * from './sim/index.js';
export * from './storage/index.js';
