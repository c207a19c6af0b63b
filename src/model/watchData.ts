import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` once after edits to the data folder settle: editors write a file in several
 * steps, and a reload halfway through would only be refused.
 */
export function watchDataDir(dir: string, onChange: () => void, settleMs = 500): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, (_event, file) => {
      if (file && !String(file).endsWith('.json')) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, settleMs);
      timer.unref();
    });
  } catch {
    // No file watching on this system: SIGHUP still reloads.
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
