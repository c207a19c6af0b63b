import { describe, expect, it } from 'vitest';
import { chartConfig, compactionSteps } from '../../src/charts/config.js';
import { chartLink } from '../../src/charts/fit.js';
import { APPROXIMATE_OUTLINE, tint } from '../../src/charts/marks.js';
import { NEUTRAL_GREY, PALETTE } from '../../src/charts/palette.js';
import { decodeChartUrl, parseChartHost } from '../../src/charts/quickchart.js';
import { drawn, gap, type ChartSpec } from '../../src/charts/spec.js';

type Json = Record<string, any>;
const json = (spec: ChartSpec, step = {}) => chartConfig(spec, step) as unknown as Json;
const [BLUE, ORANGE] = [PALETTE[0], PALETTE[1]];

/** Kyrgyzstan's shape: 2023 exports derived (total − imports), 2024 reported; Turkmenistan's "just over $1 bn". */
const mixed: ChartSpec = {
  kind: 'bar',
  title: "China's trade with a partner",
  labels: ['2023', '2024'],
  series: [
    { label: "China's exports", values: [drawn(19.72e9, 'derived'), drawn(1e9, 'reported', 'just over')] },
    { label: "China's imports", values: [drawn(80e6, 'reported'), drawn(2.8e9, 'reported')] },
  ],
  sources: ['The briefing (Eurasianet)', 'Eurasianet', 'bne IntelliNews'],
};

/** Armenia's slot in /compare azerbaijan georgia armenia: nothing reported. */
const withGap: ChartSpec = {
  kind: 'bar',
  title: "China's trade by partner, 2024",
  labels: ['Azerbaijan', 'Georgia', 'Armenia'],
  series: [
    { label: "China's exports", values: [drawn(2.4e9, 'reported'), drawn(2e9, 'reported'), gap()] },
    { label: "China's imports", values: [drawn(61e6, 'reported'), drawn(276e6, 'reported'), gap()] },
  ],
  sources: ['The briefing (Eurasianet)'],
};

/** The South Caucasus doughnut: a hedged slice and a derived residual. */
const shares: ChartSpec = {
  kind: 'pie',
  title: "Shares of China's trade with South Caucasus, 2024",
  labels: ['Azerbaijan', 'Georgia', 'not itemised (Armenia)'],
  series: [
    { label: 'Total trade', values: [drawn(2.5e9, 'reported', 'nearly'), drawn(2.3e9, 'reported'), drawn(1.7e9, 'derived', 'about')] },
  ],
  sources: ['The briefing (Eurasianet)', 'ASB Media'],
};

const datasetsOf = (c: Json) => c.data.datasets as Json[];
const caption = (c: Json): string => [c.options.plugins.subtitle.text].flat().join(' ');

describe('chart marks: derived, approximate and not reported values never look like printed figures', () => {
  it('draws a derived value as its own pale dataset, outlined in the series colour, with "(derived)" in the legend', () => {
    const c = json(mixed);
    const derived = datasetsOf(c).find((d) => d.label === "China's exports (derived)")!;
    expect(derived.data).toEqual([19.7, null]);
    expect(derived.backgroundColor).toBe(tint(BLUE));
    expect(derived.backgroundColor).not.toBe(BLUE);
    expect(derived.borderColor).toBe(BLUE);
    expect(c.options.plugins.legend.display).toBe(true);
    expect(caption(c)).toMatch(/Pale: derived/);
  });

  it('outlines an approximate value in near-black, says "(approximate)" in the legend and the source’s word in the caption', () => {
    const c = json(mixed);
    const approximate = datasetsOf(c).find((d) => d.label === "China's exports (approximate)")!;
    expect(approximate.data).toEqual([null, 1]);
    expect(approximate.backgroundColor).toBe(BLUE);
    expect(approximate).toMatchObject({ borderColor: APPROXIMATE_OUTLINE, borderWidth: 3 });
    expect(caption(c)).toContain('Outlined: approximate in the source (just over)');
  });

  it('keeps one bar per series in each slot: the datasets of a split series share one stack', () => {
    const c = json(mixed);
    const exports = datasetsOf(c).filter((d) => d.label.startsWith("China's exports"));
    expect(new Set(exports.map((d) => d.stack)).size).toBe(1);
    expect(datasetsOf(c).find((d) => d.label === "China's imports")!.stack).not.toBe(exports[0]!.stack);
    expect(c.options.scales.x.stacked).toBe(true);
    expect(c.options.scales.y.stacked).toBe(true);
    // Every slot of every series has exactly one value among that series' datasets.
    for (let j = 0; j < 2; j++) expect(exports.filter((d) => d.data[j] !== null)).toHaveLength(1);
  });

  it('leaves a value that is not reported out (null, never 0) and labels its slot "not reported"', () => {
    const c = json(withGap);
    for (const d of datasetsOf(c)) expect(d.data[2]).toBeNull();
    expect(c.data.labels).toEqual(['Azerbaijan', 'Georgia', ['Armenia', 'not reported']]);
  });

  it('names the series that is missing when only one is, and puts the label inline on a horizontal chart', () => {
    const partly = {
      ...withGap,
      series: [withGap.series[0]!, { ...withGap.series[1]!, values: [drawn(61e6, 'reported'), gap(), drawn(1e8, 'reported')] }],
    };
    expect(json(partly).data.labels[1]).toEqual(['Georgia', "China's imports: not reported"]);
    const ranked: ChartSpec = {
      ...withGap,
      kind: 'hbar',
      series: [{ label: 'total', values: [drawn(2.5e9, 'reported'), drawn(2.3e9, 'reported'), gap('too close to call')] }],
    };
    expect(json(ranked).data.labels[2]).toBe('Armenia (too close to call)');
  });

  it('marks slices of a doughnut too: pale for derived, outlined for approximate, both said in the slice label', () => {
    const c = json(shares);
    expect(c.data.labels).toEqual(['Azerbaijan 38% (approximate)', 'Georgia 35%', 'not itemised (Armenia) 26% (derived, approximate)']);
    const d = datasetsOf(c)[0]!;
    expect(d.backgroundColor).toEqual([BLUE, ORANGE, tint(NEUTRAL_GREY)]);
    expect(d.borderColor).toEqual([APPROXIMATE_OUTLINE, '#ffffff', APPROXIMATE_OUTLINE]);
    expect(caption(c)).toContain('(nearly)');
  });

  it('prints every source named in the spec, and only those, with no key when every value is reported as written', () => {
    const c = json(withGap);
    expect(c.options.plugins.subtitle.text).toBe('Source: The briefing (Eurasianet)');
    expect(caption(json(mixed))).toMatch(/^Sources: The briefing \(Eurasianet\), Eurasianet, bne IntelliNews /);
  });

  it('keeps the marks, the gap labels and every source name at every compaction step', () => {
    const many = {
      ...mixed,
      sources: ['The briefing (Eurasianet)', 'The Astana Times', 'Orda.kz', 'ASB Media', 'Eurasianet', 'bne IntelliNews', 'SP News'],
    };
    for (const step of compactionSteps) {
      const c = json(many, step);
      expect(caption(c)).toContain(`Sources: ${many.sources.join(', ')}`);
      expect(
        datasetsOf(c)
          .map((d) => d.label)
          .join('|'),
      ).toMatch(/\(derived\).*\(approximate\)|\(approximate\).*\(derived\)/);
      expect(c.options.plugins.legend.display).toBe(true);
      expect(json(withGap, step).data.labels[2][1]).toBe('not reported');
    }
  });

  it('carries the marks through a QuickChart link unchanged', () => {
    const link = chartLink(mixed, { host: parseChartHost('https://quickchart.io'), width: 800, height: 450 });
    expect(link.kind).toBe('url');
    if (link.kind === 'url') expect(decodeChartUrl(link.url).config).toEqual(chartConfig(mixed));
  });
});
