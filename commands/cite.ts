import {
  ApplicationCommandOptionType,
  type APIEmbedField,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { UserError } from '../src/core/userError.js';
import { changeAmount, periodInWords, sameChanges } from '../src/format/figures.js';
import { formatUsd, formatUsdAsWritten, formatYuan } from '../src/format/numbers.js';
import { citableFlows, EMBED_COLOUR, periodAsOption } from '../src/format/replies.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import type { TradeModel } from '../src/model/model.js';
import { periodLabel, previousPeriod, type Period } from '../src/model/period.js';
import { FLOWS, type FigureRecord, type Flow, type YuanRecord } from '../src/model/schema.js';
import { reported, type Value } from '../src/model/value.js';
import type { MirrorView, Place, PlaceYear } from '../src/model/views.js';
import type { CommandContext, CommandModule } from './contract.js';
import {
  choosePeriod,
  completePlace,
  countryArg,
  countryOption,
  periodArg,
  periodOption,
  resolvePlace,
  yearArg,
  withPeriods,
  yearOption,
} from './options.js';

const FLOW_CHOICES: Record<Flow, string> = {
  total: 'Total trade (both directions)',
  'china-exports': "China's exports (goods from China to the partner)",
  'china-imports': "China's imports (goods from the partner to China)",
};

export const definition = {
  name: 'cite',
  description: 'A footnote ready to paste for one figure: source, title, date, link, quote, access date',
  options: [
    countryOption('country', 'A country or a region, e.g. kazakhstan or central-asia', true),
    yearOption,
    periodOption,
    {
      type: ApplicationCommandOptionType.String,
      name: 'flow',
      description: 'Which figure (default: total trade)',
      required: false,
      choices: FLOWS.map((f) => ({ name: FLOW_CHOICES[f], value: f })),
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ country: countryArg, year: yearArg, period: periodArg, flow: z.enum(FLOWS).optional() });

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date as a footnote writes it: "29 January 2025", "January 2025", "2025" (as precise as the source's date). */
function dateInWords(iso: string): string {
  const [year, month, day] = iso.split('-');
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (monthName && day) return `${Number(day)} ${monthName} ${year}`;
  return monthName ? `${monthName} ${year}` : (year ?? iso);
}

/** The day the reader looked the figure up, in UTC, so that it is the same wherever the bot runs. */
const accessDate = (now: Date) => dateInWords(now.toISOString().slice(0, 10));

/** What a flow is, from China's side, in words that cannot be misread. */
function chinaFlowWords(flow: Flow, place: string): string {
  switch (flow) {
    case 'total':
      return `China's total trade in goods with ${place} (China's exports and imports together)`;
    case 'china-exports':
      return `China's exports to ${place} (goods from China to ${place}, which ${place} counts as its imports from China)`;
    case 'china-imports':
      return `China's imports from ${place} (goods from ${place} to China, which ${place} counts as its exports to China)`;
  }
}

/** The same flow as the partner's own statistics name it. */
function partnerFlowWords(flow: Flow, place: string): string {
  switch (flow) {
    case 'total':
      return `${place}'s total trade in goods with China`;
    case 'china-exports':
      return `${place}'s imports from China (China's exports to ${place})`;
    case 'china-imports':
      return `${place}'s exports to China (China's imports from ${place})`;
  }
}

const SHORT_FLOW: Record<Flow, string> = { total: 'total trade', 'china-exports': "China's exports", 'china-imports': "China's imports" };

/** A flow with its place, short: "China's exports to Kazakhstan". */
function flowWith(flow: Flow, place: string): string {
  if (flow === 'china-exports') return `China's exports to ${place}`;
  if (flow === 'china-imports') return `China's imports from ${place}`;
  return `China's total trade with ${place}`;
}

/**
 * Who reported a record's figure: China's customs, the partner's own statistics office as the
 * data names it, or, where no source says whose figure it is, who stated it, saying so.
 */
function reporterOf(model: TradeModel, record: FigureRecord | YuanRecord, long = false): string {
  if (record.reporter === 'china') return long ? "China's General Administration of Customs (GACC)" : "China's customs (GACC)";
  if (record.reporter === 'not-stated') return `${record.statedBy ?? 'a source'} (whose statistics, the source does not say)`;
  const name = model.place(record.partner)?.name ?? record.partner;
  return record.agency ?? `${name}'s own statistics`;
}

/** Ends a footnote sentence with a full stop, unless the quote closing it already ends one. */
const sentence = (text: string) => (/[.!?]”$/.test(text) ? text : `${text}.`);

/** Whose words a record's quote is: the source it names, or its only source. */
function quoteSourceOf(record: FigureRecord | YuanRecord): string | undefined {
  if (record.quote === undefined) return undefined;
  return record.quoteSource ?? (record.sources.length === 1 ? record.sources[0] : undefined);
}

/** One source of a record as a footnote gives it: publication, title, date, URL and, where they are that source's, the words quoted. */
function sourceRef(model: TradeModel, record: FigureRecord | YuanRecord, source: string): string {
  const s = model.sources.get(source);
  const citing = record.citing?.[source];
  if (!s) return source;
  const name = `${s.short}${citing ? `, citing ${citing}` : ''}`;
  const where = s.publication !== s.short ? ` (${s.publication})` : '';
  const quote = quoteSourceOf(record) === source ? `: “${record.quote}”` : '';
  return `${name}, “${s.title}”, ${dateInWords(s.date)}${where}, ${s.url ?? 'not online'}${quote}`;
}

const sourceLine = (model: TradeModel, record: FigureRecord | YuanRecord, source: string) => sentence(sourceRef(model, record, source));

/** The reported figures a value rests on: itself, or for a derived value the reported inputs of its arithmetic. */
function reportedInputs(value: Value): Value[] {
  if (value.record) return [value];
  const seen = new Set<FigureRecord>();
  return (value.inputs ?? []).flatMap(reportedInputs).filter((v) => !seen.has(v.record!) && seen.add(v.record!));
}

/** A reported figure's own label, for the inputs of a derived one: "Azerbaijan, total trade, 2024: nearly $2.5 bn". */
function inputLabel(model: TradeModel, value: Value): string {
  const record = value.record!;
  const place = model.place(record.partner)?.name ?? record.partner;
  return `${place}, ${SHORT_FLOW[record.flow]}, ${periodLabel(record.period)}: ${formatUsd(value)}`;
}

/** The footnote paragraph for China's figure: what, when, how much, who reported it, where it was published. */
function chinaFootnote(model: TradeModel, place: Place, period: Period, flow: Flow, value: Value): string[] {
  const head = `${chinaFlowWords(flow, place.name)}, ${periodInWords(period)}: ${formatUsd(value)}.`;
  if (value.record) {
    const record = value.record;
    return [
      `${head} Reported by ${reporterOf(model, record, true)}; published in:`,
      ...record.sources.map((s) => sourceLine(model, record, s)),
      ...(record.alternatives ?? []).map(
        (a) =>
          `Also printed as ${formatUsdAsWritten(reported(a.usd, a.qualifier, a.sources))} in: ${a.sources.map((s) => sourceRef(model, record, s)).join('; ')}.`,
      ),
    ];
  }
  const inputs = reportedInputs(value);
  const lines = [
    `${head} Derived by this bot, not published as such: ${value.derivation ?? 'computed'}, from China's customs (GACC) figures published as follows:`,
  ];
  for (const input of inputs) {
    const record = input.record!;
    lines.push(
      sentence(
        `${inputLabel(model, input)}, reported by ${reporterOf(model, record, true)}, in ${record.sources.map((s) => sourceRef(model, record, s)).join('; ')}`,
      ),
    );
  }
  return lines;
}

/** The footnote paragraph for another reporter's figure beside China's: the partner's own, or one whose reporter is not stated. */
function mirrorFootnote(model: TradeModel, place: Place, period: Period, mirror: MirrorView): string[] {
  const record = mirror.theirs.record!;
  const head =
    mirror.reporter === 'partner'
      ? `${partnerFlowWords(mirror.flow, place.name)}, ${periodInWords(period)}, in ${place.name}'s own statistics: ${formatUsd(mirror.theirs)}. ` +
        `Reported by ${reporterOf(model, record, true)}; published in:`
      : `${chinaFlowWords(mirror.flow, place.name)}, ${periodInWords(period)}, as stated by ${mirror.statedBy ?? 'a source'}: ${formatUsd(mirror.theirs)}. ` +
        `The source does not say whose statistics these are; published in:`;
  return [head, ...record.sources.map((s) => sourceLine(model, record, s))];
}

/** The footnote paragraph for a figure in yuan: as GACC publishes it, never converted. */
function yuanFootnote(model: TradeModel, place: Place, period: Period, record: YuanRecord): string[] {
  return [
    `${chinaFlowWords(record.flow, place.name)}, ${periodInWords(period)}, in yuan as China's customs publish it (not converted): ` +
      `${formatYuan(record.cny, record.qualifier)}. Reported by ${reporterOf(model, record, true)}; published in:`,
    ...record.sources.map((s) => sourceLine(model, record, s)),
  ];
}

function viewOf(model: TradeModel, place: Place, period: Period): PlaceYear {
  return (place.kind === 'partner' ? model.partnerYear(place.id, period) : model.regionYear(place.id, period))!;
}

export function run(input: z.infer<typeof args>, ctx: CommandContext) {
  const { model } = ctx;
  const place = resolvePlace(model, input.country);
  const { period } = choosePeriod(model, place.id, place.name, input);
  const when = periodLabel(period);
  const before = periodLabel(previousPeriod(period));
  const flow = input.flow ?? 'total';
  const view = viewOf(model, place, period);
  const flowView = view.flows[flow];
  const china = flowView.value;
  const mirrors = view.mirror.filter((m) => m.flow === flow);
  const yuan = view.yuan.filter((y) => y.flow === flow).map((y) => y.record);
  if (!china && mirrors.length === 0 && yuan.length === 0) {
    const citable = citableFlows(view);
    const instead =
      citable.length > 0
        ? ` Citable for ${place.name} in ${when}: ${citable.map((f) => `/cite ${place.id} ${periodAsOption(period)} ${f}`).join(', ')}.`
        : '';
    throw new UserError(
      `No figure for ${flowWith(flow, place.name)} in ${when}: no source we have reports it, and it cannot be derived.${instead}`,
    );
  }
  const accessed = accessDate(ctx.now());
  const footnote = [
    ...(china ? chinaFootnote(model, place, period, flow, china) : []),
    ...mirrors.flatMap((m) => mirrorFootnote(model, place, period, m)),
    ...yuan.flatMap((record) => yuanFootnote(model, place, period, record)),
    `Accessed ${accessed}.`,
  ];

  const marks = new SourceMarks(model);
  const fields: APIEmbedField[] = [];
  if (china) {
    const reporter = china.record
      ? `reported by ${reporterOf(model, china.record)}`
      : "derived by this bot from China's customs (GACC) figures";
    fields.push({ name: `China's figure, ${reporter}`, value: marks.value(china) });
  }
  for (const mirror of mirrors)
    fields.push({
      name:
        mirror.reporter === 'partner'
          ? `${place.name}'s own figure, reported by ${reporterOf(model, mirror.theirs.record!)}`
          : `Stated by ${reporterOf(model, mirror.theirs.record!)}`,
      value: marks.value(mirror.theirs),
    });
  for (const record of yuan)
    fields.push({
      name: `China's figure in yuan, reported by ${reporterOf(model, record)} (not converted)`,
      value: marks.after(
        formatYuan(record.cny, record.qualifier),
        record.sources.map((s) => citation(s, record.citing?.[s])),
      ),
    });
  const quoted = [china, ...mirrors.map((m) => m.theirs)].flatMap((v) => (v ? reportedInputs(v) : []));
  const quotes = quoted.flatMap((v) => {
    const source = quoteSourceOf(v.record!);
    return source ? [marks.after(`“${v.record!.quote}”`, [citation(source, v.record!.citing?.[source])])] : [];
  });
  if (quotes.length > 0) fields.push({ name: 'In their words', value: quotes.join('\n') });
  const changes = [
    ...sameChanges(china?.record ? flowView.reportedChanges : []).map((alike) => {
      const c = alike[0]!;
      return marks.after(
        `${changeAmount(c)} on ${before}${c.quote ? `: “${c.quote}”` : ''}`,
        alike.map((a) => citation(a.source, a.citing)),
      );
    }),
    ...mirrors.flatMap((m) =>
      m.changes.map((c) =>
        marks.after(
          `${changeAmount(c)} on ${before} (${m.reporter === 'partner' ? `${place.name}'s own statistics` : `stated by ${m.statedBy ?? 'a source'}`})`,
          [citation(c.source, c.citing)],
        ),
      ),
    ),
  ];
  const share = place.kind === 'partner' && flow === 'total' ? model.partnerYear(place.id, period)?.share : undefined;
  if (share?.reportedPercent !== undefined && share.reportedSource) {
    changes.push(
      marks.after(`${share.reportedPercent}% of ${model.partnerYear(place.id, period)!.region?.name ?? 'its region'}`, [
        citation(share.reportedSource, share.reportedCiting),
      ]),
    );
  }
  if (changes.length > 0) fields.push({ name: 'Reported with it', value: changes.join('\n') });
  fields.push(marks.field());

  return {
    data: {
      content: ['```', ...footnote, '```'].join('\n'),
      embeds: [
        {
          title: `Cite: ${flowWith(flow, place.name)}, ${when}`,
          description:
            'The footnote above is ready to paste: publication, title, date, link, the words quoted, who reported the figure, its period and direction.',
          color: EMBED_COLOUR,
          fields,
          footer: { text: `Accessed ${accessed}: the day you asked. Ask again to cite it on another day.` },
        },
      ],
    },
  };
}

/** Not reusable: the footnote carries the day it was asked for. */
export const cite = {
  definition,
  args,
  run,
  autocomplete: withPeriods(completePlace, ['country']),
} satisfies CommandModule<typeof args>;
