/**
 * Each command's registration JSON (what Discord enforces) and its zod schema (what the app
 * enforces) are written side by side; these tests hold them to the same options, required-ness,
 * choices and bounds, so that neither can drift from the other.
 */
import { ApplicationCommandOptionType as T, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.js';

type Options = Record<string, string | number | boolean>;

interface Shape {
  readonly subcommand?: string;
  readonly options: readonly APIApplicationCommandBasicOption[];
}

/** The option sets a command accepts: one, or one per subcommand. */
function shapes(definition: (typeof commands)[number]['definition']): Shape[] {
  const options = definition.options ?? [];
  const subs = options.filter((o) => o.type === T.Subcommand);
  if (subs.length === 0) return [{ options: options as APIApplicationCommandBasicOption[] }];
  return subs.map((s) => ({ subcommand: s.name, options: s.type === T.Subcommand ? (s.options ?? []) : [] }));
}

/** A value Discord would send for the option. */
function valid(option: APIApplicationCommandBasicOption): string | number | boolean {
  switch (option.type) {
    case T.String:
      return option.choices?.[0]?.value ?? 'x'.repeat(option.min_length ?? 1);
    case T.Integer:
      return option.choices?.[0]?.value ?? option.min_value ?? 1;
    case T.Number:
      return option.min_value ?? 1;
    case T.Boolean:
      return true;
    case T.Channel:
      return '200000000000000001';
    default:
      throw new Error(`no sample for option type ${option.type}`);
  }
}

/** Values Discord itself would refuse, so the schema must refuse them too. */
function invalid(option: APIApplicationCommandBasicOption): (string | number | boolean)[] {
  switch (option.type) {
    case T.String: {
      if (option.choices) return ['not-one-of-the-choices'];
      const out: string[] = [];
      if (option.min_length) out.push('');
      if (option.max_length) out.push('x'.repeat(option.max_length + 1));
      return out;
    }
    case T.Integer:
      return [
        ...(option.min_value !== undefined ? [option.min_value - 1] : []),
        ...(option.max_value !== undefined ? [option.max_value + 1] : []),
        1.5,
      ];
    case T.Channel:
      return ['general', '0'];
    default:
      return [];
  }
}

/** Other values Discord would send, which the schema must accept. */
function alsoValid(option: APIApplicationCommandBasicOption): (string | number)[] {
  if (option.type === T.String)
    return [
      ...(option.choices?.map((c) => c.value) ?? []),
      ...(option.max_length && !option.choices ? ['x'.repeat(option.max_length)] : []),
    ];
  if (option.type === T.Integer) return [...(option.max_value !== undefined ? [option.max_value] : [])];
  return [];
}

function schemaKeys(schema: z.ZodType, subcommand: string | undefined): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    for (const option of schema.options) {
      if (option instanceof z.ZodObject && option.shape.subcommand?.safeParse(subcommand).success) {
        return Object.keys(option.shape).filter((k) => k !== 'subcommand');
      }
    }
  }
  throw new Error('a command schema is an object, or a union of objects by subcommand');
}

for (const command of commands) {
  const name = command.definition.name;
  describe(`/${name}: its schema accepts exactly what its definition declares`, () => {
    for (const shape of shapes(command.definition)) {
      const label = shape.subcommand ? ` ${shape.subcommand}` : '';
      const base: Options = Object.fromEntries([
        ...(shape.subcommand ? [['subcommand', shape.subcommand]] : []),
        ...shape.options.filter((o) => o.required).map((o) => [o.name, valid(o)]),
      ]);
      const accepts = (options: Options) => command.args.safeParse(options).success;

      it(`declares the same options as the schema${label}`, () => {
        expect(schemaKeys(command.args, shape.subcommand).sort()).toEqual(shape.options.map((o) => o.name).sort());
      });

      it(`accepts the required options alone, and refuses each one missing${label}`, () => {
        expect(accepts(base), JSON.stringify(base)).toBe(true);
        for (const option of shape.options.filter((o) => o.required)) {
          const { [option.name]: _left, ...rest } = base;
          expect(accepts(rest), `without ${option.name}`).toBe(false);
        }
      });

      it(`accepts each optional option, every choice and both bounds${label}`, () => {
        for (const option of shape.options) {
          for (const value of [valid(option), ...alsoValid(option)]) {
            expect(accepts({ ...base, [option.name]: value }), `${option.name}=${String(value)}`).toBe(true);
          }
        }
      });

      it(`refuses what Discord would refuse${label}`, () => {
        for (const option of shape.options) {
          for (const value of invalid(option)) {
            expect(accepts({ ...base, [option.name]: value }), `${option.name}=${JSON.stringify(value)}`).toBe(false);
          }
        }
      });
    }
  });
}
