/**
 * /history through the same app Discord uses: every period the data holds for a partner, the full
 * years on a line chart whose points are the model's figures, parts of a year with their
 * same-months comparison, other reporters beside China's and never added to it, within Discord's
 * limits.
 */
import type { APIEmbedField } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { decodeChartUrl } from '../../src/charts/quickchart.js';
import { payloadProblems } from '../../src/format/limits.js';
import type { CommandResult } from '../../src/core/reply.js';
import { readdir, readFile } from 'node:fs/promises';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { parseDataset } from '../../src/model/dataset.js';
import { TradeModel } from '../../src/model/model.js';
import { app, charts, DM, embedOf, isEphemeral, model, textOf } from '../helpers/app.js';

async function history(options: Record<string, string>): Promise<CommandResult> {
  const outcome = await app.handle('history', options, DM);
  if (outcome.kind !== 'ok') throw new Error(`/history ${JSON.stringify(options)}: ${outcome.kind}`);
  return outcome.result;
}

/** The lines of a section, its "(continued)" fields included. */
function section(result: CommandResult, name: string): string[] {
  const fields = (embedOf(result).fields ?? []).filter((f: APIEmbedField) => f.name === name || f.name === `${name} (continued)`);
  return fields.flatMap((f) => f.value.split('\n'));
}

/** The line of a period in a section ("**Jan–Oct 2025**: …"). */
function line(result: CommandResult, name: string, period: string): string {
  const found = section(result, name).find((l) => l.startsWith(`**${period}**`));
  if (!found) throw new Error(`no ${period} in ${name}: ${section(result, name).join(' / ')}`);
  return found;
}

/** Every source line, from the Sources field and its continuation, by number. */
function sources(result: CommandResult): Map<number, string> {
  return new Map(
    section(result, 'Sources').map((l) => {
      const m = /^\[(\d+)\] (.*)$/.exec(l);
      if (!m) throw new Error(`not a Sources line: ${l}`);
      return [Number(m[1]), m[2]!] as const;
    }),
  );
}

const marks = (text: string) => [...text.matchAll(/\[(\d+(?:, \d+)*)\](?!\()/g)].flatMap((m) => m[1]!.split(', ').map(Number));

function chartOf(result: CommandResult): Record<string, any> {
  const url = embedOf(result).image?.url;
  if (!url) throw new Error('no chart');
  return decodeChartUrl(url).config as Record<string, any>;
}

describe('/history country:kazakhstan', async () => {
  const result = await history({ country: 'kazakhstan' });

  it('lists every full year the data holds, 2022 to 2025, each with its total, exports and imports', () => {
    expect(section(result, 'Full years').map((l) => /^\*\*(\d{4})\*\*/.exec(l)?.[1])).toEqual(['2022', '2023', '2024', '2025']);
    const y2025 = line(result, 'Full years', '2025');
    expect(y2025).toMatch(/^\*\*2025\*\*: total \$48\.7 bn \[\d+\] \(on 2024: \+11% \[\d+, \d+\]\) · exports \$29\.7 bn \[\d+, \d+\]/);
    expect(y2025).toMatch(/ · imports \$19 bn \[\d+, \d+\]/);
    expect(line(result, 'Full years', '2022')).toContain('exports not reported · imports not reported');
  });

  it('lists Jan–Oct 2025 with its change on Jan–Oct 2024, derived from the two and marked so, never on a full year', () => {
    const jo = line(result, 'Parts of a year', 'Jan–Oct 2025');
    expect(jo).toMatch(/^\*\*Jan–Oct 2025\*\*: total \$39\.8 bn \[\d+\] \(on Jan–Oct 2024: about \+9\.0% \(derived\) \[\d+\]\)$/);
    expect(jo).not.toMatch(/on 2024/);
    expect(line(result, 'Parts of a year', 'Jan–Oct 2024')).toContain('$36.5 bn');
    expect(line(result, 'Parts of a year', 'Jan–Oct 2024')).toContain('no change: Jan–Oct 2023 not reported');
  });

  it("lists Kazakhstan's own statistics for 2022 apart from China's, labelled with the agency", () => {
    const [own] = section(result, 'Other reporters (never added to China’s figures)');
    expect(own).toMatch(/^\*\*2022\*\* · Kazakhstan's own statistics \(Kazakhstan's statistics\): total \$24\.1 bn \[\d+\]/);
    expect(own).toMatch(/imports from China \$11 bn \[\d+\] · exports to China \$13\.2 bn \[\d+\]/);
  });

  it('marks every number with sources listed under Sources, and lists only sources it marks', () => {
    const list = sources(result);
    const body = (embedOf(result).fields ?? []).filter((f) => !f.name.startsWith('Sources')).map((f) => f.value);
    const used = new Set(body.flatMap(marks));
    expect([...used].sort((a, b) => a - b)).toEqual([...list.keys()]);
    expect(list.get(marks(line(result, 'Full years', '2022'))[0]!)).toContain('News Central Asia');
  });

  it("draws the full years as lines carrying the model's numbers, the partner's own statistics dashed", () => {
    const chart = chartOf(result);
    expect(chart.type).toBe('line');
    const byLabel = (label: string) => chart.data.datasets.find((d: any) => d.label === label);
    const bn = (year: number, flow: 'china-exports' | 'china-imports') => {
      const v = model.partnerYear('kazakhstan', year)!.flows[flow].value;
      return v ? Number((v.usd / 1e9).toPrecision(3)) : null;
    };
    expect(byLabel("China's exports").data).toEqual([2022, 2023, 2024, 2025].map((y) => bn(y, 'china-exports')));
    expect(byLabel("China's imports").data).toEqual([2022, 2023, 2024, 2025].map((y) => bn(y, 'china-imports')));
    expect(byLabel("China's exports").borderDash).toBeUndefined();
    const own = byLabel("Kazakhstan's own statistics: imports from China");
    expect(own.borderDash).toEqual([6, 4]);
    expect(own.data).toEqual([11, null, null, null]);
  });

  it("fits Discord's limits", () => {
    expect(payloadProblems(result.data)).toEqual([]);
  });
});

describe('/history country:uzbekistan', async () => {
  const result = await history({ country: 'uzbekistan' });

  it("shows the Statistics Agency's Jan–Jun 2023 figures beside GACC's for the same months, each as its source wrote it", () => {
    expect(line(result, 'Parts of a year', 'Jan–Jun 2023')).toMatch(
      /total almost \$6\.1 bn \[\d+\] .* · exports about \$5\.46 bn \[\d+\] · imports roughly \$629 m \[\d+\]/,
    );
    const agency = section(result, 'Other reporters (never added to China’s figures)').find((l) => l.startsWith('**Jan–Jun 2023**'))!;
    expect(agency).toMatch(
      /^\*\*Jan–Jun 2023\*\* · Uzbekistan's own statistics \(Uzbekistan's Statistics Agency\): total about \$5\.26 bn \[\d+\] · imports from China \$4\.23 bn \[\d+\] · exports to China roughly \$1\.03 bn \[\d+\]$/,
    );
  });

  it("shows 2025's National Statistics Committee total apart from China's $16.2 bn, and adds neither to the other", () => {
    expect(line(result, 'Full years', '2025')).toMatch(/total \$16\.2 bn/);
    const own = section(result, 'Other reporters (never added to China’s figures)').find((l) => l.startsWith('**2025**'))!;
    expect(own).toMatch(/National Statistics Committee\): total \$17\.2 bn \[\d+\]$/);
    expect(textOf(result)).not.toMatch(/\$33\.4 bn|\$1(\.0)? bn (higher|lower)/);
  });

  it('marks 2023 exports, which only the bot derived, as derived', () => {
    expect(line(result, 'Full years', '2023')).toMatch(/exports about \$12\.4 bn \(derived\) \[\d+, \d+\]/);
  });
});

describe('/history for other partners', () => {
  it('labels a figure whose reporter no source names as stated by whoever stated it (Azerbaijan, China’s ambassador)', async () => {
    const result = await history({ country: 'azerbaijan' });
    const lines = section(result, 'Other reporters (never added to China’s figures)');
    expect(lines).toContain(
      lines.find((l) =>
        /^\*\*2025\*\* · Stated by China's ambassador in Baku, Lu Mei, reporter not stated: total \$4\.87 bn \[\d+\] \(on 2024: \+30\.2% \[\d+\]\)$/.test(
          l,
        ),
      ),
    );
    expect(line(result, 'Full years', '2025')).toBe("**2025**: not reported by China's customs (other reporters below)");
  });

  it('narrows to one flow when asked, in the lines and on the chart', async () => {
    const result = await history({ country: 'turkmenistan', flow: 'china-imports' });
    expect(embedOf(result).title).toBe("China's imports from Turkmenistan, every period in the data");
    expect(line(result, 'Full years', '2025')).toBe('**2025**: not reported');
    expect(line(result, 'Parts of a year', 'Jan–Jun 2023')).toMatch(/^\*\*Jan–Jun 2023\*\*: \$5\.076 bn \[\d+\]/);
    expect(chartOf(result).data.datasets.map((d: any) => d.label)).toEqual(["China's imports"]);
  });

  it("fits Discord's limits for every partner and every flow", async () => {
    for (const p of model.partners)
      for (const flow of [undefined, 'total', 'china-exports', 'china-imports']) {
        const result = await history({ country: p.id, ...(flow ? { flow } : {}) });
        expect(payloadProblems(result.data), `${p.name} ${flow ?? ''}`).toEqual([]);
      }
  });

  it('answers an unknown country with the usual private suggestion', async () => {
    const outcome = await app.handle('history', { country: 'Kazakstn' }, DM);
    expect(outcome.kind).toBe('user-error');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(outcome.result.data.content).toBe(
      `No figures for “Kazakstn”. Did you mean Kazakhstan? Covered: ${model.partners.map((p) => p.name).join(', ')}.`,
    );
  });
});

describe('/history of a partner with more periods than Discord can show', async () => {
  // The real data plus monthly figures for Kazakhstan, 2000 to 2019: far more lines than one embed holds.
  const months = Array.from({ length: 20 * 12 }, (_, i) => ({ year: 2000 + Math.floor(i / 12), month: (i % 12) + 1 }));
  const extra = {
    path: 'synthetic/monthly.json',
    text: JSON.stringify({
      about: 'Test figures: not in data/.',
      figures: months.map(({ year, month }) => ({
        partner: 'kazakhstan',
        period: `${year}-${String(month).padStart(2, '0')}`,
        reporter: 'china',
        flow: 'total',
        usd: `${1 + month / 10} bn`,
        sources: ['intellinews-2025-11'],
      })),
    }),
  };
  const big = new TradeModel(
    parseDataset({
      sources: { path: 'data/sources.json', text: await readFile('data/sources.json', 'utf8') },
      partners: { path: 'data/partners.json', text: await readFile('data/partners.json', 'utf8') },
      figures: [
        ...(await Promise.all(
          (await readdir('data/figures')).map(async (n) => ({
            path: `data/figures/${n}`,
            text: await readFile(`data/figures/${n}`, 'utf8'),
          })),
        )),
        extra,
      ],
    }),
  );
  const bigApp = createApp({
    commands,
    figures: () => ({ model: big, keyPoints: [] }),
    charts,
    now: () => new Date('2026-12-01T00:00:00Z'),
  });
  const outcome = await bigApp.handle('history', { country: 'kazakhstan' }, DM);
  const result = outcome.result;

  it('keeps the latest periods, says how many earlier ones were left out and how to ask for one, and fits', () => {
    expect(outcome.kind).toBe('ok');
    expect(outcome.shortened ?? []).toEqual([]);
    const description = embedOf(result).description!;
    const m =
      /\n(\d+) earlier periods left out to fit Discord \(Jan 2000 to (\w+ \d{4})\): ask for one with \/trade country:kazakhstan period:(\w+ \d{4})\.$/.exec(
        description,
      );
    expect(m, description).not.toBeNull();
    expect(m![2]).toBe(m![3]);
    expect(Number(m![1])).toBeGreaterThan(100);
    expect(Number(m![1])).toBeLessThan(big.periods('kazakhstan').length);
    expect(line(result, 'Full years', '2025')).toContain('$48.7 bn');
    expect(line(result, 'Parts of a year', 'Jan–Oct 2025')).toContain('$39.8 bn');
    expect(payloadProblems(result.data)).toEqual([]);
  });
});
