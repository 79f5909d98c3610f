/**
 * Colours as a screenshot shows them: a PNG decoder (8-bit RGB or RGBA, not interlaced: what Chromium
 * captures) and WCAG 2 contrast, so a test judges the pixels the browser drew, not the CSS we wrote.
 */
import { inflateSync } from "node:zlib";

export type Rgb = [number, number, number];

export interface Image {
  width: number;
  height: number;
  pixel(x: number, y: number): Rgb;
}

export function decodePng(png: Buffer): Image {
  let offset = 8;
  let width = 0, height = 0, channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colourType !== 2 && colourType !== 6)) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${interlace}`);
      channels = colourType === 6 ? 4 : 3;
    } else if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? out[y * stride + i - channels]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      out[y * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => {
      const at = y * stride + x * channels;
      return [out[at]!, out[at + 1]!, out[at + 2]!];
    },
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function luminance([r, g, b]: Rgb): number {
  const linear = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const hex = (c: Rgb) => `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;

/** "rgb(126, 135, 148)" (a computed colour) as numbers. */
export function parseRgb(css: string): Rgb {
  const parts = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!parts) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/**
 * The colours of a small image: its background (the top-left corner's) and the colour drawn most often
 * other than it (a shield's fill or outline; edges blend, so each blend is rare).
 */
export function iconColours(image: Image): { background: Rgb; icon: Rgb } {
  const background = image.pixel(0, 0);
  const counts = new Map<string, { colour: Rgb; n: number }>();
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const c = image.pixel(x, y);
      if (c.every((v, i) => v === background[i])) continue;
      const key = c.join();
      const entry = counts.get(key) ?? { colour: c, n: 0 };
      entry.n++;
      counts.set(key, entry);
    }
  }
  const top = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  if (!top) throw new Error("the image has one colour only: no icon drawn");
  return { background, icon: top.colour };
}
