/** Scheduled digests: the schedule, the SQLite store, the runner, and a REST poster for the adapter. */
export * from './schedule.js';
export * from './types.js';
export * from './store.js';
export * from './runner.js';
export * from './poster.js';
