/**
 * Runs one of the project's entry points as a user would (`npm start`, `npm run deploy-commands`):
 * a separate Node process through tsx, with only the settings given. It runs in an empty temporary
 * folder, so a developer's own .env in the checkout is never read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describePattern, matches, parseOutput, type LogRecord, type RecordPattern, type WaitOptions } from './logs.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

const label = (what: RegExp | RecordPattern) => (what instanceof RegExp ? String(what) : describePattern(what));

export interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves when stdout or stderr (so far or later) matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The log records on stderr so far: its JSON lines, parsed. */
  records(): LogRecord[];
  /** The lines on stderr that are not log records: the one-line errors written before or around the logger. */
  plainLines(): string[];
  /** Resolves with the `count`-th (by default the first) matching record on stderr, so far or later. */
  waitForRecord(pattern: RecordPattern, options?: Omit<WaitOptions, 'since'>): Promise<LogRecord>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(script: string, env: Record<string, string>, args: string[] = []): Running {
  return startNode(['--import', TSX, join(ROOT, script), ...args], env);
}

/** The same, for a compiled entry (no loader): `node dist/src/main.js`, as `npm start` runs it. */
export function startCompiled(entry: string, env: Record<string, string>, args: string[] = []): Running {
  return startNode([entry, ...args], env);
}

function startNode(argv: readonly string[], env: Record<string, string>): Running {
  const cwd = mkdtempSync(join(tmpdir(), 'trade-bot-'));
  const child = spawn(process.execPath, argv, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    async waitFor(pattern, timeoutMs = 30_000) {
      await waitUntil(pattern, () => (pattern.test(running.stdout) || pattern.test(running.stderr) ? true : undefined), timeoutMs);
    },
    records: () => parseOutput(running.stderr).records,
    plainLines: () => parseOutput(running.stderr).plain,
    waitForRecord(pattern, { count = 1, timeoutMs = 30_000 } = {}) {
      return waitUntil(pattern, () => running.records().filter((r) => matches(r, pattern))[count - 1], timeoutMs);
    },
    exited: new Promise((resolvePromise) => child.on('close', (code, signal) => resolvePromise({ code, signal }))),
  };
  /** Resolves with what `found` returns once it returns something, checking again on each chunk of output. */
  function waitUntil<T>(what: RegExp | RecordPattern, found: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        const value = found();
        if (value !== undefined) {
          cleanup();
          resolvePromise(value);
        }
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`process exited before ${label(what)} appeared:\n${running.stdout}\n${running.stderr}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${label(what)} did not appear within ${timeoutMs} ms:\n${running.stdout}\n${running.stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.stderr.off('data', check);
        child.off('exit', onExit);
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.on('exit', onExit);
      check();
    });
  }
  child.stdout.on('data', (d) => (running.stdout += d));
  child.stderr.on('data', (d) => (running.stderr += d));
  return running;
}

/** Runs to the end and returns what it printed; `input` is its stdin. */
export async function run(script: string, env: Record<string, string>, args: string[] = [], input = '') {
  return finished(start(script, env, args), input);
}

/** A started process run to the end with `input` on its stdin. */
export async function finished(running: Running, input = '') {
  running.child.stdin!.end(input);
  const { code } = await running.exited;
  return { code, stdout: running.stdout, stderr: running.stderr };
}
