import { MessageFlags, type APIInteractionResponseCallbackData } from 'discord-api-types/v10';

/** Turns Discord's markdown links into "label <url>" for a terminal. */
function plain(text: string): string {
  return text.replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 <$2>');
}

/** A reply as a person reads it in a terminal: title, description, fields, chart, footer. */
export function renderText(data: APIInteractionResponseCallbackData, chartPaths: readonly string[] = []): string {
  const out: string[] = [];
  const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  if (ephemeral) out.push('(only you can see this)');
  if (data.content) out.push(plain(data.content));
  for (const embed of data.embeds ?? []) {
    if (embed.title) out.push(`== ${embed.title} ==`);
    if (embed.description) out.push(plain(embed.description));
    for (const field of embed.fields ?? []) {
      const value = plain(field.value);
      out.push(value.includes('\n') ? `${field.name}:\n  ${value.replace(/\n/g, '\n  ')}` : `${field.name}: ${value}`);
    }
    if (embed.image?.url && !embed.image.url.startsWith('attachment://')) out.push(`Chart: ${embed.image.url}`);
    if (embed.footer?.text) out.push(`-- ${embed.footer.text}`);
  }
  for (const path of chartPaths) out.push(`Chart: ${path}`);
  return out.join('\n');
}
