/**
 * What every part of the bench shares: percentiles, bounded timing loops, and child processes
 * that report over IPC and are always killed, even when the bench fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** tsx's loader by absolute URL, so that a child can run in a folder of its own. */
const TSX = import.meta.resolve('tsx');

// ---- statistics -------------------------------------------------------------------------------

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles of the samples (any unit). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export const median = (values: readonly number[]) => summarize(values).p50;

/**
 * Several batches summarised as one: the median batch's p50 and p99. On a shared machine a batch
 * that another process preempted for a few ms would otherwise own the p99 of a µs-scale call.
 */
export function medianOfBatches(batches: readonly Summary[]): Summary {
  return {
    n: batches.reduce((n, b) => n + b.n, 0),
    p50: median(batches.map((b) => b.p50)),
    p99: median(batches.map((b) => b.p99)),
    max: Math.max(...batches.map((b) => b.max)),
  };
}

/** Microseconds since `start` (a process.hrtime.bigint() reading). */
export const usSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1000;

export interface LoopBounds {
  /** Calls made and thrown away first (JIT, caches). */
  readonly warmup: number;
  /** At most this many timed calls... */
  readonly max: number;
  /** ...and no more once this much time has gone by. */
  readonly budgetMs: number;
}

/** Times `fn(i)` call by call, in microseconds; awaits it only when it returns a promise. */
export async function timeCalls(fn: (i: number) => unknown, bounds: LoopBounds): Promise<number[]> {
  for (let i = 0; i < bounds.warmup; i++) {
    const r = fn(i);
    if (r instanceof Promise) await r;
  }
  const samples: number[] = [];
  const deadline = performance.now() + bounds.budgetMs;
  for (let i = 0; i < bounds.max && performance.now() < deadline; i++) {
    const start = process.hrtime.bigint();
    const r = fn(bounds.warmup + i);
    if (r instanceof Promise) await r;
    samples.push(usSince(start));
  }
  return samples;
}

// ---- child processes ----------------------------------------------------------------------------

export type Message = { readonly type: string } & Record<string, unknown>;

/** In a child: send a message to the bench parent (and exit if the parent is gone). */
export function report(message: Message): void {
  process.send?.(message);
}

export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
}

export interface Child {
  readonly proc: ChildProcess;
  /** performance.now() in the parent just before the child was spawned. */
  readonly spawnedAt: number;
  /** The first message of this type (already received or to come); rejects if the child exits first. */
  next<T extends Message>(type: string, timeoutMs: number): Promise<T>;
  send(message: Message): void;
  /** Asks the child to stop, then kills it if it has not exited within a second. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
const folders = new Set<string>();

/** Kills every child still running and removes their folders: on exit, signals and failures. */
export function killChildren(): void {
  for (const proc of live) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  live.clear();
  for (const path of folders) rmSync(path, { recursive: true, force: true });
  folders.clear();
}

/** In the parent: kill the children however the bench ends. */
export function killChildrenOnExit(): void {
  process.on('exit', killChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killChildren();
      process.exit(130);
    });
  }
}

const tail = (path: string) => {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
};

/**
 * Runs `node --import tsx <script> ...args` (or plain node) with an IPC channel, as the e2e tests run the bot: in
 * an empty temporary folder (no developer's .env is read; var/ is created there) with only PATH,
 * HOME and the settings given. Its stderr (the bot's log lines) goes to a file in that folder, not
 * through the parent, so the bot's logging costs the fake Discord nothing.
 */
export function startChild(
  script: string,
  args: readonly string[],
  options: {
    readonly nodeArgs?: readonly string[];
    readonly env?: Record<string, string>;
    /** false: plain node, for a compiled script (dist/src/main.js as `npm start` runs it). */
    readonly tsx?: boolean;
  } = {},
): Child {
  const cwd = mkdtempSync(join(tmpdir(), 'trade-bot-bench-'));
  folders.add(cwd);
  const logPath = join(cwd, 'stderr.log');
  const logFd = openSync(logPath, 'w');
  const spawnedAt = performance.now();
  const proc = fork(script, [...args], {
    cwd,
    execArgv: [...(options.tsx === false ? [] : ['--import', TSX]), ...(options.nodeArgs ?? [])],
    stdio: ['ignore', 'ignore', logFd, 'ipc'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
  });
  closeSync(logFd);
  live.add(proc);
  const received: Message[] = [];
  const waiting = new Set<() => void>();
  let exited: string | null = null;
  proc.on('message', (m) => {
    received.push(m as Message);
    for (const wake of waiting) wake();
  });
  proc.on('exit', (code, signal) => {
    live.delete(proc);
    exited = `${script} ${args.join(' ')} exited (${signal ?? `code ${code}`})`;
    for (const wake of waiting) wake();
  });
  const failure = (why: string) => new Error(`${why}\n--- its last log lines ---\n${tail(logPath)}`);

  return {
    proc,
    spawnedAt,
    send: (message) => void proc.send(message),
    next<T extends Message>(type: string, timeoutMs: number) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => done(failure(`no '${type}' from ${script} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          const i = received.findIndex((m) => m.type === type);
          if (i >= 0) done(null, received.splice(i, 1)[0] as T);
          else if (received.some((m) => m.type === 'error'))
            done(failure(`${script} failed: ${String(received.find((m) => m.type === 'error')!.message)}`));
          else if (exited) done(failure(exited));
        };
        const done = (error: Error | null, value?: T) => {
          clearTimeout(timer);
          waiting.delete(check);
          if (error) reject(error);
          else resolve(value!);
        };
        waiting.add(check);
        check();
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      if (proc.connected) proc.send({ type: 'stop' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), 1000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** In a child: turn a crash into an 'error' message for the parent, then exit non-zero. */
export function reportFailures(): void {
  const fail = (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    report({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    setTimeout(() => process.exit(1), 50);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
