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

/**
 * SIGINT and SIGTERM stop the bot cleanly and exit 0 (a second signal exits at once);
 * unhandled rejections are logged and the bot stays up; an uncaught exception is logged and the
 * bot stops with exit code 1, since its state can no longer be trusted; a bot that stopped by
 * itself with a non-zero exit code exits with it. Returns an uninstaller.
 */
export function installProcessHandlers(options: ProcessHandlerOptions): () => void {
  const { logger, stop } = options;
  const exit = options.exit ?? ((code: number) => void exitAfterFlush(logger, code));
  let signalled = false;
  // Not undone by the uninstaller: the bot uninstalls these handlers as its last step of stopping.
  void options.stopped?.then(({ exitCode }) => {
    if (exitCode !== 0) exit(exitCode);
  });

  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal; exiting now');
      exit(1);
      return;
    }
    signalled = true;
    stop(signal).then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'could not stop cleanly');
        exit(1);
      },
    );
  };
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection');
  const onException = (error: Error) => {
    logger.error({ err: error }, 'uncaught exception; stopping');
    stop('uncaught exception').finally(() => exit(1));
  };

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
