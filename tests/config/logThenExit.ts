/**
 * A child for the logger test: logs `count` numbered lines to stderr, 100 per turn of the event
 * loop so that batches are on their way, then exits through exitAfterFlush with code 3.
 */
import { createLogger, exitAfterFlush } from '../../src/log/logger.js';

const count = Number(process.argv[2]);
const log = createLogger({ level: 'info' });
for (let n = 0; n < count; n++) {
  log.info({ n }, 'line');
  if (n % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
}
await exitAfterFlush(log, 3);
