/**
 * Issue 13 §2: the bot on imported data. A Comtrade file goes through the real import command into
 * a copy of data/, and the bot answers from that copy: through the app, and through `npm start`
 * with DATA_DIR set.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { createLinkService } from '../../src/charts/service.js';
import type { App } from '../../src/app/types.js';
import { payloadProblems } from '../../src/format/limits.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { DM } from '../helpers/app.js';
import { startHarness } from '../support/botHarness.js';

let dir: string;
let app: App;

const COMTRADE = 'https://comtradeplus.un.org';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imported-'));
  await cp('data', dir, { recursive: true });
  const run = spawnSync('npx', ['tsx', 'scripts/import.ts', 'comtrade', 'tests/import/fixtures/plus-annual.csv', '--data', dir], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const figures = await loadModel(dir);
  app = createApp({ commands, figures: () => figures, charts: createLinkService({ quickchartUrl: 'https://quickchart.io' }) });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const embedOf = (result: { data: { embeds?: unknown[] } }) =>
  (result.data.embeds as { title: string; fields: { name: string; value: string }[] }[])[0]!;
const field = (result: { data: { embeds?: unknown[] } }, name: string) =>
  embedOf(result).fields.find((f) => f.name.startsWith(name))?.value;

describe('a team that imported China–Russia from UN Comtrade', () => {
  it('wrote one dataset file into imports/', async () => {
    expect(await readdir(join(dir, 'imports'))).toEqual([expect.stringMatching(/^comtrade-plus-annual-[0-9a-f]{8}\.json$/)]);
  });

  it('answers /trade russia with China’s exports and imports as Comtrade gives them, in dollars, with the valuation and the Comtrade source', async () => {
    const { kind, result } = await app.handle('trade', { country: 'russia' }, DM);
    expect(kind).toBe('ok');
    expect(embedOf(result).title).toBe('China–Russia trade, 2023');
    expect(field(result, "China's exports")).toBe('$110,970,000,000 [1] (FOB)');
    expect(field(result, "China's imports")).toBe('$129,140,000,000 [1] (CIF)');
    // Exact inputs give an exact sum: no "about".
    expect(field(result, 'Total trade')).toBe('$240,110,000,000 (derived) [1]');
    expect(field(result, 'Sources')).toContain(`(${COMTRADE})`);
    expect(payloadProblems(result.data)).toEqual([]);
  });

  it('finds Russia by its ISO codes, its M49 code and its Russian name, from the country-names package', async () => {
    for (const name of ['RUS', 'RU', '643', 'Россия', 'Russian Federation']) {
      const { kind, result } = await app.handle('trade', { country: name }, DM);
      expect(kind, name).toBe('ok');
      expect(embedOf(result).title, name).toBe('China–Russia trade, 2023');
    }
  });

  it('shows a Comtrade figure beside the report’s for Kazakhstan 2023, with a data note only where the two cannot both be right', async () => {
    const { result } = await app.handle('trade', { country: 'kazakhstan', year: 2023 }, DM);
    // $24,698,950,000 is $24.7 bn rounded: the same figure.
    expect(field(result, "China's exports")).toBe('$24.7 bn [1, 2], also printed as $24,698,950,000 [3]');
    expect(field(result, "China's imports")).toBe('$16.3 bn [1, 2], also printed as $15,338,541,000 [3]');
    const notes = field(result, 'Data notes')!;
    expect(notes).toContain("Sources differ on China's imports from Kazakhstan in 2023: $16.3 bn");
    expect(notes).not.toContain("Sources differ on China's exports");
    // Kazakhstan's own report to Comtrade is the mirror, turned round to China's side.
    expect(field(result, "Kazakhstan's own statistics: Kazakhstan's imports from China")).toContain(
      '$16,200,000,000 [3] (Kazakhstan, as reported to UN Comtrade; valued CIF)',
    );
  });

  it('lists the imported HS chapters with their names and shares in /products', async () => {
    const { kind, result } = await app.handle('products', { country: 'kazakhstan', period: '2023' }, DM);
    expect(kind).toBe('ok');
    const text = JSON.stringify(result.data);
    expect(text).toContain('Mineral fuels, mineral oils and products of their distillation');
    expect(text).toContain('(HS 27)');
    expect(text).toContain(COMTRADE);
  });

  it('cites a Comtrade figure with the Comtrade citation in /cite', async () => {
    const { result } = await app.handle('cite', { country: 'russia', year: 2023, flow: 'china-exports' }, DM);
    expect(result.data.content).toContain('UN Comtrade Database, United Nations Statistics Division');
    expect(result.data.content).toContain(COMTRADE);
    expect(result.data.content).toContain(': $110,970,000,000.');
  });

  it('answers /history russia with every imported year', async () => {
    const { kind, result } = await app.handle('history', { country: 'russia' }, DM);
    expect(kind).toBe('ok');
    expect(JSON.stringify(result.data)).toContain('**2023**');
  });

  it('answers from DATA_DIR in the console that npm start runs without a token', () => {
    const run = spawnSync('npx', ['tsx', 'src/main.ts'], {
      input: '/trade russia\n',
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, DATA_DIR: dir, DISCORD_TOKEN: '' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('== China–Russia trade, 2023 ==');
    expect(run.stdout).toContain(`UN Comtrade, ${new Date().toISOString().slice(0, 10)} <${COMTRADE}>`);
  });

  it('ends in one line naming DATA_DIR when the folder cannot be read', () => {
    const run = spawnSync('npx', ['tsx', 'src/main.ts'], {
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, DATA_DIR: join(dir, 'no-such-folder'), DISCORD_TOKEN: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('check DATA_DIR');
  });

  it('answers /trade russia through the real discord.js client and a fake Discord, publicly and within limits', async () => {
    const h = await startHarness({ app });
    try {
      const reply = await h.fake.interact({ name: 'trade', options: { country: 'russia' } });
      expect(reply.ephemeral).toBe(false);
      const embed = (reply.data.embeds as { title: string }[])[0]!;
      expect(embed.title).toBe('China–Russia trade, 2023');
      expect(JSON.stringify(reply.data)).toContain('$110,970,000,000 [1] (FOB)');
      expect(payloadProblems(reply.data as never)).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
