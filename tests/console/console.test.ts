import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/console/parseLine.js';
import { app } from '../helpers/app.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the bot exactly as `npm start` does, with no token, and pipes `input` into it. */
function start(input: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
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
    expect(run.stdout).toContain('== China–Kazakhstan trade, 2024 ==');
    expect(run.stdout).toContain('Total trade: $43.82 bn [1, 2, 3]');
    expect(run.stdout).toContain("China's exports (to Kazakhstan):\n  $28 bn [3]");
    expect(run.stdout).toContain("Balance: China's surplus of about $12 bn (derived)");
    expect(run.stdout).toMatch(/Chart: https:\/\/quickchart\.io\/chart\?/);
    expect(run.stdout).toContain('[1] The Astana Times, 2025-01-23 <https://astanatimes.com/');
    expect(run.stdout).toContain('[3] Eurasianet, 2025-01-29 <https://energynews.africa/?p=8322>');
  });

  it('prints the error a Discord user would see for a bad line, and carries on', async () => {
    const run = await start('/trade atlantis\n/nonsense\nhello\n/trade turkmenistan\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(only you can see this)\nNo figures for “atlantis”.');
    expect(run.stdout).toContain("I don't know /nonsense.");
    expect(run.stdout).toContain('Type a slash command');
    expect(run.stdout).toContain("Balance: Turkmenistan's surplus of about $8.6 bn (derived)");
  });

  it('with --json prints exactly the interaction response data, one line per reply', async () => {
    const run = await start('/trade kazakhstan year:2023\n/trade Kazakstn\n', ['--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [ok, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ok).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ title: 'China–Kazakhstan trade, 2023' }] });
    expect(error).toEqual({
      content: 'No figures for “Kazakstn”. Did you mean Kazakhstan? Covered: Kazakhstan, Kyrgyzstan, Uzbekistan, Turkmenistan, Tajikistan, Azerbaijan, Georgia, Armenia.',
      flags: 64,
      allowed_mentions: { parse: [] },
    });
  });

  it('writes a locally rendered chart to a file and prints its path when CHARTS=attach', async () => {
    const run = await start('/region central-asia\n', [], { CHARTS: 'attach' });
    expect(run.stdout).toMatch(/Chart: \/.*chart\.png/);
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
    ['/compare kazakhstan uzbekistan year:2024', { first: 'kazakhstan', second: 'uzbekistan', year: 2024 }],
    ['/rank by:balance region:central-asia', { by: 'balance', region: 'central-asia' }],
  ])('%s', (line, options) => {
    expect(parseLine(line, app.definitions)).toEqual({ ok: true, name: line.split(' ')[0]!.slice(1), options });
  });

  it('says which option is missing or malformed', () => {
    expect(parseLine('/trade', app.definitions)).toEqual({ ok: false, error: '/trade needs country. Try /help.' });
    expect(parseLine('/trade country:kazakhstan year:soon', app.definitions)).toEqual({ ok: false, error: 'year must be a whole number, like 2024' });
    expect(parseLine('/rank by:population', app.definitions)).toEqual({
      ok: false,
      error: 'by must be one of: total, china-exports, china-imports, balance, growth',
    });
  });
});
