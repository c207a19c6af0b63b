import { createCanvas, loadImage } from '@napi-rs/canvas';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** [r, g, b, a] at (x, y). */
  at(x: number, y: number): [number, number, number, number];
  /** How many pixels in the rectangle have exactly this colour ("#rrggbb", opaque). */
  count(hex: string, box?: Box): number;
  /** True when the pixel is within `tolerance` of the colour in every channel (edges are anti-aliased). */
  near(x: number, y: number, hex: string, tolerance: number): boolean;
  /** How many different colours the image has. */
  distinctColours(): number;
  /** How many pixels in the rectangle are dark grey text (r = g = b, under 0x99). */
  textPixels(box: Box): number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Decodes a PNG the way a viewer would, to look at what was actually drawn. */
export async function decodePng(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, image.width, image.height);
  const rgba = (x: number, y: number): [number, number, number, number] => {
    const i = (y * width + x) * 4;
    return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
  };
  const each = (box: Box | undefined, f: (p: [number, number, number, number]) => void) => {
    const b = box ?? { x: 0, y: 0, w: width, h: height };
    for (let y = b.y; y < Math.min(height, b.y + b.h); y++) for (let x = b.x; x < Math.min(width, b.x + b.w); x++) f(rgba(x, y));
  };
  return {
    width,
    height,
    at: rgba,
    count(hex, box) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let n = 0;
      each(box, (p) => {
        if (p[0] === r && p[1] === g && p[2] === b && p[3] === 255) n++;
      });
      return n;
    },
    near(x, y, hex, tolerance) {
      const p = rgba(x, y);
      return [1, 3, 5].every((i, c) => Math.abs(parseInt(hex.slice(i, i + 2), 16) - p[c]!) <= tolerance);
    },
    distinctColours() {
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4)
        seen.add(((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0);
      return seen.size;
    },
    textPixels(box) {
      let n = 0;
      each(box, (p) => {
        if (p[0] === p[1] && p[1] === p[2] && p[0] < 0x99 && p[3] === 255) n++;
      });
      return n;
    },
  };
}
