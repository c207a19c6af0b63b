/**
 * `npm run bench [-- --json] [-- --cpu] [-- --sizes] [-- --entry <main.js|main.ts>]`: one run, one
 * table (markdown, on stdout; progress on stderr). --cpu runs part 0 alone, --sizes part 4 alone;
 * --entry names the bot part 0 measures (another checkout's, say; default: these sources, built).
 *
 *  0. CPU per interaction from /proc, this bot against two bare discord.js bots (cpu.ts).
 *  1. Start-up and load: this bot and a bare discord.js bot, each in its own process, each on its
 *     own fake Discord (tools/fake-discord/) on 127.0.0.1. Both get the same /trade and
 *     /compare interactions with 20 in flight, in alternating rounds so that a noisy machine
 *     weighs on both alike; latency is from the fake sending INTERACTION_CREATE to it receiving
 *     the callback. Then each bot's RSS.
 *  2. Time inside each command: app.handle called directly (runTimes.ts).
 *  3. The model at 10^3, 10^5 and 10^6 synthetic figures, each in a fresh process (modelSize.ts).
 *  4. Imported data at 10^3, 10^5 and 10^6 figures through the compiled bot (dataSize.ts): load,
 *     RSS, /trade, /rank and /history, the longest event-loop stall during a reload through the
 *     worker; then the import of 10^6 Comtrade rows (import.ts): time and peak RSS.
 * Every loop is bounded in count and time; every child is killed at the end, even on failure.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { createLinkService } from '../../src/charts/service.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';
import { cpuLines, measureCpu } from './cpu.js';
import { killChildren, killChildrenOnExit, median, startChild, summarize, type Child, type Message, type Summary } from './harness.js';
import { compareCalls, tradeCalls, type Call } from './workload.js';

const CONCURRENCY = 20;
const WARMUP = 2000; // per bot and command, not measured: both get faster for thousands of interactions
const ROUNDS = 4;
const PER_ROUND = 1000; // per bot and command and round: 4000 measured each
const PHASE_BUDGET_MS = 30_000;
const STARTUPS = 5; // per bot, alternating, median reported
const SIZES = [1_000, 100_000, 1_000_000];
const IMPORT_ROWS = 1_000_000; // the Comtrade import, part 4 (issue 13: under 30 s)

const {
  json,
  cpu: cpuOnly,
  sizes: sizesOnly,
  entry,
} = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    cpu: { type: 'boolean', default: false },
    sizes: { type: 'boolean', default: false },
    entry: { type: 'string' },
  },
}).values;
const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);
const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));
killChildrenOnExit();

// ---- bots on the fake Discord ----------------------------------------------------------------------

type Kind = 'bare' | 'full';
const KINDS: readonly Kind[] = ['bare', 'full'];
interface Bot {
  readonly kind: Kind;
  readonly fake: FakeDiscord;
  readonly child: Child;
  readonly startupMs: number;
  readonly rssAtReadyMb: number;
}

async function startBot(kind: Kind, replies: string): Promise<Bot> {
  const fake = await startFakeDiscord();
  const child = startChild(script('./botProcess.ts'), [`--${kind}`], {
    nodeArgs: ['--expose-gc'],
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
      CHARTS: 'url',
      QUICKCHART_URL: 'https://quickchart.io',
      BENCH_REPLIES: replies,
    },
  });
  try {
    await child.next('ready', 60_000);
    const startupMs = performance.now() - child.spawnedAt;
    child.send({ type: 'usage', gc: false });
    const { rss } = await child.next<Usage>('usage', 10_000);
    return { kind, fake, child, startupMs, rssAtReadyMb: rss / 2 ** 20 };
  } catch (error) {
    await child.stop();
    await fake.stop();
    throw error;
  }
}

async function stopBot(bot: Bot): Promise<void> {
  await bot.child.stop();
  await bot.fake.stop();
}

interface Load {
  latencies: number[];
  ms: number;
  done: number;
  failed: number;
  ephemeral: number;
  /** CPU time of the bot's process, and of this one (the fake Discord and the driver). */
  botCpuUs: number;
  fakeCpuUs: number;
  rates: number[];
}
const emptyLoad = (): Load => ({ latencies: [], ms: 0, done: 0, failed: 0, ephemeral: 0, botCpuUs: 0, fakeCpuUs: 0, rates: [] });

type Usage = Message & { cpuUs: number; rss: number; heapUsed: number; heapAfterGc: number | null };
async function usage(bot: Bot, gc = false): Promise<Usage> {
  bot.child.send({ type: 'usage', gc });
  return bot.child.next<Usage>('usage', 10_000);
}

/** Sends `count` interactions, keeping CONCURRENCY in flight; adds what it saw to `into`. */
async function drive(bot: Bot, calls: readonly Call[], count: number, into: Load): Promise<number> {
  const { fake } = bot;
  let issued = 0;
  const before = await usage(bot);
  const fakeCpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + PHASE_BUDGET_MS;
  const worker = async () => {
    while (issued < count && performance.now() < deadline) {
      const call = calls[issued++ % calls.length]!;
      const { reply } = fake.send({ name: call.name, options: call.options, timeoutMs: 10_000 });
      const sent = performance.now(); // send() has built and dispatched INTERACTION_CREATE
      try {
        const answer = await reply; // settles when the fake has received the callback
        into.latencies.push(performance.now() - sent);
        into.done += 1;
        if (answer.ephemeral) into.ephemeral += 1;
      } catch {
        into.failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(fakeCpu);
  into.fakeCpuUs += cpu.user + cpu.system;
  into.botCpuUs += (await usage(bot)).cpuUs - before.cpuUs;
  into.ms += ms;
  into.rates.push((issued / ms) * 1000);
  return (issued / ms) * 1000;
}

interface GatewayResult {
  startupMs: Record<Kind, number[]>;
  rssAtReadyMb: Record<Kind, number>;
  rssMb: Record<Kind, number>;
  heapAfterGcMb: Record<Kind, number>;
  load: Record<string, Record<Kind, Load>>;
  roundRatios: Record<string, number[]>;
}

async function gateway(): Promise<GatewayResult> {
  const figures = await loadModel(fileURLToPath(new URL('../../data/', import.meta.url)));
  const { model } = figures;
  const workloads: Record<string, Call[]> = { trade: tradeCalls(model, 997), compare: compareCalls(model, 997) };
  // The bare bot's fixed replies: this bot's own answer to one /trade and one /compare.
  const app = createApp({ commands, figures: () => figures, charts: createLinkService({ quickchartUrl: 'https://quickchart.io' }) });
  const dm = { userId: '1', guildId: null, channelId: null, memberPermissions: null };
  const replies = JSON.stringify({
    trade: (await app.handle('trade', { country: 'kazakhstan' }, dm)).result.data,
    compare: (await app.handle('compare', { first: 'kazakhstan', second: 'uzbekistan', third: 'kyrgyzstan' }, dm)).result.data,
  });
  const startupMs: Record<Kind, number[]> = { bare: [], full: [] };
  for (let i = 0; i < STARTUPS - 1; i++) {
    for (const kind of i % 2 === 0 ? KINDS : [...KINDS].reverse()) {
      progress(`start-up ${kind} #${i + 1}`);
      const bot = await startBot(kind, replies);
      startupMs[kind].push(bot.startupMs);
      await stopBot(bot);
    }
  }
  const bots: Bot[] = [];
  try {
    for (const kind of KINDS) {
      progress(`start-up ${kind} #${STARTUPS}, then load`);
      const bot = await startBot(kind, replies);
      bots.push(bot);
      startupMs[kind].push(bot.startupMs);
    }
    const load: GatewayResult['load'] = {};
    const roundRatios: Record<string, number[]> = {};
    for (const name of Object.keys(workloads)) {
      load[name] = { bare: emptyLoad(), full: emptyLoad() };
      roundRatios[name] = [];
      for (const bot of bots) await drive(bot, workloads[name]!, WARMUP, emptyLoad());
    }
    for (let round = 0; round < ROUNDS; round++) {
      progress(`load round ${round + 1}/${ROUNDS}`);
      for (const [name, calls] of Object.entries(workloads)) {
        const rate: Partial<Record<Kind, number>> = {};
        for (const bot of round % 2 === 0 ? bots : [...bots].reverse()) {
          rate[bot.kind] = await drive(bot, calls, PER_ROUND, load[name]![bot.kind]);
        }
        roundRatios[name]!.push(rate.full! / rate.bare!);
      }
    }
    const rssMb = { bare: 0, full: 0 };
    const heapAfterGcMb = { bare: 0, full: 0 };
    const rssAtReadyMb = { bare: 0, full: 0 };
    for (const bot of bots) {
      rssAtReadyMb[bot.kind] = bot.rssAtReadyMb;
      const u = await usage(bot, true);
      rssMb[bot.kind] = u.rss / 2 ** 20;
      heapAfterGcMb[bot.kind] = (u.heapAfterGc ?? NaN) / 2 ** 20;
    }
    return { startupMs, rssAtReadyMb, rssMb, heapAfterGcMb, load, roundRatios };
  } finally {
    for (const bot of bots) await stopBot(bot);
  }
}

// ---- children that measure and report once ---------------------------------------------------------

async function once<T>(name: string, args: string[], nodeArgs: string[], timeoutMs: number): Promise<T> {
  const child = startChild(script(name), args, { nodeArgs });
  try {
    return await child.next<Message & T>('result', timeoutMs);
  } finally {
    await child.stop();
  }
}

type CommandTimes = Record<string, Summary & { kinds: Record<string, number> }>;
interface SizeResult {
  figures: number;
  partners: number;
  years: number;
  parseMs: number;
  buildMs: number;
  heapDeltaMb: number;
  rssMb: number;
  tradeCold: Summary;
  tradeWarm: Summary;
  rankCold: Summary;
  rankWarm: Summary;
}

// ---- the table ----------------------------------------------------------------------------------------

const num = (x: number | null): string =>
  x === null || !Number.isFinite(x) ? 'n/a' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const ms = (x: number) => (x >= 1000 ? `${num(x / 1000)} s` : `${num(x)} ms`);
const us = (x: number) => (x >= 1000 ? `${num(x / 1000)} ms` : `${num(x)} µs`);
const pass = (ok: boolean, margin: string) => (ok ? `PASS (${margin} to spare)` : `MISS (by ${margin})`);
/** PASS when value ≤ limit, with the margin in the unit `show` prints. */
const atMost = (value: number, limit: number, show: (x: number) => string) => pass(value <= limit, show(Math.abs(limit - value)));

type Row = [area: string, measure: string, measured: string, target: string, result: string];

function gatewayRows(g: GatewayResult): Row[] {
  const rows: Row[] = [];
  for (const [name, byKind] of Object.entries(g.load)) {
    const rate = (k: Kind) => (byKind[k].done / byKind[k].ms) * 1000;
    const ratio = rate('full') / rate('bare');
    const lat = (k: Kind) => summarize(byKind[k].latencies);
    // Error replies (ephemeral) or unanswered interactions make the comparison meaningless.
    const bad = byKind.full.ephemeral + byKind.full.failed + byKind.bare.failed;
    const measured = `${byKind.full.done} + ${byKind.bare.done} after ${WARMUP} warm-up each`;
    rows.push([
      `Gateway /${name}`,
      `interactions/s, ${CONCURRENCY} in flight (${measured})`,
      `bot ${rate('full').toFixed(0)} · bare ${rate('bare').toFixed(0)} · ratio ${ratio.toFixed(2)}`,
      '≥ 0.90 × bare',
      bad > 0 ? `INVALID (${bad} error or missing replies)` : pass(ratio >= 0.9, `${Math.abs(ratio - 0.9).toFixed(2)}`),
    ]);
    rows.push([
      `Gateway /${name}`,
      'latency p50 / p99, INTERACTION_CREATE → callback',
      `bot ${ms(lat('full').p50)} / ${ms(lat('full').p99)} · bare ${ms(lat('bare').p50)} / ${ms(lat('bare').p99)}`,
      '—',
      '—',
    ]);
    const cpu = (k: Kind, which: 'botCpuUs' | 'fakeCpuUs') => us(byKind[k][which] / byKind[k].done);
    rows.push([
      `Gateway /${name}`,
      'CPU per interaction: bot process (fake Discord + driver)',
      `bot ${cpu('full', 'botCpuUs')} (${cpu('full', 'fakeCpuUs')}) · bare ${cpu('bare', 'botCpuUs')} (${cpu('bare', 'fakeCpuUs')})`,
      '—',
      '—',
    ]);
  }
  const up = { bare: median(g.startupMs.bare), full: median(g.startupMs.full) };
  rows.push([
    'Start-up',
    `process start → ready, median of ${STARTUPS}`,
    `bot ${ms(up.full)} · bare ${ms(up.bare)} · ${(up.full / up.bare).toFixed(2)}×`,
    '≤ 1.5 × bare',
    pass(up.full / up.bare <= 1.5, `${Math.abs(1.5 - up.full / up.bare).toFixed(2)}×`),
  ]);
  const extra = g.rssMb.full - g.rssMb.bare;
  const mem = (k: Kind) => `${g.rssMb[k].toFixed(0)} MB (${g.rssAtReadyMb[k].toFixed(0)}, ${g.heapAfterGcMb[k].toFixed(0)})`;
  rows.push([
    'Memory',
    'RSS after warm-up and load (RSS at ready, heap live after a full GC)',
    `bot ${mem('full')} · bare ${mem('bare')} · +${extra.toFixed(0)} MB`,
    '≤ bare + 40 MB',
    atMost(extra, 40, (x) => `${x.toFixed(0)} MB`),
  ]);
  return rows;
}

function commandRows(times: CommandTimes): Row[] {
  return Object.entries(times).map(([name, t]) => {
    const calls = Object.values(t.kinds).reduce((a, b) => a + b, 0);
    const errors = ((t.kinds['user-error'] ?? 0) + (t.kinds['internal-error'] ?? 0)) / calls;
    return [
      'run (bundled data)',
      `/${name} via app.handle, p50 / p99 (median of 3 batches, n=${t.n}${errors > 0 ? `, ${(errors * 100).toFixed(0)}% user errors` : ''})`,
      `${us(t.p50)} / ${us(t.p99)}`,
      'p99 < 1 ms',
      atMost(t.p99, 1000, us),
    ];
  });
}

function sizeRows(s: SizeResult, asked: number): Row[] {
  const big = asked >= 1_000_000;
  const area = `Model, 10^${Math.round(Math.log10(asked))} figures`;
  const query = (cold: Summary, warm: Summary): [string, string] => {
    const worst = Math.max(cold.p99, warm.p99);
    return [
      `cold ${us(cold.p50)} / ${us(cold.p99)} (n=${cold.n}) · warm ${us(warm.p50)} / ${us(warm.p99)}`,
      big ? atMost(worst, 1000, us) : '—',
    ];
  };
  const load = s.parseMs + s.buildMs;
  const [trade, tradeResult] = query(s.tradeCold, s.tradeWarm);
  const [rank, rankResult] = query(s.rankCold, s.rankWarm);
  return [
    [
      area,
      `load: parse + validate, build (${s.figures} figures: ${s.partners} partners × ${s.years} years)`,
      `${ms(load)} (${ms(s.parseMs)} + ${ms(s.buildMs)})`,
      big ? '< 5 s' : '—',
      big ? atMost(load, 5000, ms) : '—',
    ],
    [area, 'memory: heap held by dataset + model, RSS', `+${s.heapDeltaMb.toFixed(0)} MB heap · ${s.rssMb.toFixed(0)} MB RSS`, '—', '—'],
    [area, '/trade: partnerYear p50 / p99', trade, big ? 'p99 < 1 ms' : '—', tradeResult],
    [area, '/rank: ranking p50 / p99', rank, big ? 'p99 < 1 ms' : '—', rankResult],
  ];
}

// ---- the run --------------------------------------------------------------------------------------------

const results: Record<string, unknown> = {};
const rows: Row[] = [];
const notes: string[] = [];
const cpuBlock: string[] = [];
const failed = (area: string, error: unknown): Row => {
  progress(`${area} failed: ${error instanceof Error ? error.message : String(error)}`);
  return [area, 'failed', (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\|/g, '/'), '—', 'FAILED'];
};
const began = performance.now();
const sizes: SizeResult[] = [];
results.sizes = sizes;

try {
  if (!sizesOnly) {
    try {
      const cpuResult = await measureCpu({ progress, ...(entry ? { entry } : {}) });
      results.cpu = cpuResult;
      cpuBlock.push(...cpuLines(cpuResult), '');
    } catch (error) {
      rows.push(failed('CPU per interaction', error));
    }
  }
  if (!cpuOnly && !sizesOnly) await theRest();
  if (!cpuOnly) await dataSizes();
} finally {
  killChildren();
}

async function theRest() {
  try {
    const g = await gateway();
    // In --json, each phase's latencies as percentiles rather than thousands of samples.
    const load = Object.fromEntries(
      Object.entries(g.load).map(([name, byKind]) => [
        name,
        Object.fromEntries(KINDS.map((k) => [k, { ...byKind[k], latencies: summarize(byKind[k].latencies) }])),
      ]),
    );
    results.gateway = { ...g, load };
    rows.push(...gatewayRows(g));
    notes.push(
      "bare: a discord.js Client answering with a fixed embed, this bot's own reply to one /trade and one /compare, so both send the same bytes",
    );
    for (const [name, ratios] of Object.entries(g.roundRatios)) {
      notes.push(`/${name} bot/bare throughput ratio per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
    }
    for (const [name, byKind] of Object.entries(g.load)) {
      for (const kind of KINDS) {
        const l = byKind[kind];
        if (l.failed > 0 || (kind === 'full' && l.ephemeral > 0))
          notes.push(`/${name} ${kind}: ${l.failed} unanswered, ${l.ephemeral} ephemeral (error) replies`);
      }
    }
  } catch (error) {
    rows.push(failed('Gateway', error));
  }

  try {
    progress('time inside each command');
    const times = await once<{ commands: CommandTimes }>('./runTimes.ts', [], [], 120_000);
    results.commands = times.commands;
    rows.push(...commandRows(times.commands));
  } catch (error) {
    rows.push(failed('run', error));
  }

  for (const figures of SIZES) {
    try {
      progress(`model with ${figures} figures`);
      const size = await once<SizeResult>(
        './modelSize.ts',
        ['--figures', String(figures)],
        ['--max-old-space-size=4096', '--expose-gc'],
        180_000,
      );
      sizes.push(size);
      rows.push(...sizeRows(size, figures));
    } catch (error) {
      rows.push(failed(`Model, ${figures} figures`, error));
    }
  }
}

// ---- part 4: imported data at scale, and the import ----------------------------------------------------

interface DataSizeResult {
  figures: number;
  partners: number;
  years: number;
  loadMs: number;
  rssMb: number;
  queries: Record<'trade' | 'rank' | 'history', Summary>;
  kinds: Record<string, number>;
  reloadMs: number;
  stallMs: number;
  driftMs: number;
  ticks: number;
  answersDuringReload: Summary;
  maxRssMb: number;
}

function dataSizeRows(s: DataSizeResult, asked: number): Row[] {
  const big = asked >= 1_000_000;
  const area = `Imported data, 10^${Math.round(Math.log10(asked))} figures`;
  const errors = Object.entries(s.kinds).filter(([k]) => !k.endsWith(' ok'));
  const q = (name: 'trade' | 'rank' | 'history'): Row => [
    area,
    `/${name} via app.handle, p50 / p99 (n=${s.queries[name].n})`,
    `${us(s.queries[name].p50)} / ${us(s.queries[name].p99)}`,
    big ? 'p99 < 1 ms' : '—',
    big ? atMost(s.queries[name].p99, 1000, us) : '—',
  ];
  return [
    [
      area,
      `first load: read, parse, validate, build (${s.figures} figures, ${s.partners} partners, ${s.years} years)`,
      ms(s.loadMs),
      big ? '< 2 s' : '—',
      big ? atMost(s.loadMs, 2000, ms) : '—',
    ],
    [
      area,
      'RSS after the first load (after a full GC)',
      `${s.rssMb.toFixed(0)} MB (peak ${s.maxRssMb.toFixed(0)} MB with the reload)`,
      '—',
      '—',
    ],
    q('trade'),
    q('rank'),
    q('history'),
    [
      area,
      'reload through the worker: longest event-loop stall (monitorEventLoopDelay max · 10 ms interval drift)',
      `${ms(s.stallMs)} · ${ms(s.driftMs)} (reload ${ms(s.reloadMs)}, ${s.ticks} ticks)`,
      big ? '≤ 50 ms' : '—',
      big ? atMost(Math.max(s.stallMs, s.driftMs), 50, ms) : '—',
    ],
    [
      area,
      '/trade asked every 50 ms during the reload: answers, p50 / slowest',
      `${s.answersDuringReload.n} · ${ms(s.answersDuringReload.p50)} / ${ms(s.answersDuringReload.max)}`,
      '< 3 s (Discord)',
      s.answersDuringReload.n === 0 ? '—' : atMost(s.answersDuringReload.max, 3000, ms),
    ],
    ...(errors.length > 0 ? [[area, 'replies that were errors', errors.map(([k, n]) => `${k}: ${n}`).join(', '), '—', '—'] as Row] : []),
  ];
}

/** npm run bench:import in a process of its own; its table read back for the two figures. */
function importBench(rows: number): Promise<{ seconds: number; peakRssMb: number; table: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script('./import.ts'), '--rows', String(rows)],
      { maxBuffer: 1 << 24, timeout: 300_000 },
      (error, stdout) => {
        if (error) return reject(new Error(`the import bench failed: ${error.message}`));
        const seconds = Number(/\| import, in-process time \| ([\d.]+) s/.exec(stdout)?.[1]);
        const peakRssMb = Number(/\| peak RSS of the import process \| (\d+) MB/.exec(stdout)?.[1]);
        if (!Number.isFinite(seconds)) return reject(new Error(`no time in the import bench's output: ${stdout.slice(0, 300)}`));
        resolve({ seconds, peakRssMb, table: stdout });
      },
    );
  });
}

async function dataSizes() {
  try {
    // What `npm start` runs: the bench measures the compiled build, so build it from these sources.
    progress('building dist/ (tsc -p tsconfig.build.json)');
    execFileSync(
      process.execPath,
      [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'],
      {
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  } catch (error) {
    rows.push(failed('Imported data (build)', error));
    return;
  }
  const dataSizesResults: DataSizeResult[] = [];
  results.dataSizes = dataSizesResults;
  for (const figures of SIZES) {
    try {
      progress(`imported data with ${figures} figures: write, load, queries, reload`);
      const size = await once<DataSizeResult>(
        './dataSize.ts',
        ['--figures', String(figures)],
        ['--max-old-space-size=6144', '--expose-gc'],
        300_000,
      );
      dataSizesResults.push(size);
      rows.push(...dataSizeRows(size, figures));
    } catch (error) {
      rows.push(failed(`Imported data, ${figures} figures`, error));
    }
  }
  try {
    progress(`import of ${IMPORT_ROWS} Comtrade rows (npm run bench:import)`);
    const imp = await importBench(IMPORT_ROWS);
    results.import = imp;
    rows.push(
      [
        'Import',
        `${IMPORT_ROWS.toLocaleString('en-US')} Comtrade Plus rows: in-process time`,
        `${imp.seconds.toFixed(1)} s`,
        '< 30 s',
        atMost(imp.seconds, 30, (x) => `${x.toFixed(1)} s`),
      ],
      ['Import', 'peak RSS of the import process', `${imp.peakRssMb.toFixed(0)} MB`, '—', '—'],
    );
  } catch (error) {
    rows.push(failed('Import', error));
  }
}

const cpu = cpus();
let commit = 'unknown commit';
try {
  commit = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // not a git checkout
}
const header = `Bench ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${commit} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'} · load ${loadavg()[0]!.toFixed(2)} · ${((performance.now() - began) / 1000).toFixed(0)} s`;
if (json) {
  process.stdout.write(`${JSON.stringify({ header, rows, notes, results }, null, 2)}\n`);
} else {
  const lines = [
    header,
    '',
    ...cpuBlock,
    ...(rows.length > 0
      ? ['| Area | Measure | Measured | Target | Result |', '|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`), '']
      : []),
    ...notes.map((n) => `- ${n}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
process.exitCode = rows.some((r) => r[4] === 'FAILED') ? 1 : 0;
