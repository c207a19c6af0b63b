import { fileURLToPath } from 'node:url';

/**
 * Whether this process runs the compiled build (dist/, plain node: `npm start`) rather than the
 * sources through tsx (`npm run dev`, the tests): tsc writes .js files, tsx runs the .ts ones.
 */
export const COMPILED = import.meta.url.endsWith('.js');

/**
 * The checkout's root, where data/ is: two folders up from src/config/, three from
 * dist/src/config/. Files that ship beside the code are found from here, never from the cwd.
 */
export const PROJECT_ROOT = fileURLToPath(new URL(COMPILED ? '../../../' : '../../', import.meta.url));
