/**
 * Time inside each command, in a process of its own: app.handle (zod parse + run, as the adapter
 * calls it) on the bundled figures, many times with varied arguments. /digest uses a real SQLite
 * store (WAL, synchronous=FULL, as in production) in a temporary folder, removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import type { Invocation } from '../../src/core/invocation.js';
import { createApp } from '../../src/app/createApp.js';
import { createLinkService } from '../../src/charts/service.js';
import { openDigestStore } from '../../src/digest/store.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { exitWithParent, medianOfBatches, report, reportFailures, summarize, timeCalls } from './harness.js';
import { allCalls } from './workload.js';

exitWithParent();
reportFailures();

const BATCHES = 3;
const PER_BATCH = 1000;
const WARMUP = 300;

const dir = mkdtempSync(join(tmpdir(), 'bench-digests-'));
try {
  const figures = await loadModel(fileURLToPath(new URL('../../data/', import.meta.url)));
  const digests = openDigestStore(join(dir, 'bot.sqlite'));
  const charts = createLinkService({ quickchartUrl: 'https://quickchart.io' });
  const app = createApp({ commands, figures: () => figures, charts, digests });
  // A member of the fake's guild who may manage digests, in its first channel.
  const invocation: Invocation = {
    userId: '500000000000000001',
    guildId: '100000000000000001',
    channelId: '200000000000000001',
    memberPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages,
  };
  const channels = ['200000000000000001', '200000000000000002', '200000000000000005'];
  const results: Record<string, unknown> = {};
  for (const calls of allCalls(figures.model, WARMUP + BATCHES * PER_BATCH, channels)) {
    const name = calls[0]!.name;
    const kinds: Record<string, number> = {};
    let next = 0; // every call, warm-up included, takes the next of the varied arguments
    const handle = async () => {
      const call = calls[next++ % calls.length]!;
      const outcome = await app.handle(call.name, call.options, invocation);
      kinds[outcome.kind] = (kinds[outcome.kind] ?? 0) + 1;
    };
    const batches = [];
    for (let b = 0; b < BATCHES; b++) {
      batches.push(summarize(await timeCalls(handle, { warmup: b === 0 ? WARMUP : 0, max: PER_BATCH, budgetMs: 600 })));
    }
    results[name] = { ...medianOfBatches(batches), kinds };
  }
  digests.close();
  report({ type: 'result', commands: results });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
