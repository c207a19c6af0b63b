import { PermissionsBitField } from 'discord.js';
import type { ChannelTarget, Invocation } from '../core/invocation.js';
import type { CommandResult } from '../core/reply.js';
import type { PermissionName, Requirement } from '../core/requirement.js';
import { UserError } from '../core/userError.js';

/** "ManageMessages" -> "Manage Messages", as Discord's settings name it. */
const spoken = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2');
const list = (names: readonly string[]) => {
  const words = names.map(spoken);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : (words[0] ?? '');
};

/** One parsed argument by name: commands' parsed arguments are objects of their own shapes. */
const argument = (args: unknown, name: string): unknown =>
  typeof args === 'object' && args !== null ? Reflect.get(args, name) : undefined;

const applies = (requirement: Requirement, args: unknown) =>
  !requirement.subcommands || requirement.subcommands.includes(String(argument(args, 'subcommand')));

/** Permission names missing from `bits`; Administrator implies all of them, as in Discord. */
function missing(bits: bigint | null, needed: readonly PermissionName[]): readonly string[] {
  if (needed.length === 0) return [];
  if (bits === null) return needed;
  return new PermissionsBitField(bits).missing([...needed]);
}

interface Place {
  readonly where: string;
  readonly member: bigint | null;
  readonly bot: bigint | null;
}

/** The channel a requirement is about, or null when it does not apply to these arguments. */
function placeOf(requirement: Requirement, args: unknown, invocation: Invocation): Place | null {
  if (!applies(requirement, args)) return null;
  const { action, otherwise } = requirement;
  if (requirement.in === 'here') {
    if (invocation.guildId === null) throw new UserError(`${action} works only in a server, not in direct messages. ${otherwise}`);
    return { where: 'this channel', member: invocation.memberPermissions, bot: invocation.botPermissions ?? null };
  }
  const channelId = argument(args, requirement.in.option);
  if (channelId === undefined) return null;
  if (invocation.guildId === null) throw new UserError(`${action} works only in a server, not in direct messages. ${otherwise}`);
  const target: ChannelTarget | undefined = invocation.channels?.[requirement.in.option];
  if (!target || target.id !== channelId) {
    throw new UserError(`I couldn't check that channel's permissions: pick it from the list Discord offers. ${otherwise}`);
  }
  // Discord only offers a server's own channels, but a crafted request may name any channel the bot can see.
  if (target.guildId !== invocation.guildId) {
    throw new UserError(
      `That channel is in another server: ${action.toLowerCase()} works only with a channel of this server. ${otherwise}`,
    );
  }
  return { where: `<#${target.id}>`, member: target.memberPermissions, bot: target.botPermissions };
}

/**
 * Checks a command's requirements against who asked and where, before it runs. Throws a UserError
 * that names what is missing and for whom (you / the bot). The bot's permissions are checked only
 * where the transport knows them; elsewhere Discord's own refusal of the post decides.
 */
export function checkRequirements(requirements: readonly Requirement[], args: unknown, invocation: Invocation): void {
  for (const requirement of requirements) {
    const place = placeOf(requirement, args, invocation);
    if (!place) continue;
    const yours = missing(place.member, requirement.member ?? []);
    if (yours.length > 0) {
      throw new UserError(
        `${requirement.action} needs ${list(yours)} in ${place.where}, and you don't have ${yours.length > 1 ? 'them' : 'it'} there. ${requirement.otherwise}`,
      );
    }
    const mine = place.bot === null ? [] : missing(place.bot, requirement.bot ?? []);
    if (mine.length > 0) {
      throw new UserError(
        `I need ${list(mine)} in ${place.where} for that: a server admin can allow ${mine.length > 1 ? 'them' : 'it'} for my role there. ${requirement.otherwise}`,
      );
    }
  }
}

/**
 * A command may post only into a channel a requirement of its checked (so in the asker's server,
 * with the asker's permissions), and needs Attach Files there when the post carries files.
 */
export function checkPost(requirements: readonly Requirement[], args: unknown, invocation: Invocation, result: CommandResult): void {
  const post = result.post;
  if (!post) return;
  const checked = requirements.some((r) => r.in !== 'here' && applies(r, args) && argument(args, r.in.option) === post.channelId);
  if (!checked) throw new Error(`a command tried to post into channel ${post.channelId}, which no requirement of it checked`);
  if ((post.message.files?.length ?? 0) === 0) return;
  const target = Object.values(invocation.channels ?? {}).find((c) => c.id === post.channelId);
  const lacking = target?.botPermissions == null ? [] : missing(target.botPermissions, ['AttachFiles']);
  if (lacking.length > 0)
    throw new UserError(
      `I need Attach Files in <#${post.channelId}> to post a chart there: a server admin can allow it for my role there.`,
    );
}
