/**
 * Imports downloaded datasets into data/ (or --data <dir>).
 * Run: npm run import -- comtrade <file.csv>... [--data <dir>]
 */
import { runImportCli } from '../src/import/cli.js';

try {
  process.exitCode = await runImportCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: process.stderr.isTTY === true,
    now: () => new Date(),
  });
} catch (error) {
  // A write that failed (a full disk, no permission): the file being written was a temporary one.
  process.stderr.write(`import failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
