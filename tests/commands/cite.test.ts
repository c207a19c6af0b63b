import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { payloadProblems } from '../../src/format/limits.js';
import { parseLine } from '../../src/console/parseLine.js';
import { citableFlows } from '../../src/format/replies.js';
import { periodInWords } from '../../src/format/figures.js';
import { periodKey, periodLabel, type Period } from '../../src/model/period.js';
import { FLOWS } from '../../src/model/schema.js';
import { app, ask, charts, DM, embedOf, field, figures, isEphemeral, model } from '../helpers/app.js';

/** The helpers' app answers as on 1 June 2025. */
const ACCESSED = 'Accessed 1 June 2025.';

const cite = (country: string, period: Period, flow: string) => app.handle('cite', { country, period: periodKey(period), flow }, DM);
const footnoteOf = (content: string | undefined) => {
  const m = /^```\n([\s\S]*)\n```$/.exec(content ?? '');
  if (!m) throw new Error(`no footnote block in ${content}`);
  return m[1]!;
};

const view = (place: string, period: Period) =>
  (model.place(place)!.kind === 'partner' ? model.partnerYear(place, period) : model.regionYear(place, period))!;

/** Where a reply shows a figure: the field of /trade (partners) or /region (regions) for that flow. */
const FIELD = { total: 'Total trade', 'china-exports': "China's exports", 'china-imports': "China's imports" } as const;

describe('/cite', () => {
  it(`answers for every figure in data/ with its sources' URLs, its quote, who reported it, its period and the access date (${model.dataset.figures.length} figures)`, async () => {
    for (const record of model.dataset.figures) {
      if (record.product !== undefined) continue;
      const label = `${record.partner} ${periodKey(record.period)} ${record.flow} (${record.reporter})`;
      const outcome = await cite(record.partner, record.period, record.flow);
      expect(outcome.kind, label).toBe('ok');
      const footnote = footnoteOf(outcome.result.data.content);
      for (const id of record.sources) {
        const source = model.sources.get(id)!;
        expect(footnote, `${label}: ${id}`).toContain(`“${source.title}”`);
        expect(footnote, `${label}: ${id}`).toContain(source.url!);
        if (record.citing?.[id]) expect(footnote, label).toContain(`${source.short}, citing ${record.citing[id]}, “${source.title}”`);
      }
      if (record.quote) expect(footnote, label).toContain(`“${record.quote}”`);
      const reporter =
        record.reporter === 'china'
          ? "Reported by China's General Administration of Customs (GACC)"
          : record.reporter === 'partner'
            ? `Reported by ${record.agency!}`
            : `as stated by ${record.statedBy!}: `;
      expect(footnote, label).toContain(reporter);
      if (record.reporter === 'not-stated') expect(footnote, label).toContain('The source does not say whose statistics these are');
      expect(footnote, label).toContain(periodInWords(record.period));
      expect(footnote.endsWith(ACCESSED), label).toBe(true);
      expect(payloadProblems(outcome.result.data), label).toEqual([]);
    }
  });

  it('cites every figure a /trade or /region reply shows, with the value as shown; where there is none, says what can be cited', async () => {
    let cited = 0;
    for (const place of [...model.partners.map((p) => p.id), ...model.regions.map((r) => r.id)]) {
      const kind = model.place(place)!.kind;
      for (const period of model.periods(place)) {
        const at = `${place} ${periodKey(period)}`;
        const reply = await app.handle(
          kind === 'partner' ? 'trade' : 'region',
          kind === 'partner' ? { country: place, period: periodKey(period) } : { name: place, period: periodKey(period) },
          DM,
        );
        for (const flow of FLOWS) {
          const shown = field(reply.result, FIELD[flow])
            .split('\n')[0]!
            .replace(/, also printed as .*$/, '');
          const outcome = await cite(place, period, flow);
          if (shown === 'not reported') {
            // Another reporter's figure, or GACC's in yuan, is citable where China's in dollars is not reported.
            const other = view(place, period);
            if (other.mirror.some((m) => m.flow === flow) || other.yuan.some((y) => y.flow === flow)) {
              expect(outcome.kind, `${at} ${flow}`).toBe('ok');
              continue;
            }
            expect(outcome.kind, `${at} ${flow}`).toBe('user-error');
            if (citableFlows(view(place, period)).length > 0) expect(outcome.result.data.content).toContain(`in ${periodLabel(period)}: `);
            continue;
          }
          expect(outcome.kind, `${at} ${flow}`).toBe('ok');
          const value = shown.replace(/ \[[\d, ]+\]$/, '').replace(/ \(derived\)$/, '');
          expect(footnoteOf(outcome.result.data.content), `${at} ${flow}`).toContain(`: ${value}.`);
          cited++;
        }
      }
    }
    expect(cited).toBeGreaterThan(40);
  });

  it('puts each quote with the source whose words it is: the briefing wrote $43.8 bn, The Astana Times $43.82 bn', async () => {
    const { result } = await ask('/cite kazakhstan 2024 total');
    const lines = footnoteOf(result.data.content).split('\n');
    const astana = lines.find((l) => l.startsWith('The Astana Times'))!;
    const eurasianet = lines.find((l) => l.startsWith('Eurasianet'))!;
    expect(astana).not.toContain('“Kazakhstan remained');
    expect(eurasianet).toContain(
      ": “Kazakhstan remained China's largest trade partner in the region, with bilateral trade reaching $43.8 billion”.",
    );
    expect(eurasianet).toContain('29 January 2025');
    expect(lines[0]).toBe(
      "China's total trade in goods with Kazakhstan (China's exports and imports together), calendar year 2024 (January to December): $43.82 bn. " +
        "Reported by China's General Administration of Customs (GACC); published in:",
    );
  });

  it('gives a ready footnote for /cite kazakhstan 2024 china-exports, in words that say the direction', async () => {
    const { kind, result } = await ask('/cite kazakhstan 2024 china-exports');
    expect(kind).toBe('ok');
    expect(isEphemeral(result)).toBe(false);
    expect(footnoteOf(result.data.content)).toBe(
      [
        "China's exports to Kazakhstan (goods from China to Kazakhstan, which Kazakhstan counts as its imports from China), calendar year 2024 (January to December): $28 bn. " +
          "Reported by China's General Administration of Customs (GACC); published in:",
        '' +
          'Eurasianet, “China strengthens economic hold on Central Asia with record trade growth”, 29 January 2025 ' +
          '(Eurasianet, China-Central Asia Monitor, as republished at energynews.africa), https://energynews.africa/?p=8322: ' +
          '“Kazakhstan imported $28 billion worth of goods and services from China”.',
        ACCESSED,
      ].join('\n'),
    );
    expect(embedOf(result).title).toBe("Cite: China's exports to Kazakhstan, 2024");
    expect(field(result, 'Sources')).toBe('[1] [Eurasianet, 2025-01-29](https://energynews.africa/?p=8322)');
  });

  it("names the partner's own statistics beside China's figure, and Oilprice via the briefing", async () => {
    const tajikistan = footnoteOf((await ask('/cite tajikistan 2024')).result.data.content);
    expect(tajikistan).toContain(
      "Tajikistan's total trade in goods with China, calendar year 2024 (January to December), in Tajikistan's own statistics: about $1.96 bn. Reported by Tajikistan's statistics agency",
    );
    const azerbaijan = footnoteOf((await ask('/cite azerbaijan 2024 china-imports')).result.data.content);
    expect(azerbaijan).toContain('Eurasianet, citing Oilprice, “China strengthens economic hold on Central Asia with record trade growth”');
  });

  it('says a derived figure is derived, and cites the published figures it is computed from', async () => {
    const { result } = await ask('/cite armenia 2024');
    const footnote = footnoteOf(result.data.content);
    expect(footnote).toContain(
      'calendar year 2024 (January to December): about $1.7 bn. Derived by this bot, not published as such: South Caucasus total − Azerbaijan − Georgia',
    );
    expect(footnote).toContain(
      "South Caucasus, total trade, 2024: $6.5 bn, reported by China's General Administration of Customs (GACC), in ASB Media",
    );
    expect(footnote).toContain(
      "Azerbaijan, total trade, 2024: nearly $2.5 bn, reported by China's General Administration of Customs (GACC), in Eurasianet, citing Oilprice",
    );
    expect(footnote).toContain('Georgia, total trade, 2024: $2.3 bn');
  });

  it('takes the access date from the clock, so it is not a reusable reply', async () => {
    const cite = commands.find((c) => c.definition.name === 'cite')!;
    expect(cite.reusable).not.toBe(true);
    const later = createApp({ commands, figures: () => figures, charts, now: () => new Date('2026-02-03T23:30:00Z') });
    const { result } = await later.handle('cite', { country: 'georgia' }, DM);
    expect(footnoteOf(result.data.content).endsWith('Accessed 3 February 2026.')).toBe(true);
    expect(embedOf(result).footer?.text).toContain('Accessed 3 February 2026');
  });

  it('reads names as /trade and /region do: regions, spellings, Russian, and suggests on a typo', async () => {
    expect(embedOf((await ask('/cite central-asia 2023')).result).title).toBe("Cite: China's total trade with Central Asia, 2023");
    expect(embedOf((await ask('/cite Казахстан')).result).title).toBe("Cite: China's total trade with Kazakhstan, 2025");
    const typo = await ask('/cite Kazakstn');
    expect(typo.kind).toBe('user-error');
    expect(typo.result.data.content).toContain('Did you mean Kazakhstan?');
  });

  it('autocompletes countries and regions', () => {
    const cite = commands.find((c) => c.definition.name === 'cite')!;
    const choices = cite.autocomplete!({ name: 'country', value: 'cent' }, { ...figures, charts }, {});
    expect(choices.map((c) => c.value)).toContain('central-asia');
  });
});

describe('the footer of every figure reply says how to cite its figures', () => {
  const replies: [string, Record<string, string | number>][] = [['keypoints', {}]];
  for (const year of [undefined, ...model.allYears()]) {
    const y: Record<string, number> = year === undefined ? {} : { year };
    for (const p of model.partners) replies.push(['trade', { country: p.id, ...y }]);
    for (const r of model.regions) replies.push(['region', { name: r.id, ...y }], ['keypoints', { region: r.id }]);
    for (const by of ['total', 'china-exports', 'china-imports', 'balance', 'growth']) replies.push(['rank', { by, ...y }]);
    replies.push(
      ['compare', { first: 'kazakhstan', second: 'uzbekistan', ...y }],
      ['compare', { first: 'armenia', second: 'georgia', ...y }],
    );
  }

  it(`with a /cite line that answers, as typed and for each flow it offers (${replies.length} replies)`, async () => {
    for (const [name, options] of replies) {
      const outcome = await app.handle(name, options, DM);
      if (outcome.kind !== 'ok') continue;
      const label = `${name} ${JSON.stringify(options)}`;
      const footer = embedOf(outcome.result).footer?.text ?? '';
      // /keypoints for a period China's customs give no figure for (South Caucasus in 2025, only
      // the ambassador's) has nothing /cite can answer for, and says so instead of suggesting it.
      if (name === 'keypoints' && !footer.includes('Cite a figure')) {
        expect(embedOf(outcome.result).description, label).toContain("China's customs figure is not reported");
        continue;
      }
      const m = /^Cite a figure: (\/cite (\S+) (\d{4}) (\S+))(?: \(or ([^)]+)\))?$/m.exec(footer);
      expect(m, `${label}: ${footer}`).not.toBeNull();
      const [, line, place, year, first, others] = m!;
      for (const flow of [first!, ...(others ? others.split(', ') : [])]) {
        const typed = flow === first ? line! : `/cite ${place} ${year} ${flow}`;
        const parsed = parseLine(typed, app.definitions);
        expect(parsed.ok, `${label}: ${typed}`).toBe(true);
        if (!parsed.ok) continue;
        const cited = await app.handle(parsed.name, parsed.options, DM);
        expect(cited.kind, `${label}: ${typed}`).toBe('ok');
        expect(footnoteOf(cited.result.data.content).endsWith(ACCESSED)).toBe(true);
      }
    }
  });

  it("suggests the reply's own place and period: /trade kazakhstan → /cite kazakhstan 2025, /rank by:china-imports → its leader's imports", async () => {
    expect(embedOf((await ask('/trade kazakhstan')).result).footer?.text).toMatch(
      /\nCite a figure: \/cite kazakhstan 2025 total \(or china-exports, china-imports\)$/,
    );
    expect(embedOf((await ask('/trade turkmenistan period:"Jan-Oct 2025"')).result).footer?.text).toMatch(
      /\nCite a figure: \/cite turkmenistan period:"Jan-Oct 2025" total \(or china-exports, china-imports\)$/,
    );
    expect(embedOf((await ask('/trade armenia')).result).footer?.text).toMatch(/\nCite a figure: \/cite armenia 2024 total$/);
    expect(embedOf((await ask('/rank china-imports')).result).footer?.text).toMatch(
      /\nCite a figure: \/cite kazakhstan 2025 china-imports \(or total, china-exports\)$/,
    );
    expect(embedOf((await ask('/region central-asia 2023')).result).footer?.text).toMatch(
      /\nCite a figure: \/cite central-asia 2023 total/,
    );
  });
});
