import { LIMITS } from '../format/limits.js';

/** Discord refuses an embed whose image URL is longer than this (an API error, not in its docs). */
export const EMBED_IMAGE_URL_MAX: number = LIMITS.imageUrl;

/** True when Discord accepts this as an embed image URL, as far as length goes. */
export function fitsEmbedImageUrl(url: string): boolean {
  return url.length <= EMBED_IMAGE_URL_MAX;
}
