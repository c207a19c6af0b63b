/**
 * Scheduled digests: the schedule (pure), the SQLite store, the runner, and a REST poster.
 * src/main.ts wires them in Discord mode: the store at DATABASE_PATH, the runner posting the key
 * points through the client's REST, each shard only for its own servers.
 */
export * from './schedule.js';
export * from './types.js';
export * from './store.js';
export * from './runner.js';
export * from './poster.js';
export * from './pause.js';
