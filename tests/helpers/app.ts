import { MessageFlags, type APIEmbed } from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import type { Invocation, RawOptions } from '../../src/core/invocation.js';
import type { CommandResult } from '../../src/core/reply.js';
import { createApp } from '../../src/app/createApp.js';
import type { Outcome } from '../../src/app/types.js';
import { createLinkService } from '../../src/charts/service.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { parseLine } from '../../src/console/parseLine.js';

export const figures = await loadModel('data');
export const { model } = figures;

export const charts = createLinkService({ quickchartUrl: 'https://quickchart.io' });

export const app = createApp({ commands, figures: () => figures, charts, now: () => new Date('2025-06-01T00:00:00Z') });

export const DM: Invocation = { userId: '1', guildId: null, channelId: null, memberPermissions: null };

/** Where a channel option points, as Discord resolves it: its server, and the asker's and the bot's permissions there. */
export interface Target {
  readonly guildId?: string | null;
  readonly member?: bigint | null;
  readonly bot?: bigint | null;
}

/**
 * The invocation Discord's resolution gives for these options: the `channel` option's channel in
 * the asker's server, with the asker's permissions, unless `target` says otherwise.
 */
export function resolvingChannel(invocation: Invocation, options: RawOptions, target: Target = {}): Invocation {
  const channel = options.channel;
  if (typeof channel !== 'string') return invocation;
  const id = channel.trim().replace(/^<#(\d+)>$/, '$1');
  const where = {
    id,
    guildId: target.guildId === undefined ? invocation.guildId : target.guildId,
    memberPermissions: target.member === undefined ? invocation.memberPermissions : target.member,
    botPermissions: target.bot ?? null,
  };
  return { ...invocation, channels: { channel: where } };
}

/** Runs a console-style line ("/trade kazakhstan") through the same app Discord uses. */
export async function ask(line: string): Promise<Outcome> {
  const parsed = parseLine(line, app.definitions);
  if (!parsed.ok) throw new Error(`bad test line ${line}: ${parsed.error}`);
  return app.handle(parsed.name, parsed.options, DM);
}

export function embedOf(result: CommandResult): APIEmbed {
  const embed = result.data.embeds?.[0];
  if (!embed) throw new Error(`no embed in ${JSON.stringify(result.data)}`);
  return embed;
}

/** The field value under a name (exact, or starting with it). */
export function field(result: CommandResult, name: string): string {
  const found = embedOf(result).fields?.find((f) => f.name === name || f.name.startsWith(name));
  if (!found)
    throw new Error(
      `no field ${name} in ${embedOf(result)
        .fields?.map((f) => f.name)
        .join(' | ')}`,
    );
  return found.value;
}

/** Everything a reader sees, as one string. */
export function textOf(result: CommandResult): string {
  const e = result.data.embeds ?? [];
  return [
    result.data.content ?? '',
    ...e.flatMap((x) => [x.title ?? '', x.description ?? '', ...(x.fields ?? []).flatMap((f) => [f.name, f.value]), x.footer?.text ?? '']),
  ].join('\n');
}

export const isEphemeral = (result: CommandResult) => ((result.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** A reply's Sources field by number: "[2] [Eurasianet, citing Oilprice, 2025-01-29](https://…)" → 2 → its label and link. */
export function sourceList(result: CommandResult): Map<number, { readonly label: string; readonly url?: string }> {
  const list = new Map<number, { label: string; url?: string }>();
  for (const line of field(result, 'Sources').split('\n')) {
    const m = /^\[(\d+)\] (?:\[([^\]]+)\]\((https?:[^)]+)\)|(.+))$/.exec(line);
    if (!m) throw new Error(`a Sources line that is not "[n] source": ${line}`);
    list.set(Number(m[1]), m[2] !== undefined ? { label: m[2], url: m[3]! } : { label: m[4]! });
  }
  return list;
}

/** The numbers of every source mark ("[1]", "[2, 5]") in a text, in order, each once. */
export function marksIn(text: string): number[] {
  const numbers = [...text.matchAll(/\[(\d+(?:, \d+)*)\](?!\()/g)].flatMap((m) => m[1]!.split(', ').map(Number));
  return [...new Set(numbers)];
}

/** The sources a text's marks point to, by their labels in the reply's Sources field. */
export function citedBy(result: CommandResult, text: string): string[] {
  const list = sourceList(result);
  return marksIn(text).map((n) => {
    const source = list.get(n);
    if (!source) throw new Error(`mark [${n}] in "${text}" is not in Sources`);
    return source.label;
  });
}

/** A text with each mark replaced by the sources it points to: "+43% [1]" → "+43% [Eurasianet, citing Oilprice, 2025-01-29]". */
export function withSourceNames(result: CommandResult, text: string): string {
  const list = sourceList(result);
  return text.replace(
    /\[(\d+(?:, \d+)*)\](?!\()/g,
    (_whole, numbers: string) =>
      `[${numbers
        .split(', ')
        .map((n) => list.get(Number(n))?.label ?? `unknown source ${n}`)
        .join('; ')}]`,
  );
}
