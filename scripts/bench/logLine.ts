/**
 * `node --import tsx scripts/bench/logLine.ts`: what the per-interaction log line costs at info,
 * through the bot's own logger (token configured, asynchronous stderr), in a child process whose
 * stderr is a pipe this process drains, as a supervisor's would be. The lines go out 1 and then
 * 25 per turn of the event loop (one interaction at a time; 25 in flight), so that the writes
 * happen as they would between interactions. Prints, per line, the time of the call itself and
 * the process's CPU time with the background writes and the loop turns included.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../src/log/logger.js';

const LINES = 200_000;
const WARMUP = 20_000;
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.secret-part-of-the-token-0123456789';

if (process.argv[2] !== 'child') {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'child'], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let bytes = 0;
  child.stderr.on('data', (chunk: Buffer) => (bytes += chunk.length));
  child.on('close', (code) => {
    process.stdout.write(`stderr received: ${(bytes / 1e6).toFixed(1)} MB\n`);
    process.exitCode = code ?? 1;
  });
} else {
  const log = createLogger({ level: 'info', secrets: [TOKEN] });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const flushed = () => new Promise<void>((resolve) => log.flush(() => resolve()));
  const interaction = (i: number) => log.info({ command: 'trade', guild: '123456789012345678', ms: i % 40, outcome: 'ok' }, 'interaction');

  for (let i = 0; i < WARMUP; i++) {
    interaction(i);
    if (i % 25 === 0) await turn();
  }
  await flushed();

  for (const perTurn of [1, 25]) {
    let inCalls = 0n;
    const cpu = process.cpuUsage();
    for (let i = 0; i < LINES; i += perTurn) {
      const started = process.hrtime.bigint();
      for (let j = i; j < i + perTurn; j++) interaction(j);
      inCalls += process.hrtime.bigint() - started;
      await turn();
    }
    await flushed();
    const used = process.cpuUsage(cpu);
    const micros = (value: number) => `${value.toFixed(2)} µs`;
    process.stdout.write(
      `${perTurn} per loop turn: call ${micros(Number(inCalls) / 1000 / LINES)}, ` +
        `process CPU ${micros((used.user + used.system) / LINES)} per line (writes and loop turns included)\n`,
    );
  }
}
