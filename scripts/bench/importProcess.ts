/**
 * The import in a process of its own, for scripts/bench/import.ts: runs the CLI exactly as
 * `npm run import` would, then reports its time, its exit code and the process's peak RSS.
 */
import { runImportCli } from '../../src/import/cli.js';

const start = performance.now();
let out = '';
let err = '';
const code = await runImportCli(process.argv.slice(2), {
  out: (text) => (out += text),
  err: (text) => (err += text),
  progress: false,
  now: () => new Date(),
});
const ms = performance.now() - start;
process.send?.({ type: 'done', code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, out, err: err.slice(0, 4000) });
