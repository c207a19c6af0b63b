import type { CommandResult, Reply } from '../core/reply.js';
import { fitPayload, payloadProblems } from '../format/limits.js';

const NO_MENTIONS = { parse: [] };

/** What a reply broke of Discord's limits before it was fitted (mentions aside: they are always set). */
const overLimits = (reply: Reply) => payloadProblems({ ...reply.data, allowed_mentions: NO_MENTIONS });

const finishReply = <R extends Reply>(reply: R): R => ({ ...reply, data: fitPayload(reply.data) });

/**
 * A reply as it may leave the bot, for every transport: within Discord's limits (shortened on
 * purpose, saying so) and pinging no one, its post too. Commands return content; this is the one
 * place that finishes it. `shortened` says what had to be cut, for the log.
 */
export function finish(result: CommandResult): { readonly result: CommandResult; readonly shortened: readonly string[] } {
  const shortened = [...overLimits(result), ...(result.post ? overLimits(result.post.message) : [])];
  const finished = finishReply(result);
  return {
    result: result.post ? { ...finished, post: { ...result.post, message: finishReply(result.post.message) } } : finished,
    shortened,
  };
}

/** A reply the bot itself makes (a refusal, an apology), finished the same way. */
export const finishResult = (result: CommandResult): CommandResult => finish(result).result;
