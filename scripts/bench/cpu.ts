/**
 * CPU time per interaction of the bot's own process, read from /proc/<pid>/stat (utime + stime),
 * which is steadier than wall time on a shared machine: `npm run bench -- --cpu` alone, or the
 * first part of `npm run bench`. Three bots, each in a process and on a fake Discord of its own:
 *   bot          this bot as `npm start` runs it: node dist/src/main.js (built first), LOG_LEVEL=info
 *   bare-small   discord.js alone, answering every command with a small fixed embed
 *   bare-exact   discord.js alone, answering with this bot's exact reply to each command
 * Each gets 2,000 interactions of warm-up, then rounds in a rotating order of alternating
 * `/trade kazakhstan` and `/compare kazakhstan georgia`, 25 in flight. Prints the median per
 * round with the spread of the rounds, and the ratios.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { createLinkService } from '../../src/charts/service.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';
import { median, startChild, type Child } from './harness.js';

export const CPU_KINDS = ['bot', 'bare-small', 'bare-exact'] as const;
export type CpuKind = (typeof CPU_KINDS)[number];

export interface CpuOptions {
  readonly warmup?: number;
  readonly rounds?: number;
  readonly perRound?: number;
  readonly concurrency?: number;
  /** This bot's entry: a .js runs with plain node, a .ts through tsx (default: the build of these sources). */
  readonly entry?: string;
  readonly progress?: (text: string) => void;
}

export interface CpuResult {
  readonly entry: string;
  readonly warmup: number;
  readonly perRound: number;
  readonly concurrency: number;
  /** Microseconds of the bot process's CPU per interaction, one value per round. */
  readonly roundsUs: Record<CpuKind, number[]>;
  readonly ratePerS: Record<CpuKind, number[]>;
  readonly rssAtReadyMb: Record<CpuKind, number>;
  readonly rssAfterMb: Record<CpuKind, number>;
  /** Replies that were errors (ephemeral) or never came: any makes the comparison meaningless. */
  readonly bad: Record<CpuKind, number>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CALLS = [
  { name: 'trade', options: { country: 'kazakhstan' } },
  { name: 'compare', options: { first: 'kazakhstan', second: 'georgia' } },
] as const;

const TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in microseconds (at the kernel's clock-tick resolution, 10 ms at 100 Hz). */
function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The process name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_S) * 1e6;
}

function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

interface CpuBot {
  readonly kind: CpuKind;
  readonly fake: FakeDiscord;
  readonly child: Child;
  readonly pid: number;
}

/** Sends `count` interactions alternating the two commands, `concurrency` in flight; returns interactions/s and bad replies. */
async function drive(bot: CpuBot, count: number, concurrency: number, timeoutMs = 10_000): Promise<{ rate: number; bad: number }> {
  let issued = 0;
  let bad = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < count) {
      const call = CALLS[issued++ % CALLS.length]!;
      try {
        const answer = await bot.fake.send({ name: call.name, options: call.options, timeoutMs }).reply;
        if (answer.ephemeral) bad++;
      } catch {
        bad++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rate: (count / (performance.now() - started)) * 1000, bad };
}

/** Until the bot answers: a client that has identified may not be handling interactions yet. */
async function answering(bot: CpuBot): Promise<void> {
  await bot.fake.waitForIdentify(1, 60_000);
  const deadline = performance.now() + 60_000;
  for (;;) {
    try {
      await bot.fake.send({ name: 'trade', options: { country: 'kazakhstan' }, timeoutMs: 2000 }).reply;
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
    }
  }
}

async function startCpuBot(kind: CpuKind, entry: string, exactReplies: string): Promise<CpuBot> {
  const fake = await startFakeDiscord();
  const env = { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info', CHARTS: 'url' };
  const child =
    kind === 'bot'
      ? startChild(entry, [], { tsx: entry.endsWith('.ts'), env: { ...env, QUICKCHART_URL: 'https://quickchart.io' } })
      : startChild(fileURLToPath(new URL('./botProcess.ts', import.meta.url)), ['--bare'], {
          env: { ...env, BENCH_REPLIES: kind === 'bare-exact' ? exactReplies : '{}' },
        });
  const bot = { kind, fake, child, pid: child.proc.pid! };
  try {
    await answering(bot);
    return bot;
  } catch (error) {
    await child.stop();
    await fake.stop();
    throw error;
  }
}

/** Builds these sources as `npm install` does (prepare), so that `bot` is what `npm start` runs. */
function build(progress: (text: string) => void): string {
  progress('building dist/ (tsc -p tsconfig.build.json)');
  execFileSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', `${ROOT}tsconfig.build.json`], { stdio: 'inherit' });
  return `${ROOT}dist/src/main.js`;
}

export async function measureCpu(options: CpuOptions = {}): Promise<CpuResult> {
  const progress = options.progress ?? (() => undefined);
  const warmup = options.warmup ?? 2000;
  const rounds = options.rounds ?? 5;
  const perRound = options.perRound ?? 4000;
  const concurrency = options.concurrency ?? 25;
  const entry = options.entry ?? build(progress);

  // The bare bot's exact replies: this bot's own answers to the two commands, as Discord gets them.
  const figures = await loadModel(`${ROOT}data`);
  const app = createApp({ commands, figures: () => figures, charts: createLinkService({ quickchartUrl: 'https://quickchart.io' }) });
  const dm = { userId: '1', guildId: null, channelId: null, memberPermissions: null };
  const exact: Record<string, unknown> = {};
  for (const call of CALLS) exact[call.name] = (await app.handle(call.name, { ...call.options }, dm)).result.data;

  const empty = () => ({ bot: [], 'bare-small': [], 'bare-exact': [] }) as Record<CpuKind, number[]>;
  const roundsUs = empty();
  const ratePerS = empty();
  const rssAtReadyMb = { bot: 0, 'bare-small': 0, 'bare-exact': 0 };
  const rssAfterMb = { ...rssAtReadyMb };
  const bad = { ...rssAtReadyMb };
  const bots: CpuBot[] = [];
  try {
    for (const kind of CPU_KINDS) {
      progress(`starting ${kind}`);
      const bot = await startCpuBot(kind, entry, JSON.stringify(exact));
      bots.push(bot);
      rssAtReadyMb[kind] = rssMb(bot.pid);
    }
    for (const bot of bots) {
      progress(`warm-up ${bot.kind}: ${warmup} interactions`);
      bad[bot.kind] += (await drive(bot, warmup, concurrency)).bad;
    }
    for (let round = 0; round < rounds; round++) {
      progress(`round ${round + 1}/${rounds}`);
      // A different bot goes first each round, so that a noisy stretch weighs on all alike.
      const order = bots.map((_, i) => bots[(i + round) % bots.length]!);
      for (const bot of order) {
        const before = cpuUs(bot.pid);
        const { rate, bad: failed } = await drive(bot, perRound, concurrency);
        roundsUs[bot.kind].push((cpuUs(bot.pid) - before) / perRound);
        ratePerS[bot.kind].push(rate);
        bad[bot.kind] += failed;
      }
    }
    for (const bot of bots) rssAfterMb[bot.kind] = rssMb(bot.pid);
  } finally {
    for (const bot of bots) {
      await bot.child.stop();
      await bot.fake.stop();
    }
  }
  return { entry, warmup, perRound, concurrency, roundsUs, ratePerS, rssAtReadyMb, rssAfterMb, bad };
}

const us = (x: number) => `${x.toFixed(0)} µs`;

/** The result as markdown lines: one row per bot, then the ratios. */
export function cpuLines(r: CpuResult): string[] {
  const med = (kind: CpuKind) => median(r.roundsUs[kind]);
  const spread = (kind: CpuKind) => `${us(Math.min(...r.roundsUs[kind]))}–${us(Math.max(...r.roundsUs[kind]))}`;
  const lines = [
    `CPU per interaction (/proc utime+stime of the bot process; ${r.warmup} warm-up, ${r.roundsUs.bot.length} rounds × ${r.perRound}, ` +
      `/trade kazakhstan and /compare kazakhstan georgia alternating, ${r.concurrency} in flight; bot: ${r.entry})`,
    '',
    '| Bot | CPU per interaction, median (rounds) | interactions/s, median | RSS at ready → after | bad replies |',
    '|---|---|---|---|---|',
    ...CPU_KINDS.map(
      (kind) =>
        `| ${kind} | ${us(med(kind))} (${spread(kind)}) | ${median(r.ratePerS[kind]).toFixed(0)} | ` +
        `${r.rssAtReadyMb[kind].toFixed(0)} → ${r.rssAfterMb[kind].toFixed(0)} MB | ${r.bad[kind]} |`,
    ),
    '',
    `- bare-small / bot: ${(med('bare-small') / med('bot')).toFixed(2)} (target ≥ 0.90: bot within 1.1× of the small-embed bare bot)`,
    `- bare-exact / bot: ${(med('bare-exact') / med('bot')).toFixed(2)}`,
    `- bare-small / bare-exact: ${(med('bare-small') / med('bare-exact')).toFixed(2)} (what this bot's embeds cost discord.js itself)`,
  ];
  return lines;
}
