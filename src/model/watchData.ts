import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` for every change to a JSON file in the data folder or its figures/ and imports/. It does not wait for the
 * edits to settle: an editor writes a file in several steps, so pass the calls to a Reloader
 * (figuresStore.ts), which turns a burst of them into one reload.
 */
export function watchDataDir(dir: string, onChange: () => void): { close(): void } {
  let watcher: FSWatcher | undefined;
  try {
    // Recursive: the figures live in figures/ and imports/, one file per release or import.
    watcher = watch(dir, { persistent: false, recursive: true }, (_event, file) => {
      if (file && !String(file).endsWith('.json')) return;
      onChange();
    });
  } catch {
    // No file watching on this system: SIGHUP still reloads.
  }
  return {
    close() {
      watcher?.close();
    },
  };
}
