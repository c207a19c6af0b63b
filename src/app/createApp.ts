import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { FocusedOption, Invocation, RawOptions } from '../core/invocation.js';
import { UserError } from '../core/userError.js';
import type { CommandContext, RegisteredCommand, FiguresContext } from '../../commands/contract.js';
import type { ChartService } from '../charts/image.js';
import type { DigestCommands } from '../digest/types.js';
import { APOLOGY, ephemeralReply } from '../format/replies.js';
import type { Figures } from '../model/figures.js';
import type { TradeModel } from '../model/model.js';
import { finish, finishResult } from './finish.js';
import { checkPost, checkRequirements } from './requirements.js';
import type { App, Outcome } from './types.js';

export interface AppOptions {
  readonly commands: readonly RegisteredCommand[];
  /** Read on every interaction, so a reload of the figures takes effect at once. */
  readonly figures: () => Figures;
  readonly charts: ChartService;
  readonly now?: () => Date;
  /** The digest store, for /digest; without it /digest says digests are not available. */
  readonly digests?: DigestCommands;
}

/** Replies kept per set of figures: enough for every partner, year and common comparison. */
const RESULT_CACHE_SIZE = 256;

function describeArgs(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'options'}: ${issue.message}`).join('; ');
}

/**
 * The bot behind every transport: finds the command, checks its options with its zod schema,
 * runs it, and turns any failure into a reply, so that every interaction gets exactly one.
 */
export function createApp(options: AppOptions): App {
  const byName = new Map(options.commands.map((c) => [c.definition.name, c]));
  const now = options.now ?? (() => new Date());
  const figures = (): FiguresContext => ({ ...options.figures(), charts: options.charts });
  const context = (invocation: Invocation): CommandContext => ({
    ...figures(),
    now,
    invocation,
    ...(options.digests ? { digests: options.digests } : {}),
  });
  const names = () => [...byName.keys()].map((n) => `/${n}`).join(', ');
  // Analysts ask the same few questions again and again; a reloaded model starts a fresh cache,
  // and the least recently asked reply makes room for a new one.
  const results = new WeakMap<TradeModel, LRUCache<string, ReturnType<typeof finish>>>();
  const resultsFor = (model: TradeModel) => {
    let cache = results.get(model);
    if (!cache) results.set(model, (cache = new LRUCache({ max: RESULT_CACHE_SIZE })));
    return cache;
  };

  /** A reusable command's reply depends only on its arguments and the figures, so one per key is kept. */
  const reuse = async (name: string, data: unknown, command: Extract<RegisteredCommand, { reusable: true }>, ctx: FiguresContext) => {
    const key = `${name} ${JSON.stringify(data)}`;
    const cache = resultsFor(ctx.model);
    let finished = cache.get(key);
    if (!finished) {
      finished = finish(await command.run(data, ctx));
      cache.set(key, finished);
    }
    return finished;
  };

  return {
    definitions: options.commands.map((c) => c.definition),

    async handle(name: string, raw: RawOptions, invocation: Invocation): Promise<Outcome> {
      const command = byName.get(name);
      if (!command) {
        return { kind: 'unknown-command', result: finishResult(ephemeralReply(`I don't know /${name}. Commands: ${names()}.`)) };
      }
      try {
        const parsed = command.args.safeParse(raw);
        if (!parsed.success) {
          throw new UserError(`/${name}: ${describeArgs(parsed.error)}. See /help for examples.`);
        }
        const requires = command.requires ?? [];
        checkRequirements(requires, parsed.data, invocation);
        const { result, shortened } = command.reusable
          ? await reuse(name, parsed.data, command, figures())
          : finish(await command.run(parsed.data, context(invocation)));
        checkPost(requires, parsed.data, invocation, result);
        return { kind: 'ok', result, ...(shortened.length > 0 ? { shortened } : {}) };
      } catch (error) {
        if (error instanceof UserError) return { kind: 'user-error', result: finishResult(ephemeralReply(error.message)) };
        return { kind: 'internal-error', error, result: finishResult(ephemeralReply(APOLOGY)) };
      }
    },

    autocomplete(name: string, focused: FocusedOption, raw: RawOptions, _invocation: Invocation): APIApplicationCommandOptionChoice[] {
      const command = byName.get(name);
      if (!command?.autocomplete) return [];
      // A throwing autocomplete reaches the adapter, which logs it and answers with no choices.
      return command.autocomplete(focused, figures(), raw);
    },
  };
}
