import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

/** Font family the local renderer asks for first; the fallbacks follow Chart.js's own list. */
export const RENDER_FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts'];

let checked: boolean | undefined;

/**
 * Makes sure the canvas has at least one font. @napi-rs/canvas reads the system's fonts itself;
 * where it found none, DejaVu is loaded from the usual folders. Returns false when there is still
 * no font: charts then render without text (bars and slices only) rather than fail; installing
 * `fonts-dejavu-core` fixes it. Never throws.
 */
export function ensureFonts(): boolean {
  if (checked !== undefined) return checked;
  try {
    if (GlobalFonts.families.length === 0) {
      for (const dir of FONT_DIRS) if (existsSync(dir)) GlobalFonts.loadFontsFromDir(dir);
    }
    checked = GlobalFonts.families.length > 0;
  } catch {
    checked = false;
  }
  return checked;
}
