import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { CommandContext } from '../../commands/contract.js';
import { MEASURES } from '../../src/model/views.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { chartConfig } from '../../src/charts/config.js';
import { decodeChartUrl } from '../../src/charts/quickchart.js';
import type { ChartService } from '../../src/charts/image.js';
import { createLinkService } from '../../src/charts/service.js';
import type { ChartSpec } from '../../src/charts/spec.js';
import { renderChartPng } from '../../src/charts/render.js';
import { decodePng } from './pixels.js';

/** Every chart spec the real commands produce, run on the real data. */
async function specsFromCommands(): Promise<ChartSpec[]> {
  const { model, keyPoints } = await loadModel('data');
  const specs: ChartSpec[] = [];
  const recorder: ChartService = {
    image(spec) {
      specs.push(spec);
      return { kind: 'omitted', reason: 'Chart left out: recording.' };
    },
  };
  const ctx: CommandContext = {
    model,
    keyPoints,
    charts: recorder,
    now: () => new Date('2025-06-01T00:00:00Z'),
    invocation: { userId: '1', guildId: null, channelId: null, memberPermissions: null },
  };
  const byName = new Map(commands.map((c) => [c.definition.name, c] as const));
  const run = async (name: string, raw: Record<string, unknown>) => {
    const command = byName.get(name);
    if (!command) return;
    try {
      await command.run(command.args.parse(raw), ctx);
    } catch {
      // A UserError (say, no figures for that year) draws no chart; that is the command's business.
    }
  };
  const partners = [...model.members('central-asia'), ...model.members('south-caucasus')];
  for (const p of partners) await run('trade', { country: p.name });
  for (const p of partners) await run('history', { country: p.name });
  for (const p of partners) await run('products', { country: p.name });
  const [a, b, c, d, e] = model.members('central-asia').map((p) => p.name);
  await run('compare', { first: a, second: b, third: c, fourth: d, fifth: e });
  for (const region of ['central-asia', 'south-caucasus']) {
    await run('region', { name: region });
    for (const by of MEASURES) await run('rank', { by, region });
  }
  for (const by of MEASURES) await run('rank', { by });
  return specs;
}

const all = await specsFromCommands();
const reported = (s: ChartSpec) => s.series.some((x) => x.values.some((v) => v !== null));
const specs = all.filter(reported);
const empty = all.filter((s) => !reported(s));
const urls = createLinkService({ quickchartUrl: 'https://quickchart.io' });

describe('charts of the real commands on the real data', () => {
  it('are produced for every kind of chart', () => {
    expect(new Set(specs.map((s) => s.kind))).toEqual(new Set(['bar', 'hbar', 'pie', 'line']));
  });

  it.each(specs.map((s) => [s.title, s] as const))('"%s" fits a chart link whose data matches the figures', (_, spec) => {
    const image = urls.image(spec);
    expect(image.kind, image.kind === 'omitted' ? image.reason : '').toBe('url');
    if (image.kind !== 'url') return;
    expect(image.url.length).toBeLessThanOrEqual(2048);
    const config = decodeChartUrl(image.url).config as { data: { datasets: { data: (number | null)[] }[] } };
    expect(config.data.datasets.map((d) => d.data)).toEqual(chartConfig(spec).data.datasets.map((d) => d.data));
  });

  it.each(specs.map((s) => [s.title, s] as const))('"%s" renders to a non-blank PNG', async (_, spec) => {
    const p = await decodePng(renderChartPng(spec));
    expect([p.width, p.height]).toEqual([800, 450]);
    expect(p.at(0, 0)).toEqual([255, 255, 255, 255]);
    expect(p.distinctColours()).toBeGreaterThan(50);
  });

  it('leaves out, saying why, a chart whose figures are all unreported (e.g. no split into exports and imports)', () => {
    for (const spec of empty)
      expect(urls.image(spec)).toEqual({ kind: 'omitted', reason: 'Chart left out: none of these figures is reported.' });
  });

  it('draws growth rankings in percent, not as dollars', () => {
    const growth = specs.find((s) => s.unit === 'percent');
    if (!growth) return;
    const config = chartConfig(growth) as unknown as { options: { scales: { x: { title: { text: string } } } } };
    expect(config.options.scales.x.title.text).toBe('%');
  });
});
