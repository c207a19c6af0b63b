/**
 * Thousands of random and hostile option values through the real client and the real app:
 * every interaction is answered exactly once, within Discord's limits, with mentions off.
 * The fake refuses over-limit payloads as Discord does, and the replies are checked again with
 * the bot's own checker (src/format/limits.ts). Seeded, so a failure can be replayed.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadProblems } from '../../src/format/limits.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import { realApp } from '../support/realApp.js';
import { random as makeRandom } from '../helpers/random.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20250129);
const COMMANDS = 4000;
const AUTOCOMPLETES = 1000;
const WAVE = 100;

const random = makeRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const HOSTILE = [
  '',
  ' ',
  '\u0000',
  '\u0001\u0002\u001b[31mred\u001b[0m',
  '\r\n\t\v\f',
  'a'.repeat(6000),
  '😀'.repeat(3000),
  'ا'.repeat(6000),
  '\u202Ekazakhstan',
  '\u200B\u200D\uFEFFkazakhstan',
  'Z̴̡̢̛a̶̢̛l̷̨̛g̸̡̛o̵̢̕',
  '\uD800',
  '@everyone',
  '@here',
  '<@&400000000000000001>',
  '<@500000000000000001>',
  '<#200000000000000001>',
  '**bold** __under__ ~~strike~~ ||spoiler|| `code`',
  '```js\nprocess.exit()\n```',
  '> quote\n# heading\n- list',
  '[click](https://evil.example/phish)',
  'https://evil.example/' + 'x'.repeat(3000),
  '${process.env.DISCORD_TOKEN}',
  "'; DROP TABLE figures; --",
  '<script>alert(1)</script>',
  '%s%n%x',
  '\\',
  '"',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  'kazakhstan',
  'KZ',
  'Казахстан',
  'central-asia',
  'Kazakhstan'.repeat(60),
  '-1',
  '2024',
  '1e400',
  // Periods, well and badly written: the period option is text.
  '2025',
  'Jan-Oct 2025',
  'january–october 2025',
  'H1 2024',
  '2024-H1',
  '2025-01..10',
  '2025-13',
  'Oct-Jan 2025',
  'H3 2024',
];

function randomText(): string {
  const ranges = [
    [0x20, 0x7e],
    [0x00, 0x1f],
    [0x400, 0x4ff],
    [0x600, 0x6ff],
    [0x4e00, 0x4fff],
    [0x1f300, 0x1f6ff],
    [0x300, 0x36f],
    [0x2000, 0x206f],
  ] as const;
  const length = Math.floor(random() ** 3 * 400);
  let out = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = pick(ranges);
    out += String.fromCodePoint(lo + Math.floor(random() * (hi - lo + 1)));
  }
  return out;
}

const hostileText = (): string => {
  const r = random();
  if (r < 0.5) return pick(HOSTILE);
  if (r < 0.8) return randomText();
  return pick(HOSTILE) + randomText() + pick(HOSTILE);
};

const NUMBERS = [0, -1, 1, 1989, 1990, 2023, 2024, 2100, 2101, 2.5, -0.5, 1e21, -1e21, 2 ** 53 + 2, 2 ** 31, 99999];
const hostileNumber = () => (random() < 0.8 ? pick(NUMBERS) : Math.floor((random() - 0.5) * 1e7));

type Option = { name: string; type: number; value: string | number | boolean; focused?: boolean };

let h: Harness;
let definitions: { name: string; options?: { name: string; type: ApplicationCommandOptionType }[] }[];

beforeAll(async () => {
  const app = realApp();
  definitions = app.definitions as unknown as typeof definitions;
  h = await startHarness({ app });
});
afterAll(async () => {
  await h?.stop();
});

function optionsFor(definition: (typeof definitions)[number]): Option[] {
  const out: Option[] = [];
  for (const o of definition.options ?? []) {
    if (random() < 0.25) continue; // left out, required or not
    if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) continue;
    const r = random();
    // Mostly the declared type; sometimes another, as a broken or hostile client might send.
    if (o.type === ApplicationCommandOptionType.Integer || o.type === ApplicationCommandOptionType.Number) {
      out.push({ name: o.name, type: o.type, value: r < 0.85 ? hostileNumber() : hostileText() });
    } else if (o.type === ApplicationCommandOptionType.Boolean) {
      out.push({ name: o.name, type: o.type, value: r < 0.85 ? random() < 0.5 : hostileText() });
    } else {
      out.push({ name: o.name, type: o.type, value: r < 0.9 ? hostileText() : hostileNumber() });
    }
  }
  if (random() < 0.05) out.push({ name: pick(['__proto__', 'constructor', 'subcommand', 'x'.repeat(40)]), type: 3, value: hostileText() });
  const sub = definition.options?.filter((o) => o.type === ApplicationCommandOptionType.Subcommand) ?? [];
  if (sub.length > 0) {
    const chosen = random() < 0.9 ? pick(sub) : { name: hostileText().slice(0, 32) || 'nope' };
    return [{ name: chosen.name, type: ApplicationCommandOptionType.Subcommand, options: optionsFor(chosen) } as never];
  }
  return out;
}

describe('hostile option values', () => {
  it(`answers ${COMMANDS} random commands exactly once each, within Discord's limits`, { timeout: 120_000 }, async () => {
    const names = [...definitions.map((d) => d.name), 'nope', 'TRADE', '__proto__'];
    const sent: { id: string; reply: Promise<import('../../tools/fake-discord/index.js').FakeReply> }[] = [];
    for (let wave = 0; wave < COMMANDS / WAVE; wave++) {
      const batch = Array.from({ length: WAVE }, () => {
        const name = random() < 0.95 ? pick(definitions).name : pick(names);
        const definition = definitions.find((d) => d.name === name) ?? { name };
        return h.fake.send({ name, options: optionsFor(definition), guild: random() < 0.7 });
      });
      sent.push(...batch);
      await Promise.all(batch.map((b) => b.reply));
    }
    const replies = await Promise.all(sent.map((s) => s.reply));
    for (const [i, reply] of replies.entries()) {
      const problems = payloadProblems(reply.data);
      expect(problems, JSON.stringify(reply.data).slice(0, 500)).toEqual([]);
      const visible = h.fake.responsesTo(sent[i]!.id).filter((r) => r.kind !== 'delete' && !(r.kind === 'callback' && r.type === 5));
      expect(visible).toHaveLength(1);
    }
    // Each interaction's log line is written just after its reply.
    await h.waitForRecord({ level: 'info', msg: 'interaction' }, { count: COMMANDS });
    // Discord (the fake) refused nothing; no reply fell back to the apology.
    expect(h.fake.requests.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`)).toEqual([]);
    expect(h.recordsMatching({ outcome: /^(failed|internal-error)$/ })).toEqual([]);
    expect(h.recordsMatching({ level: 'error' })).toEqual([]);
    // The values reached the commands: some were answered, many refused with a private hint.
    const outcomes = h.recordsMatching({ msg: 'interaction' }).map((r) => r.outcome);
    expect(outcomes).toHaveLength(COMMANDS);
    // Each optional text option (country, period...) is one more chance to be refused, so answers are the rarer outcome.
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(COMMANDS / 40);
    expect(outcomes.filter((o) => o === 'user-error').length).toBeGreaterThan(COMMANDS / 4);
  });

  it(`answers ${AUTOCOMPLETES} random autocompletes with at most 25 valid choices`, { timeout: 60_000 }, async () => {
    const withAutocomplete = definitions.flatMap((d) =>
      (d.options ?? []).filter((o: any) => o.autocomplete).map((o) => ({ command: d.name, option: o.name })),
    );
    expect(withAutocomplete.length).toBeGreaterThan(0);
    for (let wave = 0; wave < AUTOCOMPLETES / WAVE; wave++) {
      const batch = Array.from({ length: WAVE }, () => {
        const { command, option } = pick(withAutocomplete);
        const value = hostileText();
        return h.fake.autocomplete({
          name: command,
          options: [{ name: option, type: 3, value, focused: true }],
          focused: option,
          guild: random() < 0.7,
        });
      });
      for (const choices of await Promise.all(batch)) {
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const c of choices) {
          expect([...c.name].length).toBeGreaterThan(0);
          expect(c.name.length).toBeLessThanOrEqual(100);
          if (typeof c.value === 'string') expect(c.value.length).toBeLessThanOrEqual(100);
        }
      }
    }
    expect(h.fake.requests.filter((r) => r.status >= 400)).toEqual([]);
  });
});
