export * from './common/index.js';
export * from './runtime/index.js';
export * from './sim/index.js';
export * from './storage/index.js';
