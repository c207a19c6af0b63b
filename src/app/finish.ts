import type { CommandResult, Reply } from '../core/reply.js';
import { fitPayload } from '../format/limits.js';

const finishReply = <R extends Reply>(reply: R): R => ({ ...reply, data: fitPayload(reply.data) });

/**
 * A reply as it may leave the bot, for every transport: within Discord's limits (shortened on
 * purpose, saying so) and pinging no one, its post too. Commands return content; this is the one
 * place that finishes it.
 */
export function finishResult(result: CommandResult): CommandResult {
  const finished = finishReply(result);
  return result.post ? { ...finished, post: { ...result.post, message: finishReply(result.post.message) } } : finished;
}
