import type { APIApplicationCommandOptionChoice, APIEmbed, APIInteractionResponseCallbackData } from 'discord-api-types/v10';

/** Discord's limits, in one place. The image URL limit is an API error, not in the docs. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  imageUrl: 2048,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  optionChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  autocompleteChoices: 25,
  /** Files on one message. */
  attachments: 10,
  /** Bytes per file a bot may upload where the server has no boost (the attachment_size_limit Discord sends). */
  attachmentBytes: 10 * 1024 * 1024,
} as const;

/** A file to upload, as far as the limits care. */
interface Upload {
  readonly name: string;
  readonly data: Buffer;
}

/** Every way a reply's files break Discord's limits; empty when they are fine to send. */
export function fileProblems(files: readonly Upload[] | undefined): string[] {
  const all = files ?? [];
  const problems = all.filter((f) => f.data.length > LIMITS.attachmentBytes).map((f) => `file ${f.name} is ${f.data.length} bytes`);
  if (all.length > LIMITS.attachments) problems.push(`${all.length} files`);
  return problems;
}

/**
 * Files within Discord's limits: one too large, or past the tenth, is left out and the reply says
 * so, and `data.attachments` (and an embed image that pointed at a file left out) follow.
 */
export function fitFiles<F extends Upload>(
  data: APIInteractionResponseCallbackData,
  files: readonly F[] | undefined,
): { data: APIInteractionResponseCallbackData; files: readonly F[] | undefined } {
  if (!files || fileProblems(files).length === 0) return { data, files };
  const kept = files.filter((f) => f.data.length <= LIMITS.attachmentBytes).slice(0, LIMITS.attachments);
  const left = files.filter((f) => !kept.includes(f));
  const names = new Set(kept.map((f) => f.name));
  const note = `Left out, too large for Discord: ${left.map((f) => f.name).join(', ')}.`;
  const embeds = (data.embeds ?? []).map((e) =>
    e.image?.url.startsWith('attachment://') && !names.has(e.image.url.slice('attachment://'.length)) ? { ...e, image: undefined } : e,
  );
  const last = embeds[embeds.length - 1];
  if (last)
    embeds[embeds.length - 1] = { ...last, footer: { ...last.footer, text: last.footer?.text ? `${last.footer.text}\n${note}` : note } };
  const attachments = (data.attachments ?? [])
    .filter((a) => a.filename !== undefined && names.has(a.filename))
    .map((a, id) => ({ ...a, id }));
  return {
    data: {
      ...data,
      ...(data.embeds
        ? { embeds: embeds.map(({ image, ...e }) => (image ? { ...e, image } : e)) }
        : { content: `${data.content ?? ''}\n${note}`.trim() }),
      attachments,
    },
    files: kept,
  };
}

const SHORTENED = '…';

// Discord counts characters (code points); UTF-16 length equals that unless there are surrogate
// pairs, so the common case skips splitting a string (a 1.5 KB chart link, twice per reply).
const SURROGATE = /[\uD800-\uDFFF]/;

const length = (text: string | undefined) => (text === undefined ? 0 : SURROGATE.test(text) ? [...text].length : text.length);

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + SHORTENED;
}

function embedChars(embed: APIEmbed): number {
  return (
    length(embed.title) +
    length(embed.description) +
    length(embed.footer?.text) +
    length(embed.author?.name) +
    (embed.fields ?? []).reduce((n, f) => n + length(f.name) + length(f.value), 0)
  );
}

/** Every way a payload breaks Discord's limits; empty when it is fine to send. */
export function payloadProblems(data: APIInteractionResponseCallbackData): string[] {
  const problems: string[] = [];
  if (length(data.content) > LIMITS.content) problems.push(`content is ${length(data.content)} characters`);
  const embeds = data.embeds ?? [];
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds`);
  embeds.forEach((e, i) => {
    const at = `embed ${i + 1}`;
    if (length(e.title) > LIMITS.embedTitle) problems.push(`${at} title is ${length(e.title)} characters`);
    if (length(e.description) > LIMITS.embedDescription) problems.push(`${at} description is too long`);
    if ((e.fields?.length ?? 0) > LIMITS.embedFields) problems.push(`${at} has ${e.fields?.length} fields`);
    for (const f of e.fields ?? []) {
      if (length(f.name) === 0 || length(f.name) > LIMITS.fieldName)
        problems.push(`${at} field name "${f.name.slice(0, 20)}" length ${length(f.name)}`);
      if (length(f.value) === 0 || length(f.value) > LIMITS.fieldValue)
        problems.push(`${at} field "${f.name.slice(0, 20)}" value length ${length(f.value)}`);
    }
    if (length(e.footer?.text) > LIMITS.footerText) problems.push(`${at} footer is too long`);
    if (length(e.author?.name) > LIMITS.authorName) problems.push(`${at} author is too long`);
    if (length(e.image?.url) > LIMITS.imageUrl) problems.push(`${at} image URL is ${length(e.image?.url)} characters`);
  });
  const total = embeds.reduce((n, e) => n + embedChars(e), 0);
  if (total > LIMITS.embedsTotal) problems.push(`embeds total ${total} characters`);
  const mentions = data.allowed_mentions;
  if (!mentions || (mentions.parse?.length ?? 0) > 0 || mentions.users?.length || mentions.roles?.length) {
    problems.push('allowed_mentions must be { parse: [] }');
  }
  return problems;
}

function fitEmbed(embed: APIEmbed, notices: string[]): APIEmbed {
  const fields = (embed.fields ?? []).map((f) => ({
    ...f,
    name: clip(f.name || '\u200b', LIMITS.fieldName),
    value: clip(f.value || '\u200b', LIMITS.fieldValue),
  }));
  if (fields.length > LIMITS.embedFields) notices.push(`${fields.length - LIMITS.embedFields} more rows left out`);
  const out: APIEmbed = { ...embed, fields: fields.slice(0, LIMITS.embedFields) };
  if (embed.title !== undefined) out.title = clip(embed.title, LIMITS.embedTitle);
  if (embed.description !== undefined) out.description = clip(embed.description, LIMITS.embedDescription);
  if (embed.footer) out.footer = { ...embed.footer, text: clip(embed.footer.text, LIMITS.footerText) };
  if (embed.author) out.author = { ...embed.author, name: clip(embed.author.name, LIMITS.authorName) };
  if (embed.image && length(embed.image.url) > LIMITS.imageUrl) {
    delete out.image;
    notices.push('chart left out: its link is too long for Discord');
  }
  if (out.fields?.length === 0) delete out.fields;
  return out;
}

/**
 * Makes a payload fit Discord's limits on purpose, saying so in the reply, rather than letting
 * Discord refuse it; and forces `allowed_mentions: { parse: [] }` so that no reply pings anyone.
 */
export function fitPayload(data: APIInteractionResponseCallbackData): APIInteractionResponseCallbackData {
  const notices: string[] = [];
  let embeds = (data.embeds ?? []).map((e) => fitEmbed(e, notices));
  if (embeds.length > LIMITS.embeds) {
    notices.push(`${embeds.length - LIMITS.embeds} more embeds left out`);
    embeds = embeds.slice(0, LIMITS.embeds);
  }
  // Over the 6000-character total: drop trailing fields, then clip descriptions, last embed first.
  const total = () => embeds.reduce((n, e) => n + embedChars(e), 0);
  const reserve = 120;
  for (let i = embeds.length - 1; i >= 0 && total() > LIMITS.embedsTotal - reserve; i--) {
    const embed = embeds[i]!;
    let dropped = 0;
    while ((embed.fields?.length ?? 0) > 1 && total() > LIMITS.embedsTotal - reserve) {
      embed.fields!.pop();
      dropped++;
    }
    if (dropped > 0) notices.push(`${dropped} rows left out`);
    const excess = total() - (LIMITS.embedsTotal - reserve);
    if (excess > 0 && embed.description) embed.description = clip(embed.description, Math.max(1, length(embed.description) - excess));
  }
  let content = data.content;
  if (content !== undefined && length(content) > LIMITS.content) {
    content = clip(content, LIMITS.content - 40) + '\n(shortened to fit Discord)';
  }
  if (notices.length > 0) {
    const note = `Shortened to fit Discord: ${notices.join('; ')}.`;
    const last = embeds[embeds.length - 1];
    if (last) last.footer = { ...last.footer, text: clip(last.footer?.text ? `${last.footer.text}\n${note}` : note, LIMITS.footerText) };
    else content = clip(`${content ?? ''}\n${note}`.trim(), LIMITS.content);
  }
  return {
    ...data,
    ...(content !== undefined ? { content } : {}),
    ...(data.embeds ? { embeds } : {}),
    allowed_mentions: { parse: [] },
  };
}

/** Length as Discord counts it for choices (UTF-16 code units: the stricter reading). */
const units = (s: string) => s.length;

function clipChoiceName(name: string): string {
  const flat = name.replace(/[\r\n\t]+/g, ' ').trim();
  if (units(flat) <= LIMITS.choiceName) return flat;
  let out = '';
  for (const ch of flat) {
    if (units(out) + units(ch) > LIMITS.choiceName - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Autocomplete choices within Discord's limits: at most 25, names 1-100 characters (clipped),
 * values a string of at most 100 characters or a finite number. A choice whose value would need
 * clipping is dropped, since a clipped value would mean something else.
 */
export function fitChoices(choices: readonly APIApplicationCommandOptionChoice[]): APIApplicationCommandOptionChoice[] {
  const out: APIApplicationCommandOptionChoice[] = [];
  for (const choice of choices) {
    if (out.length >= LIMITS.autocompleteChoices) break;
    if (!choice || typeof choice.name !== 'string') continue;
    const name = clipChoiceName(choice.name);
    if (name.length === 0) continue;
    const { value } = choice;
    if (typeof value === 'string') {
      if (value.length === 0 || units(value) > LIMITS.choiceValue) continue;
      out.push({ name, value });
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      out.push({ name, value });
    }
  }
  return out;
}
