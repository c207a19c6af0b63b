/**
 * Charts that do not overstate (issue 11, finding 7), checked on what a user gets: the chart link
 * in each real reply, decoded, against the model's own values. A derived value is pale with
 * "(derived)" in the legend, a hedged one outlined with "approximate", a value nobody reported is
 * no bar at all and its slot says so, and the caption names exactly the sources of what is drawn.
 */
import { describe, expect, it } from 'vitest';
import { createAttachService } from '../../src/charts/attach.js';
import type { ChartService } from '../../src/charts/image.js';
import { APPROXIMATE_OUTLINE, tint } from '../../src/charts/marks.js';
import { PALETTE } from '../../src/charts/palette.js';
import { captionNames } from '../../src/charts/tradeCharts.js';
import { decodeChartUrl } from '../../src/charts/quickchart.js';
import { formatGrowth, TOO_CLOSE } from '../../src/format/numbers.js';
import type { Value } from '../../src/model/value.js';
import { MEASURES, surplusOf } from '../../src/model/views.js';
import type { ChartSpec } from '../../src/charts/spec.js';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { parseLine } from '../../src/console/parseLine.js';
import { ask, DM, embedOf, figures, model } from '../helpers/app.js';
import { decodePng } from './pixels.js';

type Json = Record<string, any>;

/** What the model says one drawn slot of one series is. */
interface Expected {
  readonly slot: number;
  readonly series: string;
  readonly kind: 'reported' | 'derived' | 'missing';
  readonly hedged: boolean;
  /** Source ids of a drawn value. */
  readonly sources: readonly string[];
  /** What a gap's label says. */
  readonly gap?: string;
}

interface Case {
  readonly line: string;
  readonly expected: readonly Expected[];
}

function fromValue(slot: number, series: string, v: Value | undefined): Expected {
  if (!v) return { slot, series, kind: 'missing', hedged: false, sources: [], gap: 'not reported' };
  return { slot, series, kind: v.provenance, hedged: v.qualifier !== undefined, sources: v.sources };
}

const EXPORTS = "China's exports";
const IMPORTS = "China's imports";
const RANK_LABELS: Record<string, string> = {
  total: 'total trade',
  'china-exports': EXPORTS,
  'china-imports': IMPORTS,
  balance: "balance (China's exports − China's imports)",
  growth: 'growth of total trade on the previous year',
};

/** The briefing's year and the latest full year: what the commands draw by default, then and now. */
const YEARS = [2024, 2025];

/** Every chart the commands draw from the curated data, with what the model says of each slot. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const p of model.partners) {
    const rows = model.years(p.id).map((y) => model.partnerYear(p.id, y)!);
    const split = rows.some((r) => r.flows['china-exports'].value || r.flows['china-imports'].value);
    const expected = split
      ? rows.flatMap((r, i) => [
          fromValue(i, EXPORTS, r.flows['china-exports'].value),
          fromValue(i, IMPORTS, r.flows['china-imports'].value),
        ])
      : rows.map((r, i) => fromValue(i, 'Total trade', r.flows.total.value));
    out.push({ line: `/trade ${p.id}`, expected });
  }
  for (const year of YEARS) {
    for (const names of [model.members('central-asia').map((p) => p.id), ['azerbaijan', 'georgia', 'armenia']]) {
      if (!names.every((id) => model.years(id).includes(year))) continue;
      const rows = names.map((id) => model.partnerYear(id, year)!);
      const expected = rows.flatMap((r, i) => [
        fromValue(i, EXPORTS, r.flows['china-exports'].value),
        fromValue(i, IMPORTS, r.flows['china-imports'].value),
      ]);
      out.push({ line: `/compare ${names.join(' ')} ${year}`, expected });
    }
    for (const region of model.regions) {
      if (!model.years(region.id).includes(year)) continue;
      const ry = model.regionYear(region.id, year)!;
      const itemised = ry.members.filter((m) => !ry.unitemisedMembers.includes(m.partner));
      const expected = itemised.map((m, i) => fromValue(i, 'Total trade', m.total));
      if (ry.unitemisedMembers.length > 0) expected.push(fromValue(itemised.length, 'Total trade', ry.notItemised));
      out.push({ line: `/region ${region.id} ${year}`, expected });
    }
  }
  for (const [year, region] of YEARS.flatMap((y) => [...model.regions.map((r) => r.id), undefined].map((r) => [y, r] as const))) {
    if (region && !model.members(region).some((p) => model.years(p.id).includes(year))) continue;
    for (const by of MEASURES) {
      const ranking = model.ranking(by, year, region, 25);
      if (ranking.entries.length === 0) continue;
      const series = RANK_LABELS[by]!;
      const expected: Expected[] = ranking.entries.map((e, slot) => {
        if (by !== 'growth') {
          const v = e.value!;
          if (by === 'balance' && surplusOf(v) === 'balanced')
            return { slot, series, kind: 'missing', hedged: false, sources: [], gap: 'roughly balanced' };
          return fromValue(slot, series, v);
        }
        if (!e.derived) return { slot, series, kind: 'reported', hedged: e.qualifier !== undefined, sources: e.source ? [e.source] : [] };
        // The reply says "too close to call" here; the chart must not draw a bar pointing one way.
        if (formatGrowth(e.percent!) === TOO_CLOSE) return { slot, series, kind: 'missing', hedged: false, sources: [], gap: TOO_CLOSE };
        const total = model.partnerYear(e.partner.id, year)!.flows.total;
        return {
          slot,
          series,
          kind: 'derived',
          hedged: e.approximate,
          sources: [...total.value!.sources, ...total.computedChange!.previous.sources],
        };
      });
      ranking.notReported.forEach((_, i) =>
        expected.push({ slot: ranking.entries.length + i, series, kind: 'missing', hedged: false, sources: [], gap: 'not reported' }),
      );
      out.push({ line: `/rank ${by}${region ? ` ${region}` : ''} ${year}`, expected });
    }
  }
  return out;
}

async function chartOf(line: string): Promise<Json> {
  const outcome = await ask(line);
  if (outcome.kind !== 'ok') throw new Error(`${line}: ${outcome.kind}`);
  const url = embedOf(outcome.result).image?.url;
  if (!url) throw new Error(`${line}: no chart`);
  return decodeChartUrl(url).config as Json;
}

const captionOf = (c: Json): string => [c.options.plugins.subtitle.text].flat().join(' ');
const labelText = (label: string | string[]): string => [label].flat().join(' ');
const shortName = (id: string) => model.sources.get(id)?.short ?? id;

/** The caption's sources line for these ids: every name once, in the order of data/sources.json. */
function sourcesLine(ids: readonly string[]): string {
  const names = captionNames(model, new Set(ids));
  expect(new Set(names).size, 'every source its own name').toBe(ids.length);
  return `${names.length === 1 ? 'Source' : 'Sources'}: ${names.join(', ')}`;
}

const all = cases();

/** The spec a command line asks to draw, through the same app, with a service that records it. */
const specs = new Map<string, ChartSpec>();
async function record(line: string): Promise<void> {
  let spec: ChartSpec | undefined;
  const recorder: ChartService = {
    image(s) {
      spec = s;
      return { kind: 'omitted', reason: 'Chart left out: recording.' };
    },
  };
  const app = createApp({ commands, figures: () => figures, charts: recorder });
  const parsed = parseLine(line, app.definitions);
  if (!parsed.ok) throw new Error(parsed.error);
  await app.handle(parsed.name, parsed.options, DM);
  if (!spec) throw new Error(`${line} drew no chart`);
  specs.set(line, spec);
}
await record('/compare azerbaijan georgia armenia');
await record('/trade armenia');
const specOf = (line: string) => specs.get(line)!;
const attach = createAttachService({});
const charts = new Map(await Promise.all(all.map(async (c) => [c.line, await chartOf(c.line)] as const)));

describe.each(all)('the chart of $line', ({ line, expected }) => {
  const config = charts.get(line)!;
  const pie = config.type === 'doughnut';
  const datasets = config.data.datasets as Json[];
  const ofSeries = (series: string) => datasets.filter((d) => d.label === series || d.label.startsWith(`${series} (`));

  it('marks every derived value pale with "(derived)" in the legend, and no reported one', () => {
    for (const e of expected.filter((x) => x.kind !== 'missing')) {
      if (pie) {
        expect(config.data.labels[e.slot].includes('(derived'), `${e.slot}`).toBe(e.kind === 'derived');
        expect(PALETTE.includes(datasets[0]!.backgroundColor[e.slot]) || datasets[0]!.backgroundColor[e.slot] === '#999999').toBe(
          e.kind === 'reported',
        );
        continue;
      }
      const holding = ofSeries(e.series).filter((d) => d.data[e.slot] !== null);
      expect(holding, `${e.series} at ${e.slot}`).toHaveLength(1);
      const d = holding[0]!;
      expect(d.label.includes('(derived'), d.label).toBe(e.kind === 'derived');
      expect(PALETTE.includes(d.backgroundColor), d.backgroundColor).toBe(e.kind === 'reported');
    }
  });

  it('outlines every hedged value (or one derived from a hedged figure) and says "approximate", and no other', () => {
    for (const e of expected.filter((x) => x.kind !== 'missing')) {
      if (pie) {
        expect(config.data.labels[e.slot].includes('approximate'), config.data.labels[e.slot]).toBe(e.hedged);
        expect((datasets[0]!.borderColor ?? [])[e.slot] === APPROXIMATE_OUTLINE).toBe(e.hedged);
        continue;
      }
      const d = ofSeries(e.series).find((x) => x.data[e.slot] !== null)!;
      expect(d.label.includes('approximate'), d.label).toBe(e.hedged);
      expect(d.borderColor === APPROXIMATE_OUTLINE).toBe(e.hedged);
    }
    const words = [...new Set(expected.filter((e) => e.kind === 'reported' && e.hedged).map((e) => e.slot))];
    if (words.length > 0)
      expect(captionOf(config)).toMatch(/Outlined: approximate in the source \((nearly|about|just over|almost|more than)/);
  });

  it('draws a value nobody reported as a labelled gap: no bar (not 0), and its slot says why', () => {
    for (const e of expected.filter((x) => x.kind === 'missing')) {
      expect(labelText(config.data.labels[e.slot]), line).toContain(e.gap);
      if (pie) expect(datasets[0]!.data[e.slot]).toBeNull();
      else for (const d of ofSeries(e.series)) expect(d.data[e.slot], d.label).toBeNull();
    }
    expect(config.data.labels).toHaveLength(Math.max(...expected.map((e) => e.slot)) + 1);
  });

  it('names exactly the sources of the values drawn, in the caption', () => {
    const ids = [...new Set(expected.flatMap((e) => e.sources))];
    const caption = captionOf(config);
    expect(caption.startsWith(sourcesLine(ids)), caption).toBe(true);
    expect(caption.slice(sourcesLine(ids).length)).toMatch(/^$|^ (Pale|Outlined):/);
    expect(caption).not.toContain('via published reports');
    if (expected.some((e) => e.kind === 'derived')) expect(caption).toContain('Pale: derived');
  });
});

describe('/trade armenia', () => {
  it('is not captioned as customs figures: one pale bar, "derived" in the legend, its real sources in the caption', () => {
    const config = charts.get('/trade armenia')!;
    const caption = captionOf(config);
    expect(caption).not.toMatch(/customs|GACC/i);
    const total = model.partnerYear('armenia', 2024)!.flows.total.value!;
    expect(total.provenance).toBe('derived');
    expect(caption.startsWith(`Sources: ${['briefing', 'asb-media'].map(shortName).join(', ')}`)).toBe(true);
    expect(new Set(total.sources)).toEqual(new Set(['asb-media', 'briefing']));
    expect(config.data.datasets.map((d: Json) => d.label)).toEqual(['Total trade (derived, approximate)']);
    expect(config.options.plugins.legend.display).toBe(true);
  });
});

describe('the PNG rendered here (CHARTS=attach) from the same config', () => {
  /** Separate lines of text in a box: runs of pixel rows with dark grey text in them. */
  function textLines(p: Awaited<ReturnType<typeof decodePng>>, box: { x: number; y: number; w: number; h: number }): number {
    let lines = 0;
    let inText = false;
    for (let y = box.y; y < box.y + box.h; y++) {
      const has = p.textPixels({ x: box.x, y, w: box.w, h: 1 }) > 0;
      if (has && !inText) lines++;
      inText = has;
    }
    return lines;
  }

  it('/compare azerbaijan georgia armenia: no bar in Armenia’s slot, and "not reported" written under it', async () => {
    const image = attach.image(specOf('/compare azerbaijan georgia armenia'));
    expect(image.kind).toBe('attachment');
    if (image.kind !== 'attachment') return;
    const p = await decodePng(image.file.data);
    // Three slots across the plot; Armenia's is the right third. Below the legend, no bar of either colour there.
    const armeniaPlot = { x: 560, y: 80, w: 240, h: 310 };
    expect(p.count(PALETTE[0], armeniaPlot) + p.count(PALETTE[1], armeniaPlot)).toBe(0);
    expect(p.count(PALETTE[0], { x: 60, y: 80, w: 480, h: 310 })).toBeGreaterThan(5000);
    // Under the axis: Georgia's slot has one line of text (its name), Armenia's two (its name, then "not reported").
    expect(textLines(p, { x: 320, y: 398, w: 220, h: 36 })).toBe(1);
    expect(textLines(p, { x: 560, y: 398, w: 240, h: 36 })).toBe(2);
    expect(p.textPixels({ x: 560, y: 418, w: 240, h: 16 })).toBeGreaterThan(100);
  });

  it('/trade armenia: the one bar is pale with a dark outline, not the solid colour of a reported figure', async () => {
    const image = attach.image(specOf('/trade armenia'));
    if (image.kind !== 'attachment') throw new Error(image.kind === 'omitted' ? image.reason : 'not an attachment');
    const p = await decodePng(image.file.data);
    const plot = { x: 60, y: 80, w: 740, h: 300 };
    expect(p.count(tint(PALETTE[0]), plot)).toBeGreaterThan(20000);
    expect(p.count(PALETTE[0], plot)).toBe(0);
    expect(p.count(APPROXIMATE_OUTLINE, plot)).toBeGreaterThan(1000);
  });
});
