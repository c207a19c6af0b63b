import { afterEach, describe, expect, it } from 'vitest';
import { installProcessHandlers } from '../../src/discord/process.js';
import { memoryLog } from '../support/logs.js';

/** The handler installed last for an event: called directly, so vitest's own listeners never fire. */
const last = (event: string) => process.listeners(event as 'SIGTERM').at(-1) as (...args: unknown[]) => void;

let uninstall = () => {};
afterEach(() => uninstall());

function setup() {
  const log = memoryLog();
  const exits: number[] = [];
  const stops: string[] = [];
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  uninstall = installProcessHandlers({
    logger: log.logger,
    stop: async (reason) => {
      stops.push(reason);
      await stopped;
    },
    exit: (code) => exits.push(code),
  });
  return { log, exits, stops, release };
}

describe('process handlers', () => {
  it.each(['SIGINT', 'SIGTERM'])('stop the bot on %s and exit 0 once it has stopped', async (signal) => {
    const { exits, stops, release } = setup();
    last(signal)(signal);
    expect(stops).toEqual([signal]);
    expect(exits).toEqual([]);
    release();
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([0]);
  });

  it('exit at once on a second signal', () => {
    const { exits } = setup();
    last('SIGINT')('SIGINT');
    last('SIGINT')('SIGINT');
    expect(exits).toEqual([1]);
  });

  it('log an unhandled rejection with its stack and keep the bot up', () => {
    const { log, exits, stops } = setup();
    last('unhandledRejection')(new Error('nobody caught me'), Promise.resolve());
    expect(log.records).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'unhandled promise rejection',
        err: expect.objectContaining({ message: 'nobody caught me', stack: expect.stringMatching(/^Error: nobody caught me\n\s+at /) }),
      }),
    ]);
    expect(stops).toEqual([]);
    expect(exits).toEqual([]);
  });

  it('stop with exit code 1 after an uncaught exception', async () => {
    const { log, exits, release } = setup();
    last('uncaughtException')(new Error('corrupt state'));
    release();
    await new Promise((r) => setImmediate(r));
    expect(log.matching({ level: 'error', msg: 'uncaught exception; stopping', err: { message: 'corrupt state' } })).toHaveLength(1);
    expect(exits).toEqual([1]);
  });

  it.each([
    [1, [1]],
    [0, []],
  ])('exit with the code of a bot that stopped by itself (%i)', async (exitCode, expected) => {
    let settle!: (s: { exitCode: number }) => void;
    const stopped = new Promise<{ exitCode: number }>((r) => (settle = r));
    const exits: number[] = [];
    uninstall = installProcessHandlers({
      logger: memoryLog().logger,
      stop: async () => undefined,
      stopped,
      exit: (code) => exits.push(code),
    });
    // The bot uninstalls the handlers as the last step of stopping, before `stopped` settles.
    uninstall();
    settle({ exitCode });
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual(expected);
  });

  it('can be removed again', () => {
    const before = process.listenerCount('SIGTERM');
    setup();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    uninstall();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
