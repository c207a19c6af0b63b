import type { Logger } from '../log/logger.js';

export interface ProcessHandlerOptions {
  readonly logger: Logger;
  /** Closes the bot; the process exits 0 once it resolves. */
  readonly stop: (reason: string) => Promise<void>;
  /** For tests: what to do instead of process.exit. */
  readonly exit?: (code: number) => void;
}

/**
 * SIGINT and SIGTERM stop the bot cleanly and exit 0 (a second signal exits at once);
 * unhandled rejections are logged and the bot stays up; an uncaught exception is logged and the
 * bot stops with exit code 1, since its state can no longer be trusted. Returns an uninstaller.
 */
export function installProcessHandlers(options: ProcessHandlerOptions): () => void {
  const { logger, stop } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let signalled = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn('second signal; exiting now', { signal });
      exit(1);
      return;
    }
    signalled = true;
    stop(signal).then(
      () => exit(0),
      (error: unknown) => {
        logger.error('could not stop cleanly', { err: error });
        exit(1);
      },
    );
  };
  const onRejection = (reason: unknown) => logger.error('unhandled promise rejection', { err: reason });
  const onException = (error: Error) => {
    logger.error('uncaught exception; stopping', { err: error });
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
