export * from './common/index.js';
export * from './storage/index.js';
