import { ApplicationCommandOptionType, type APIEmbed, type APIEmbedField } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { historyChart, historyPeriods } from '../src/charts/historyCharts.js';
import { changeAmount, changeSummary, NOT_REPORTED } from '../src/format/figures.js';
import { LIMITS } from '../src/format/limits.js';
import { describeNote } from '../src/format/notes.js';
import { EMBED_COLOUR, FIGURES_FOOTER, figureReply, withFile } from '../src/format/replies.js';
import { csvFile, historyRows } from '../src/format/csv.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import { isFullYear, periodLabel, previousPeriod, type Period } from '../src/model/period.js';
import type { Flow, Partner } from '../src/model/schema.js';
import type { FlowView, MirrorView, PartnerYear } from '../src/model/views.js';
import { UserError } from '../src/core/userError.js';
import type { CommandModule, FiguresContext } from './contract.js';
import { completeCountry, countryArg, countryOption, formatArg, formatOption, resolvePartner } from './options.js';

/** The flows /history can be narrowed to; the choices and the schema are built from this one list. */
export const HISTORY_FLOWS = ['total', 'china-exports', 'china-imports'] as const satisfies readonly Flow[];

const FLOW_CHOICE_NAMES: Readonly<Record<Flow, string>> = {
  total: 'total trade',
  'china-exports': "China's exports: goods from China to the partner",
  'china-imports': "China's imports: goods from the partner to China",
};

export const definition = {
  name: 'history',
  description: 'Every period the data holds for one country: years as a line chart, parts of years, other reporters',
  options: [
    countryOption('country', 'A country in Central Asia or the South Caucasus', true),
    {
      type: ApplicationCommandOptionType.String,
      name: 'flow',
      description: 'One flow only (default: total, exports and imports)',
      required: false,
      choices: HISTORY_FLOWS.map((value) => ({ name: FLOW_CHOICE_NAMES[value], value })),
    },
    formatOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ country: countryArg, flow: z.enum(HISTORY_FLOWS).optional(), format: formatArg });

/** How a flow is named inside a line: short, since a line holds all three. */
const SHORT: Readonly<Record<Flow, string>> = { total: 'total', 'china-exports': 'exports', 'china-imports': 'imports' };

/** The partner's own figure for a flow in its own words: its imports from China are China's exports. */
function theirWords(flow: Flow): string {
  return flow === 'total' ? 'total' : flow === 'china-exports' ? 'imports from China' : 'exports to China';
}

/** "(on Jan–Oct 2024: +9.0% (derived) [3])": the change on the same months a year before, reported first, else ours; or why there is none. */
function sameMonths(marks: SourceMarks, view: FlowView, period: Period, sayWhyNot: boolean): string {
  const before = periodLabel(previousPeriod(period));
  const change = changeSummary(marks, view);
  if (change !== NOT_REPORTED) return ` (on ${before}: ${change})`;
  return sayWhyNot && view.value ? ` (no change: ${before} not reported)` : '';
}

/** One flow of China's figures in a line: "total $39.8 bn [3] (on Jan–Oct 2024: +9.0% (derived) [3])". */
function flowPart(marks: SourceMarks, py: PartnerYear, flow: Flow, named: boolean, sayWhyNot: boolean): string {
  const view = py.flows[flow];
  const value = marks.value(view.value);
  return `${named ? `${SHORT[flow]} ` : ''}${value}${view.value ? sameMonths(marks, view, py.period, sayWhyNot) : ''}`;
}

const hasChinaFigure = (py: PartnerYear) => HISTORY_FLOWS.some((f) => py.flows[f].value !== undefined);

/**
 * A period's line of China's figures. A full year lists all three flows (its change on the year
 * before goes with the total); a part of a year lists only the flows a source gave, each with its
 * same-months comparison. With a flow asked, that flow alone.
 */
function chinaLine(marks: SourceMarks, py: PartnerYear, flow: Flow | undefined): string {
  const head = `**${periodLabel(py.period)}**: `;
  if (!hasChinaFigure(py)) return `${head}${NOT_REPORTED} by China's customs${py.mirror.length > 0 ? ' (other reporters below)' : ''}`;
  if (flow) return `${head}${flowPart(marks, py, flow, false, true)}`;
  const full = isFullYear(py.period);
  const parts = HISTORY_FLOWS.filter((f) => full || py.flows[f].value !== undefined).map((f) =>
    flowPart(marks, py, f, true, f === 'total'),
  );
  return head + parts.join(' · ');
}

/** Whose figure a mirror is, as the reply labels it: "Kazakhstan's own statistics (Kazakhstan's statistics)", "Stated by …, reporter not stated". */
function reporterLabel(partner: Partner, m: MirrorView): string {
  if (m.reporter === 'partner') return `${partner.name}'s own statistics${m.agency ? ` (${m.agency})` : ''}`;
  return `Stated by ${m.statedBy ?? 'a source'}, reporter not stated`;
}

/** Other reporters' figures of one period, one line per reporter: never added to China's or to each other. */
function otherLines(marks: SourceMarks, partner: Partner, py: PartnerYear, flow: Flow | undefined): string[] {
  const mirrors = py.mirror.filter((m) => flow === undefined || m.flow === flow);
  const byReporter = new Map<string, MirrorView[]>();
  for (const m of mirrors) {
    const label = reporterLabel(partner, m);
    byReporter.set(label, [...(byReporter.get(label) ?? []), m]);
  }
  const before = periodLabel(previousPeriod(py.period));
  return [...byReporter].map(([label, ms]) => {
    const figures = HISTORY_FLOWS.flatMap((f) => ms.filter((m) => m.flow === f)).map((m) => {
      const changes = m.changes.map((c) => marks.after(changeAmount(c), [citation(c.source, c.citing)]));
      const change = changes.length > 0 ? ` (on ${before}: ${changes.join(', ')})` : '';
      return `${theirWords(m.flow)} ${marks.value(m.theirs)}${change}`;
    });
    return `**${periodLabel(py.period)}** · ${label}: ${figures.join(' · ')}`;
  });
}

/** Lines packed into as few fields as hold them: "Parts of a year", then "Parts of a year (continued)". */
function packed(name: string, lines: readonly string[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let value = '';
  for (const line of lines) {
    const next = value ? `${value}\n${line}` : line;
    if ([...next].length > LIMITS.fieldValue && value) {
      fields.push({ name: fields.length === 0 ? name : `${name} (continued)`, value });
      value = line;
    } else value = next;
  }
  if (value) fields.push({ name: fields.length === 0 ? name : `${name} (continued)`, value });
  return fields;
}

/**
 * The Sources field, in as many fields as its linked lines need: a history cites more sources
 * than one field's 1024 characters hold ("Sources", then "Sources (continued)").
 */
export function sourcesFields(marks: SourceMarks): APIEmbedField[] {
  const one = marks.field();
  return [...one.value].length <= LIMITS.fieldValue ? [one] : packed(one.name, one.value.split('\n'));
}

const TITLE: Readonly<Record<Flow, string>> = {
  total: "China's total trade with",
  'china-exports': "China's exports to",
  'china-imports': "China's imports from",
};

/** Room left in the 6000 characters of all embeds for what fitPayload may add ("Shortened to fit…"). */
const RESERVE = 200;

const embedChars = (e: APIEmbed) =>
  [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])].reduce(
    (n, t) => n + (t ? [...t].length : 0),
    0,
  );

function fits(e: APIEmbed): boolean {
  return (
    embedChars(e) <= LIMITS.embedsTotal - RESERVE &&
    (e.fields?.length ?? 0) <= LIMITS.embedFields &&
    (e.fields ?? []).every((f) => [...f.value].length <= LIMITS.fieldValue && [...f.name].length <= LIMITS.fieldName) &&
    [...(e.description ?? '')].length <= LIMITS.embedDescription
  );
}

/** "Armenia is not itemised in China's 2024 figures…", for the years a partner's total is only what remains of its region's. */
function notItemised(ctx: FiguresContext, partner: Partner, periods: readonly Period[]): string {
  // Only where China's total is that remainder: a period of another reporter's figures alone is not.
  const within = periods.filter(
    (p) => !ctx.model.isItemised(partner.id, p) && ctx.model.partnerYear(partner.id, p)?.flows.total.value?.provenance === 'derived',
  );
  if (within.length === 0) return '';
  const region = ctx.model.regions.find((r) => r.id === partner.region)?.name ?? 'its region';
  return `\n${partner.name} is not itemised in China's ${within.map(periodLabel).join(', ')} figures that we have; its total there is what remains of the ${region} total (derived).`;
}

/**
 * "3 earlier periods left out to fit Discord (2019 to Jan–Jun 2021): ask for one with /trade
 * country:kazakhstan period:Jan-Jun 2021". A full year is asked for with year:, a part with period:.
 */
export function leftOutLine(partner: Partner, left: readonly Period[]): string {
  const first = left[0]!;
  const last = left[left.length - 1]!;
  const span = left.length === 1 ? periodLabel(first) : `${periodLabel(first)} to ${periodLabel(last)}`;
  const ask = isFullYear(last) ? `year:${last.year}` : `period:${periodLabel(last).replace('–', '-')}`;
  return `${left.length} earlier period${left.length === 1 ? '' : 's'} left out to fit Discord (${span}): ask for one with /trade country:${partner.id} ${ask}.`;
}

/** The embed for the latest `keep` periods of a partner (all, when they fit), saying what was left out and how to ask for it. */
function historyEmbed(ctx: FiguresContext, partner: Partner, periods: readonly Period[], keep: number, flow: Flow | undefined): APIEmbed {
  const marks = new SourceMarks(ctx.model);
  const shown = periods.slice(periods.length - keep);
  const left = periods.slice(0, periods.length - keep);
  const rows = shown.map((p) => ctx.model.partnerYear(partner.id, p)!);
  const full = rows.filter((r) => isFullYear(r.period));
  const parts = rows.filter((r) => !isFullYear(r.period));
  const fields: APIEmbedField[] = [
    ...packed(
      'Full years',
      full.map((r) => chinaLine(marks, r, flow)),
    ),
    ...packed(
      'Parts of a year',
      parts.map((r) => chinaLine(marks, r, flow)),
    ),
    ...packed(
      'Other reporters (never added to China’s figures)',
      rows.flatMap((r) => otherLines(marks, partner, r, flow)),
    ),
    ...packed(
      'Data notes',
      rows.flatMap((r) =>
        r.notes.map(
          (n) => `• ${periodLabel(r.period)}: ${describeNote(n, partner.name, r.period, (id, citing) => marks.name(citation(id, citing)))}`,
        ),
      ),
    ),
  ];
  const leftOut = left.length > 0 ? `\n${leftOutLine(partner, left)}` : '';
  fields.push(...sourcesFields(marks));
  return {
    title: `${flow ? TITLE[flow] : "China's trade with"} ${partner.name}, every period in the data`,
    description:
      `China's exports are goods from China to ${partner.name}; China's imports are goods from ${partner.name} to China. ` +
      'Changes compare the same months a year before; full years are on the chart.' +
      notItemised(ctx, partner, shown) +
      leftOut,
    color: EMBED_COLOUR,
    fields,
    footer: { text: `${FIGURES_FOOTER}\nOne period in full: /trade country:${partner.id} year:<year>` },
  };
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const partner = resolvePartner(ctx.model, input.country);
  const periods = historyPeriods(ctx.model, partner.id);
  if (periods.length === 0) throw new UserError(`No figures for ${partner.name} in any period yet.`);
  let embed = historyEmbed(ctx, partner, periods, periods.length, input.flow);
  for (let keep = periods.length - 1; keep >= 1 && !fits(embed); keep--) embed = historyEmbed(ctx, partner, periods, keep, input.flow);
  const reply = figureReply(embed, ctx.charts.image(historyChart(ctx.model, partner, input.flow)));
  if (input.format !== 'csv') return reply;
  // The file holds every period, also those the embed left out to fit Discord.
  const rows = periods.map((p) => ctx.model.partnerYear(partner.id, p)!);
  const flows = input.flow ? [input.flow] : HISTORY_FLOWS;
  return withFile(reply, csvFile(ctx.model, ['history', partner.id, ...(input.flow ? [input.flow] : []), 'all'], historyRows(rows, flows)));
}

export const history = {
  definition,
  args,
  reusable: true,
  run,
  autocomplete: completeCountry,
} satisfies CommandModule<typeof args>;
