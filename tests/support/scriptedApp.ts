import { finish } from '../../src/app/finish.js';
/**
 * A small App with scripted behaviours, for testing the adapter on its own: each command name
 * does one thing the adapter must cope with.
 */
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { Invocation, RawOptions } from '../../src/core/invocation.js';
import type { CommandResult } from '../../src/core/reply.js';
import type { App, Outcome } from '../../src/app/types.js';

const NONE = { parse: [] as [] };

export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}
export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export interface ScriptedApp extends App {
  /** `slow` and `slow-private` wait for this gate before answering. */
  slowGate: Gate;
  readonly calls: { name: string; options: RawOptions; invocation: Invocation }[];
}

const ok = (result: CommandResult): Outcome => ({ kind: 'ok', result });
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

export function scriptedApp(): ScriptedApp {
  const calls: ScriptedApp['calls'] = [];
  const app: ScriptedApp = {
    slowGate: gate(),
    calls,
    definitions: [
      {
        name: 'echo',
        description: 'Echoes text',
        options: [{ type: 3, name: 'text', description: 'Text', required: true, autocomplete: true }],
      },
      { name: 'private', description: 'Answers privately' },
    ],
    async handle(name, options, invocation): Promise<Outcome> {
      calls.push({ name, options, invocation });
      switch (name) {
        case 'echo':
          return ok({ data: { content: `You said: ${String(options.text ?? '')}`, allowed_mentions: NONE } });
        case 'embed':
          return ok({ data: { embeds: [{ title: 'Title', description: `About ${String(options.text ?? '')}` }], allowed_mentions: NONE } });
        case 'private':
          return {
            kind: 'user-error',
            result: { data: { content: 'Only you can see this.', flags: MessageFlags.Ephemeral, allowed_mentions: NONE } },
          };
        case 'slow':
          await app.slowGate.promise;
          return ok({ data: { content: 'Worth the wait.', allowed_mentions: NONE } });
        case 'slow-private':
          await app.slowGate.promise;
          return {
            kind: 'user-error',
            result: { data: { content: 'A private answer, late.', flags: MessageFlags.Ephemeral, allowed_mentions: NONE } },
          };
        case 'chart':
          return ok({
            data: {
              embeds: [{ title: 'Chart', image: { url: 'attachment://chart.png' } }],
              attachments: [{ id: 0, filename: 'chart.png' }],
              allowed_mentions: NONE,
            },
            files: [{ name: 'chart.png', data: PNG, description: 'A bar chart' }],
          });
        case 'post':
          return ok({
            data: { content: 'Posting…', flags: MessageFlags.Ephemeral, allowed_mentions: NONE },
            post: {
              channelId: String(options.channel),
              message: { data: { embeds: [{ title: 'Key points', description: '@everyone look' }], allowed_mentions: NONE } },
              confirm: `Posted in <#${String(options.channel)}>: {link}`,
            },
          });
        case 'huge': {
          // As createApp hands it over: finished, saying what was cut.
          const { result, shortened } = finish({
            data: { content: 'x'.repeat(5000), embeds: [{ title: 't'.repeat(300), description: 'd'.repeat(5000) }] },
          });
          return { kind: 'ok', result, shortened };
        }
        case 'internal':
          return {
            kind: 'internal-error',
            error: new Error('model exploded'),
            result: { data: { content: 'Sorry, something went wrong on my side.', flags: MessageFlags.Ephemeral, allowed_mentions: NONE } },
          };
        case 'throw':
          // Breaks the App contract on purpose: the adapter must still answer.
          throw new Error('handler threw on purpose');
        default:
          return {
            kind: 'unknown-command',
            result: { data: { content: `I don't know /${name}.`, flags: MessageFlags.Ephemeral, allowed_mentions: NONE } },
          };
      }
    },
    autocomplete(name, focused): APIApplicationCommandOptionChoice[] {
      if (focused.value === 'throw') throw new Error('autocomplete threw on purpose');
      if (focused.value === 'many') {
        return Array.from({ length: 40 }, (_, i) => ({ name: `${'Choice '.repeat(20)}${i}`, value: `v${i}` }));
      }
      if (focused.value === 'long-values') {
        return [
          { name: 'fine', value: 'fine' },
          { name: 'too long', value: 'v'.repeat(101) },
          { name: '', value: 'no-name' },
        ];
      }
      return [{ name: `${name}:${focused.name}=${focused.value}`, value: focused.value || 'empty' }];
    },
  };
  return app;
}
