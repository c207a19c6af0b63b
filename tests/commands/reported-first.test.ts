/**
 * Reported beats derived: where a source reports a change, that is what every command shows and
 * ranks by. Checked for every partner and year in data/, from the model, not from a list.
 */
import { describe, expect, it } from 'vitest';
import { formatStatedPercent } from '../../src/format/numbers.js';
import { ask, embedOf, field, figures } from '../helpers/app.js';

const { model } = figures;
const stated = model.partners.flatMap((p) =>
  model.years(p.id).flatMap((year) => {
    const view = model.partnerYear(p.id, year)!.flows.total;
    const percent = view.reportedChanges.find((c) => c.percent !== undefined);
    return percent?.percent !== undefined
      ? [{ partner: p, year, percent: percent.percent, text: formatStatedPercent(percent.percent, percent.qualifier) }]
      : [];
  }),
);

describe('a change a source reports wins over ours', () => {
  it('covers the partners that have one', () => {
    expect(stated.length).toBeGreaterThanOrEqual(8);
  });

  it.each(stated)('/trade $partner.name $year shows the reported change and no derived one beside it', async ({ partner, year, text }) => {
    const change = field((await ask(`/trade ${partner.id} ${year}`)).result, `Change on ${year - 1}`);
    expect(change).toContain(text);
    expect(change).not.toContain('derived');
  });

  // Kazakhstan's 2022 is the only partner's 2022 in China's figures: there is nothing to compare it with.
  const comparable = stated.filter(({ partner, year }) =>
    model.partners.some((p) => p.id !== partner.id && model.years(p.id).includes(year)),
  );
  it.each(comparable)('/compare shows the reported change for $partner.name in $year', async ({ partner, year, text }) => {
    const other = model.partners.find((p) => p.id !== partner.id && model.years(p.id).includes(year))!;
    const reply = (await ask(`/compare first:${partner.id} second:${other.id} year:${year}`)).result;
    expect(field(reply, partner.name)).toContain(`Change on ${year - 1}: ${text}`);
  });

  it('/rank growth ranks by the reported change and shows it', async () => {
    const year = 2024;
    const ranking = model.ranking('growth', year);
    for (const { partner, percent } of stated.filter((s) => s.year === year)) {
      expect(ranking.entries.find((e) => e.partner.id === partner.id)?.score, partner.name).toBe(percent);
    }
    const lines = embedOf((await ask('/rank growth 2024')).result).description!;
    for (const { partner, text } of stated.filter((s) => s.year === year)) expect(lines).toContain(`**${partner.name}**: ${text}`);
  });
});
