import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseLine, vocabularyOf } from '../../src/console/parseLine.js';
import { app, DM, model } from '../helpers/app.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// The bot's entry point and tsx's loader by absolute path, so that it can run in another directory.
const MAIN = resolve('src/main.ts');
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;

/** Starts the bot exactly as `npm start` does, with no token, and pipes `input` into it (in `cwd`, if given). */
function start(input: string, args: string[] = [], env: Record<string, string> = {}, cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      ...(cwd ? { cwd } : {}),
      env: { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'info', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the console (npm start without a token)', () => {
  it('says how to connect to Discord, answers /trade kazakhstan as text, and exits at the end of input', async () => {
    const run = await start('/trade kazakhstan\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('DISCORD_TOKEN');
    expect(run.stdout).toContain('== China–Kazakhstan trade, 2025 ==');
    expect(run.stdout).toContain('Total trade: $48.7 bn [1], also printed as over $48.6 bn [2]');
    expect(run.stdout).toContain("China's exports (to Kazakhstan):\n  $29.7 bn [1, 2]");
    expect(run.stdout).toContain("China's imports (from Kazakhstan):\n  $19 bn [1, 2]");
    expect(run.stdout).toContain('Change on 2024: +11% [1, 2]');
    expect(run.stdout).toContain("Balance: China's surplus of about $11 bn (derived)");
    expect(run.stdout).toMatch(/Chart: https:\/\/quickchart\.io\/chart\?/);
    expect(run.stdout).toContain('[1] The Caspian Post, 2026 <https://caspianpost.com/');
    expect(run.stdout).toContain('[3] Eurasianet, 2025-01-29 <https://energynews.africa/?p=8322>');
  });

  it('prints the error a Discord user would see for a bad line, and carries on', async () => {
    const run = await start('/trade atlantis\n/nonsense\nhello\n/trade turkmenistan 2024\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(only you can see this)\nNo figures for “atlantis”.');
    expect(run.stdout).toContain("I don't know /nonsense.");
    expect(run.stdout).toContain('Type a slash command');
    expect(run.stdout).toContain("Balance: Turkmenistan's surplus of about $8.6 bn (derived)");
    expect(run.stdout).toContain('== China–Turkmenistan trade, 2024 ==');
  });

  it('with --json prints exactly the interaction response data, one line per reply', async () => {
    const run = await start('/trade kazakhstan year:2023\n/trade Kazakstn\n', ['--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [ok, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ok).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ title: 'China–Kazakhstan trade, 2023' }] });
    expect(error).toEqual({
      content:
        'No figures for “Kazakstn”. Did you mean Kazakhstan? Covered: Kazakhstan, Kyrgyzstan, Uzbekistan, Turkmenistan, Tajikistan, Azerbaijan, Georgia, Armenia.',
      flags: 64,
      allowed_mentions: { parse: [] },
    });
  });

  it('writes a locally rendered chart to a file and prints its path when CHARTS=attach', async () => {
    const run = await start('/region central-asia\n', [], { CHARTS: 'attach' });
    expect(run.stdout).toMatch(/Chart: \/.*chart\.png/);
  });

  it('with format:csv writes the CSV into the current directory under its own name and prints its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-console-'));
    try {
      const run = await start('/trade kazakhstan format:csv\n', [], {}, dir);
      expect(run.code).toBe(0);
      const path = join(dir, 'trade-kazakhstan-2025.csv');
      expect(run.stdout).toContain('== China–Kazakhstan trade, 2025 ==');
      expect(run.stdout).toContain(`CSV: ${path}`);
      const rows = parse<Record<string, string>>(await readFile(path, 'utf8'), { columns: true });
      expect(rows.find((r) => r.flow === 'total')).toMatchObject({ value: '48700000000', provenance: 'reported' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with --json and format:csv prints the JSON reply alone on stdout and the CSV path on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-console-'));
    try {
      const run = await start('/rank total format:csv\n', ['--json'], {}, dir);
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const data = JSON.parse(lines[0]!) as { attachments?: { filename: string }[] };
      expect(data.attachments?.map((a) => a.filename)).toEqual(['rank-total-all-2025.csv']);
      const path = join(dir, 'rank-total-all-2025.csv');
      expect(run.stderr).toContain(`CSV: ${path}\n`);
      expect((await readFile(path, 'utf8')).split('\r\n')[0]).toMatch(/^rank,place,place_id,period,period_key,/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on bad settings, naming every bad key', async () => {
    const run = await start('', [], { CHARTS: 'fax', LOG_LEVEL: 'loud' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CHARTS');
    expect(run.stderr).toContain('LOG_LEVEL');
  });
});

describe('reading a slash command typed in a terminal', () => {
  it.each([
    ['/trade country:kazakhstan year:2023', { country: 'kazakhstan', year: 2023 }],
    ['/trade kazakhstan', { country: 'kazakhstan' }],
    ['/trade "kyrgyz republic" 2023', { country: 'kyrgyz republic', year: 2023 }],
    ['/trade country:"kyrgyz republic"', { country: 'kyrgyz republic' }],
    ['/trade kyrgyz republic 2023', { country: 'kyrgyz republic', year: 2023 }],
    ['/trade kazakhstan Jan-Oct 2025', { country: 'kazakhstan', period: 'Jan-Oct 2025' }],
    ['/trade kazakhstan period:"H1 2024"', { country: 'kazakhstan', period: 'H1 2024' }],
    ['/rank total 2025-01..10', { by: 'total', period: '2025-01..10' }],
    ['/compare kazakhstan uzbekistan year:2024', { first: 'kazakhstan', second: 'uzbekistan', year: 2024 }],
    ['/rank by:balance region:central-asia', { by: 'balance', region: 'central-asia' }],
    ['/trade kazakhstan format:csv', { country: 'kazakhstan', format: 'csv' }],
    ['/trade kazakhstan csv', { country: 'kazakhstan', format: 'csv' }],
  ])('%s', (line, options) => {
    expect(parseLine(line, app.definitions)).toEqual({ ok: true, name: line.split(' ')[0]!.slice(1), options });
  });

  it('says which option is missing or malformed', () => {
    expect(parseLine('/trade', app.definitions)).toEqual({
      ok: false,
      error: '/trade needs country (A country in Central Asia or the South Caucasus). See /help command:trade.',
    });
    expect(parseLine('/trade country:kazakhstan year:soon', app.definitions)).toEqual({
      ok: false,
      error: 'year must be a whole number from 1990 to 2100, not “soon”',
    });
    expect(parseLine('/rank by:population', app.definitions)).toEqual({
      ok: false,
      error: 'by must be one of: total, china-exports, china-imports, balance, growth',
    });
  });
});

/** The console as `npm start` wires it: the parser knows the model's names and what each option offers. */
const vocabulary = vocabularyOf(app, (text) => model.resolve(text), DM);
const read = (line: string) => parseLine(line, app.definitions, vocabulary);
const countries = model.partners.map((p) => p.name).join(', ');
const regions = model.regions.map((r) => r.name).join(', ');
const CHANNEL = '<#200000000000000001>';

describe('the short form, for every command, in any order', () => {
  it.each<[string, Record<string, string | number>]>([
    ['/trade 2023 kazakhstan', { country: 'kazakhstan', year: 2023 }],
    ['/trade kazakhstan year 2023', { country: 'kazakhstan', year: 2023 }],
    ['/trade kazakhstan year: 2023', { country: 'kazakhstan', year: 2023 }],
    ['/trade year:2023 kyrgyz republic', { country: 'kyrgyz republic', year: 2023 }],
    ['/trade country kazakhstan year:2023', { country: 'kazakhstan', year: 2023 }],
    ['/trade 2023 republic of kazakhstan', { country: 'republic of kazakhstan', year: 2023 }],
    ['/compare kazakhstan uzbekistan 2023', { first: 'kazakhstan', second: 'uzbekistan', year: 2023 }],
    ['/compare 2023 kazakhstan uzbekistan turkmenistan', { first: 'kazakhstan', second: 'uzbekistan', third: 'turkmenistan', year: 2023 }],
    ['/compare kazakhstan year 2024 KG', { first: 'kazakhstan', second: 'KG', year: 2024 }],
    ['/compare kazakstn uzbekstan', { first: 'kazakstn', second: 'uzbekstan' }],
    ['/region 2024 central asia', { name: 'central asia', year: 2024 }],
    ['/region south-caucasus 2024', { name: 'south-caucasus', year: 2024 }],
    ['/rank china-imports 2023', { by: 'china-imports', year: 2023 }],
    ['/rank 2023 central-asia balance', { by: 'balance', region: 'central-asia', year: 2023 }],
    ['/rank central asia growth', { by: 'growth', region: 'central asia' }],
    ['/rank imports', { by: 'china-imports' }],
    ['/rank total trade 2024', { by: 'total', year: 2024 }],
    ['/rank by balance', { by: 'balance' }],
    ['/keypoints central-asia', { region: 'central-asia' }],
    [`/keypoints ${CHANNEL} south caucasus`, { region: 'south caucasus', channel: '200000000000000001' }],
    [
      `/digest central-asia weekly subscribe ${CHANNEL}`,
      { subcommand: 'subscribe', channel: '200000000000000001', every: 'weekly', region: 'central-asia' },
    ],
    ['/digest list', { subcommand: 'list' }],
    ['/sources', {}],
    ['/help trade', { command: 'trade' }],
    ['/help command trade', { command: 'trade' }],
  ])('%s', (line, options) => {
    expect(read(line)).toEqual({ ok: true, name: line.split(' ')[0]!.slice(1), options });
  });
});

describe('short-form errors that give the real reason and what would work', () => {
  it.each<[string, string]>([
    ['/sources kazakhstan', '/sources takes no country. Its options: source, page. Try /sources, or see /help command:sources.'],
    [
      '/compare kazakhstan uzbekistan turkmenistan kyrgyzstan tajikistan azerbaijan',
      '/compare takes at most five countries; you named six: Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan, Tajikistan, Azerbaijan. Leave out one.',
    ],
    [
      '/compare first:kazakhstan uzbekistan turkmenistan kyrgyzstan tajikistan 2024 azerbaijan',
      '/compare takes at most five countries; you named six: Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan, Tajikistan, Azerbaijan. Leave out one.',
    ],
    [
      '/trade kazakhstan uzbekistan',
      '/trade takes one country; you named two: Kazakhstan, Uzbekistan. For two side by side, try /compare kazakhstan uzbekistan.',
    ],
    ['/trade central asia', `Central Asia is a region, not a country. Try /region central-asia, or a country: ${countries}.`],
    ['/region kazakhstan 2023', `Kazakhstan is a country, not a region. Try /trade kazakhstan, or a region: ${regions}.`],
    ['/rank kazakhstan total', `Kazakhstan is a country, not a region. Try /trade kazakhstan, or a region: ${regions}.`],
    [
      '/rank population',
      `“population” is not one of the choices for by (total, china-exports, china-imports, balance, growth), nor a region (${regions}). E.g. /rank total.`,
    ],
    [
      '/rank balanse 2023',
      `“balanse” is not one of the choices for by (total, china-exports, china-imports, balance, growth), nor a region (${regions}). Did you mean balance? E.g. /rank balance 2023.`,
    ],
    ['/rank by:population', 'by must be one of: total, china-exports, china-imports, balance, growth'],
    ['/rank 2023', '/rank needs by (What to rank by): one of total, china-exports, china-imports, balance, growth. E.g. /rank 2023 total.'],
    ['/trade 2023', '/trade needs a country. E.g. /trade 2023 kazakhstan.'],
    ['/compare kazakhstan', '/compare needs at least two countries; you named one (Kazakhstan). E.g. /compare kazakhstan kyrgyzstan.'],
    ['/trade kazakhstan 2023 2024', 'year is given twice (2023 and 2024). Give it once.'],
    ['/trade kazakhstan 1850', 'year must be from 1990 to 2100, not 1850.'],
    [
      '/trade country:kazakhstan yaer:2023',
      '/trade has no option “yaer”. Did you mean year:2023? Its options: country, year, period, format.',
    ],
    [
      '/trade kazakhstan population',
      '/trade has no room for “population”: it takes country, year, period and format, and has country:kazakhstan. Try /trade kazakhstan, or see /help command:trade.',
    ],
    [
      '/trde kazakhstan',
      "I don't know /trde. Did you mean /trade? Commands: /trade, /compare, /history, /products, /region, /rank, /keypoints, /digest, /sources, /cite, /help.",
    ],
  ])('%s', (line, error) => {
    expect(read(line)).toEqual({ ok: false, error });
  });

  it('leaves a mistyped name to the command, which says what it nearly matches', async () => {
    const parsed = read('/trade 2023 kazakstn');
    expect(parsed).toEqual({ ok: true, name: 'trade', options: { country: 'kazakstn', year: 2023 } });
    const outcome = await app.handle('trade', parsed.ok ? parsed.options : {}, DM);
    expect(outcome.result.data.content).toBe(`No figures for “kazakstn”. Did you mean Kazakhstan? Covered: ${countries}.`);
  });

  it('answers the lines of the finding in a terminal, through npm start', async () => {
    const run = await start(
      [
        '/compare kazakhstan uzbekistan 2023',
        '/rank china-imports 2023',
        '/trade 2023 kazakhstan',
        '/keypoints 2023',
        '/compare kazakhstan uzbekistan turkmenistan kyrgyzstan tajikistan azerbaijan',
        '/help trade',
      ].join('\n') + '\n',
    );
    expect(run.code).toBe(0);
    // Three replies for 2023 (their wording belongs to the commands), key points for 2023, then the error.
    expect(run.stdout.match(/^== .*Kazakhstan.*2023 ==$|^== .*ranked by .*, 2023 ==$/gm)).toHaveLength(3);
    expect(run.stdout).toMatch(/^== Key points: .*, 2023 ==$/m);
    expect(run.stdout).toContain('/compare takes at most five countries; you named six:');
    expect(run.stdout).toContain('== /trade ==');
    expect(run.stdout).not.toContain('No figures for “2023”');
  });
});
