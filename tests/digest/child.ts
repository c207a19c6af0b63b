/**
 * A separate bot process for the restart and crash tests (run with `node --import tsx`):
 *
 *   child.ts subscribe <db> <now> <channel> <frequency>   subscribe, print OK, exit
 *   child.ts run       <db> <now> <posts-file>            one runner pass at <now>; each post appends
 *                                                         a line to <posts-file>; prints the report
 *   child.ts hang-after-claim <db> <now> <posts-file>     claims, prints CLAIMED, then hangs before posting
 *   child.ts hang-after-send  <db> <now> <posts-file>     posts (appends the line), prints SENT, then hangs
 *                                                         before the send is recorded
 *
 * The test kills the hanging ones with SIGKILL: the worst moments for a duplicate.
 */
import { appendFileSync } from 'node:fs';
import { openDigestStore } from '../../src/digest/store.js';
import { startDigestRunner } from '../../src/digest/runner.js';
import { createLogger } from '../../src/log/logger.js';
import type { PostFn } from '../../src/digest/types.js';
import type { Frequency } from '../../src/digest/schedule.js';

const [mode, db, nowIso, arg1, arg2] = process.argv.slice(2);
if (!mode || !db || !nowIso) throw new Error('usage: child.ts <mode> <db> <now> ...');
const now = new Date(nowIso);
const store = openDigestStore(db);
// Errors only, on stderr, where the test shows them if the child fails.
const log = createLogger({ level: 'error' });

if (mode === 'subscribe') {
  store.subscribe({ guildId: 'g1', channelId: arg1!, frequency: arg2 as Frequency, region: null, userId: 'u1' }, now);
  store.close();
  process.stdout.write('OK\n');
} else {
  const postsFile = arg1!;
  const hang = () => {
    setInterval(() => {}, 1000); // keeps the process alive until the test kills it
    return new Promise<never>(() => {});
  };
  const post: PostFn = async (channelId, message, options) => {
    if (mode === 'hang-after-claim') {
      process.stdout.write('CLAIMED\n');
      return hang();
    }
    appendFileSync(
      postsFile,
      `${JSON.stringify({ channelId, title: message.data.embeds?.[0]?.title, nonce: options?.nonce, pid: process.pid })}\n`,
    );
    if (mode === 'hang-after-send') {
      process.stdout.write('SENT\n');
      return hang();
    }
    return { ok: true, messageId: `m-${process.pid}` };
  };
  const runner = startDigestRunner({
    store,
    now: () => now,
    post,
    buildMessage: (region) => ({ data: { embeds: [{ title: `Key points (${region ?? 'both'})` }], allowed_mentions: { parse: [] } } }),
    log,
    intervalMs: 3_600_000,
  });
  const report = await runner.ready;
  await runner.stop();
  store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
