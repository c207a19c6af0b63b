import { exitAfterFlush, type Logger } from '../log/logger.js';

export interface ProcessHandlerOptions {
  readonly logger: Logger;
  /** Closes the bot; the process exits 0 once it resolves. */
  readonly stop: (reason: string) => Promise<void>;
  /**
   * Settles when the bot has stopped, whoever stopped it. A non-zero exit code (Discord refused
   * the token) exits the process with it: a supervisor must not read that as a clean stop.
   */
  readonly stopped?: Promise<{ readonly exitCode: number }>;
  /** For tests: what to do instead of process.exit. */
  readonly exit?: (code: number) => void;
}

/** How one process (a bot, or the shard manager) ends on a signal or a fault. */
export interface SignalOptions {
  readonly logger: Logger;
  /** The clean stop, given why; resolves when it is done. */
  readonly stop: (reason: string) => Promise<void>;
  /** Ends the process with this code, once stopped or when a second signal or a fault cuts the stop short. */
  readonly end: (code: number, how: 'stopped' | 'cut short') => void;
  /** What is stopping, for the log: "the bot", "the shards". */
  readonly what: string;
}

/**
 * SIGINT and SIGTERM stop cleanly and end with 0; a second signal ends at once with 1; an
 * uncaught exception is logged and stops with 1, since the process's state can no longer be
 * trusted; an unhandled rejection is logged and the process stays up. Returns an uninstaller
 * and `signal`, to start the same stop from code.
 */
export function onSignals(options: SignalOptions): {
  readonly signal: (reason: string, code?: number) => void;
  readonly uninstall: () => void;
} {
  const { logger, stop, end, what } = options;
  let signalled = false;
  const signal = (reason: string, code = 0) => {
    if (signalled) {
      logger.warn({ signal: reason }, `second signal; ending ${what} now`);
      end(1, 'cut short');
      return;
    }
    signalled = true;
    stop(reason).then(
      () => end(code, 'stopped'),
      (error: unknown) => {
        logger.error({ err: error }, `could not stop ${what} cleanly`);
        end(1, 'cut short');
      },
    );
  };
  const onSignal = (name: NodeJS.Signals) => signal(name);
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection');
  const onException = (error: Error) => {
    logger.error({ err: error }, 'uncaught exception; stopping');
    if (!signalled) signal('uncaught exception', 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    signal,
    uninstall: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/**
 * The bot's process handlers (see onSignals), and a bot that stopped by itself with a non-zero
 * exit code (Discord refused the token) exits with it. Returns an uninstaller.
 */
export function installProcessHandlers(options: ProcessHandlerOptions): () => void {
  const { logger, stop } = options;
  const exit = options.exit ?? ((code: number) => void exitAfterFlush(logger, code));
  // Not undone by the uninstaller: the bot uninstalls these handlers as its last step of stopping.
  void options.stopped?.then(({ exitCode }) => {
    if (exitCode !== 0) exit(exitCode);
  });
  return onSignals({ logger, stop, end: (code) => exit(code), what: 'the bot' }).uninstall;
}
