/**
 * Discord's own checks on what a client sends (the real API answers a failure with 400 / 50035,
 * listing each field): message limits, autocomplete choices, command definitions. Pure.
 */
import type { Json } from './fixtures.js';

const chars = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

/** The field errors Discord lists for a message over its limits (none when it fits). */
export function messageLimitErrors(data: Json | undefined): string[] {
  if (!data) return [];
  const errors: string[] = [];
  if (chars(data.content) > 2000) errors.push('content: Must be 2000 or fewer in length.');
  const embeds: Json[] = Array.isArray(data.embeds) ? data.embeds : [];
  if (embeds.length > 10) errors.push('embeds: Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embeds.${i}`;
    if (chars(e.title) > 256) errors.push(`${at}.title: Must be 256 or fewer in length.`);
    if (chars(e.description) > 4096) errors.push(`${at}.description: Must be 4096 or fewer in length.`);
    const fields: Json[] = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > 25) errors.push(`${at}.fields: Must be 25 or fewer in length.`);
    fields.forEach((f, j) => {
      if (chars(f.name) < 1 || chars(f.name) > 256) errors.push(`${at}.fields.${j}.name: Must be between 1 and 256 in length.`);
      if (chars(f.value) < 1 || chars(f.value) > 1024) errors.push(`${at}.fields.${j}.value: Must be between 1 and 1024 in length.`);
      total += chars(f.name) + chars(f.value);
    });
    if (chars(e.footer?.text) > 2048) errors.push(`${at}.footer.text: Must be 2048 or fewer in length.`);
    if (chars(e.author?.name) > 256) errors.push(`${at}.author.name: Must be 256 or fewer in length.`);
    if (chars(e.image?.url) > 2048) errors.push(`${at}.image.url: Must be 2048 or fewer in length.`);
    total += chars(e.title) + chars(e.description) + chars(e.footer?.text) + chars(e.author?.name);
  });
  if (total > 6000) errors.push('embeds: Embed size exceeds maximum size of 6000');
  return errors;
}

export function choiceErrors(choices: unknown): string[] {
  if (!Array.isArray(choices)) return ['choices: This field is required'];
  const errors: string[] = [];
  if (choices.length > 25) errors.push('choices: Must be 25 or fewer in length.');
  choices.forEach((c: Json, i) => {
    if (chars(c.name) < 1 || chars(c.name) > 100) errors.push(`choices.${i}.name: Must be between 1 and 100 in length.`);
    if (typeof c.value === 'string' && chars(c.value) > 100) errors.push(`choices.${i}.value: Must be 100 or fewer in length.`);
    if (typeof c.value !== 'string' && typeof c.value !== 'number') errors.push(`choices.${i}.value: Invalid value.`);
  });
  return errors;
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
export function commandErrors(commands: unknown): string[] {
  if (!Array.isArray(commands)) return ['body: Must be an array.'];
  const errors: string[] = [];
  if (commands.length > 100) errors.push('Must be 100 or fewer in length.');
  commands.forEach((c: Json, i) => {
    if (typeof c.name !== 'string' || !COMMAND_NAME.test(c.name) || c.name !== c.name.toLowerCase())
      errors.push(`${i}.name: Invalid name.`);
    if (chars(c.description) < 1 || chars(c.description) > 100) errors.push(`${i}.description: Must be between 1 and 100 in length.`);
    if ((c.options?.length ?? 0) > 25) errors.push(`${i}.options: Must be 25 or fewer in length.`);
  });
  return errors;
}
