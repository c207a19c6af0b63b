import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Invocation } from '../core/invocation.js';
import type { CommandResult, ReplyFile } from '../core/reply.js';
import type { App } from '../app/types.js';
import type { LogFields } from '../log/logger.js';
import { finishResult } from '../app/finish.js';
import { ephemeralReply } from '../format/replies.js';
import type { Resolution } from '../model/views.js';
import { parseLine, vocabularyOf } from './parseLine.js';
import { renderText } from './renderText.js';

export interface ConsoleOptions {
  readonly app: App;
  readonly input: Readable;
  readonly output: Writable;
  /** Print each reply as one line of the JSON Discord would receive, instead of text. */
  readonly json: boolean;
  /** Where locally rendered charts are written. */
  readonly filesDir: string;
  /** Where a reply's CSV file is written, under its own name (default: the current directory). */
  readonly csvDir?: string;
  /** Where --json mode says where a CSV file went, so stdout stays one JSON reply a line (default: stderr). */
  readonly errorOutput?: Writable;
  /** Printed once before the first prompt (text mode only). */
  readonly banner?: string;
  /** Where a command's internal error goes, with its stack. */
  readonly log?: { error(fields: LogFields, message: string): void };
  /** The model's reading of a typed name, so that the short form can tell a country from a region. */
  readonly resolve?: (text: string) => Resolution;
}

const CONSOLE_USER: Invocation = { userId: 'console', guildId: null, channelId: null, memberPermissions: null };

/** A CSV of a reply's figures, as opposed to a chart: written under its own name, for a person to open. */
const isCsv = (file: ReplyFile) => file.name.endsWith('.csv');

/** Writes each CSV file under its own name (asking again replaces the file: it is the same reply) and gives their paths. */
async function saveCsv(dir: string, files: readonly ReplyFile[]): Promise<string[]> {
  if (files.length === 0) return [];
  await mkdir(dir, { recursive: true });
  return Promise.all(
    files.map(async (file) => {
      const path = resolve(join(dir, file.name));
      await writeFile(path, file.data);
      return path;
    }),
  );
}

async function saveFiles(dir: string, files: readonly ReplyFile[] | undefined, stamp: number): Promise<string[]> {
  if (!files || files.length === 0) return [];
  await mkdir(dir, { recursive: true });
  return Promise.all(
    files.map(async (file) => {
      const path = resolve(join(dir, `${stamp}-${file.name}`));
      await writeFile(path, file.data);
      return path;
    }),
  );
}

/**
 * Reads slash commands from a stream, one a line, and prints each reply: the same `App` the
 * gateway uses, so what the console shows is what Discord would get. Resolves at end of input.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { app, output, json } = options;
  const write = (text: string) => output.write(`${text}\n`);
  if (!json && options.banner) write(options.banner);
  const lines = createInterface({ input: options.input, crlfDelay: Infinity, terminal: false });
  let count = 0;
  for await (const line of lines) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    count++;
    const parsed = parseLine(line, app.definitions, options.resolve && vocabularyOf(app, options.resolve, CONSOLE_USER));
    let result: CommandResult;
    if (!parsed.ok) {
      result = finishResult(ephemeralReply(parsed.error));
    } else {
      const outcome = await app.handle(parsed.name, parsed.options, CONSOLE_USER);
      if (outcome.kind === 'internal-error') {
        options.log?.error({ command: parsed.name, err: outcome.error }, 'command failed');
      }
      result = outcome.result;
    }
    const paths = await saveFiles(
      options.filesDir,
      result.files?.filter((f) => !isCsv(f)),
      count,
    );
    const csvPaths = await saveCsv(options.csvDir ?? process.cwd(), result.files?.filter(isCsv) ?? []);
    if (json) {
      write(JSON.stringify(result.data));
      for (const path of csvPaths) (options.errorOutput ?? process.stderr).write(`CSV: ${path}\n`);
      if (result.post) write(JSON.stringify({ post: { channel_id: result.post.channelId, message: result.post.message.data } }));
    } else {
      write(renderText(result.data, paths));
      for (const path of csvPaths) write(`CSV: ${path}`);
      if (result.post) {
        write(`(In Discord this would be posted to channel ${result.post.channelId}:)`);
        write(renderText(result.post.message.data));
      }
      write('');
    }
  }
}
