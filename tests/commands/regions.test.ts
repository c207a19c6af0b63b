import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Invocation } from '../../src/core/invocation.js';
import { createApp } from '../../src/app/createApp.js';
import type { App } from '../../src/app/types.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { app as bundled, charts, embedOf, textOf } from '../helpers/app.js';

const DM: Invocation = { userId: '1', guildId: null, channelId: null, memberPermissions: null };

describe('regions come from the data, not from the commands', () => {
  let dir: string;
  let app: App;
  beforeAll(async () => {
    // A copy of data/ with a third region and one partner in it, as an analyst would add them.
    dir = await mkdtemp(join(tmpdir(), 'regions-'));
    await cp('data', dir, { recursive: true });
    const partners = JSON.parse(await readFile(join(dir, 'partners.json'), 'utf8'));
    partners.regions.push({ id: 'east-europe', name: 'Eastern Europe', aliases: ['eastern europe'] });
    partners.partners.push({ id: 'moldova', name: 'Moldova', region: 'east-europe', iso2: 'MD', iso3: 'MDA', aliases: [] });
    await writeFile(join(dir, 'partners.json'), JSON.stringify(partners));
    const figures = JSON.parse(await readFile(join(dir, 'figures', '2022-2024.json'), 'utf8'));
    figures.figures.push(
      {
        partner: 'moldova',
        year: 2024,
        reporter: 'china',
        flow: 'total',
        usd: '1.5 bn',
        sources: ['briefing'],
        quote: 'a test figure for Moldova',
      },
      {
        partner: 'east-europe',
        year: 2024,
        reporter: 'china',
        flow: 'total',
        usd: '1.5 bn',
        sources: ['briefing'],
        quote: 'a test figure for the region',
      },
    );
    await writeFile(join(dir, 'figures', '2022-2024.json'), JSON.stringify(figures));
    const loaded = await loadModel(dir);
    app = createApp({ commands, figures: () => loaded, charts });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('offers a region added to data/ wherever a region is asked for', () => {
    for (const [command, option] of [
      ['region', 'name'],
      ['rank', 'region'],
      ['keypoints', 'region'],
    ] as const) {
      const choices = app.autocomplete(command, { name: option, value: 'east' }, {}, DM);
      expect(choices, command).toContainEqual({ name: 'Eastern Europe', value: 'east-europe' });
    }
  });

  it('answers /region and /rank for it, and names it in /help and the ranking of everything', async () => {
    const region = await app.handle('region', { name: 'Eastern Europe' }, DM);
    expect(embedOf(region.result).title).toBe("China's trade with Eastern Europe, 2024");
    const rank = await app.handle('rank', { by: 'total', region: 'eastern europe' }, DM);
    expect(embedOf(rank.result).description).toContain('**Moldova**: $1.5 bn');
    const all = await app.handle('rank', { by: 'total' }, DM);
    expect(embedOf(all.result).title).toBe('Central Asia, South Caucasus and Eastern Europe: ranked by total trade, 2025');
    expect(textOf((await app.handle('help', {}, DM)).result)).toContain(
      "China's trade with Central Asia, South Caucasus and Eastern Europe",
    );
  });

  it('resolves region names as generously as it can, and says which exist when it cannot', async () => {
    for (const typed of ['central asia', 'CA', 'Центральная Азия', 'caucasus', 'South-Caucasus']) {
      expect((await bundled.handle('region', { name: typed }, DM)).kind, typed).toBe('ok');
    }
    const unknown = await bundled.handle('region', { name: 'Atlantis' }, DM);
    expect(unknown.kind).toBe('user-error');
    expect(textOf(unknown.result)).toContain('No region called “Atlantis”. Regions: Central Asia, South Caucasus.');
    const country = await bundled.handle('rank', { by: 'total', region: 'kazakhstan' }, DM);
    expect(textOf(country.result)).toContain('Kazakhstan is a country, not a region.');
  });
});
