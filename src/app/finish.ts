import type { CommandResult, Reply } from '../core/reply.js';
import { fileProblems, fitFiles, fitPayload, payloadProblems } from '../format/limits.js';

const NO_MENTIONS = { parse: [] };

/** What a reply broke of Discord's limits before it was fitted (mentions aside: they are always set). */
const overLimits = (reply: Reply) => [...payloadProblems({ ...reply.data, allowed_mentions: NO_MENTIONS }), ...fileProblems(reply.files)];

function finishReply<R extends Reply>(reply: R): R {
  if (!reply.files) return { ...reply, data: fitPayload(reply.data) };
  const { data, files } = fitFiles(reply.data, reply.files);
  return { ...reply, data: fitPayload(data), ...(files ? { files } : {}) };
}

// Results this module made: already within the limits, so finishing one again (an adapter's own
// reply finished at creation, a test's, a cached one) would only run the same checks again.
const finished = new WeakSet<CommandResult>();

/**
 * A reply as it may leave the bot, for every transport: within Discord's limits (shortened on
 * purpose, saying so) and pinging no one, its post too. Commands return content; this is the one
 * place that finishes it, and it checks each reply once: a finished result comes back as it is.
 * `shortened` says what had to be cut, for the log.
 */
export function finish(result: CommandResult): { readonly result: CommandResult; readonly shortened: readonly string[] } {
  if (finished.has(result)) return { result, shortened: [] };
  const shortened = [...overLimits(result), ...(result.post ? overLimits(result.post.message) : [])];
  const fitted = finishReply(result);
  const out = result.post ? { ...fitted, post: { ...result.post, message: finishReply(result.post.message) } } : fitted;
  finished.add(out);
  return { result: out, shortened };
}

/** A reply the bot itself makes (a refusal, an apology), finished the same way. */
export const finishResult = (result: CommandResult): CommandResult => finish(result).result;
