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

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves when stdout or stderr (so far or later) matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(script: string, env: Record<string, string>, args: string[] = []): Running {
  const cwd = mkdtempSync(join(tmpdir(), 'trade-bot-'));
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, script), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          if (pattern.test(running.stdout) || pattern.test(running.stderr)) {
            cleanup();
            resolvePromise();
          }
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`process exited before ${pattern} appeared:\n${running.stdout}\n${running.stderr}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${pattern} did not appear within ${timeoutMs} ms:\n${running.stdout}\n${running.stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        child.on('exit', onExit);
        check();
      });
    },
    exited: new Promise((resolvePromise) => child.on('close', (code, signal) => resolvePromise({ code, signal }))),
  };
  child.stdout!.on('data', (d) => (running.stdout += d));
  child.stderr!.on('data', (d) => (running.stderr += d));
  return running;
}

/** Runs to the end and returns what it printed. */
export async function run(script: string, env: Record<string, string>, args: string[] = []) {
  const running = start(script, env, args);
  running.child.stdin!.end();
  const { code } = await running.exited;
  return { code, stdout: running.stdout, stderr: running.stderr };
}
