import { cite } from './cite.js';
import { compare } from './compare.js';
import type { RegisteredCommand } from './contract.js';
import { digest } from './digest.js';
import { helpCommand } from './help.js';
import { history } from './history.js';
import { keypoints } from './keypoints.js';
import { products } from './products.js';
import { rank } from './rank.js';
import { region } from './region.js';
import { sources } from './sources.js';
import { trade } from './trade.js';

/** Every command the bot has, listed statically: registration, the console and help all read this. */
export const commands: readonly RegisteredCommand[] = [
  trade,
  compare,
  history,
  products,
  region,
  rank,
  keypoints,
  digest,
  sources,
  cite,
  helpCommand(() => commands),
];
