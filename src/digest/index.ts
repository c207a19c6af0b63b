/**
 * Scheduled digests: the schedule (pure), the SQLite store, the runner, and a REST poster.
 *
 * Wiring (src/main.ts, Discord mode):
 *
 *   const digests = openDigestStore(config.databasePath);           // creates var/bot.sqlite + folder, migrates
 *   const app = createApp({ commands, model, charts, digests });      // /digest reads and writes it
 *   await client.login(token);                                        // client.rest has the token from here on
 *   const runner = startDigestRunner({
 *     store: digests,
 *     now: () => new Date(),
 *     post: createRestPoster(client.rest),
 *     buildMessage: (region) => keyPointsMessage(figures.current(), region),
 *     log,
 *     shardFilter: client.shard ? (guildId) => client.guilds.cache.has(guildId) : undefined,
 *   });
 *   // after a successful reload of the figures:  await runner.announceFiguresUpdated(summary);
 *   // on shutdown:                                await runner.stop(); digests.close();
 */
export * from './schedule.js';
export * from './types.js';
export * from './store.js';
export * from './runner.js';
export * from './poster.js';
