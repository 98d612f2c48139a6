import zlib from "node:zlib";

/** An RGB image in memory, 3 bytes per pixel, rows top to bottom. */
export interface Raster {
  width: number;
  height: number;
  pixels: Buffer;
}

/** A rectangle; units depend on the caller (PDF points or pixels), origin top left. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Converts RGBA (canvas ImageData, decoded TIFF) to RGB on white: transparent pixels become white. */
export function rasterFromRgba(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Raster {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0, j = 0; j < pixels.length; i += 4, j += 3) {
    const a = rgba[i + 3] / 255;
    pixels[j] = Math.round(rgba[i] * a + 255 * (1 - a));
    pixels[j + 1] = Math.round(rgba[i + 1] * a + 255 * (1 - a));
    pixels[j + 2] = Math.round(rgba[i + 2] * a + 255 * (1 - a));
  }
  return { width, height, pixels };
}

/** Paints `boxes` black; `scaleX`/`scaleY` convert box units to pixels. */
export function paintBlack(raster: Raster, boxes: Box[], scaleX = 1, scaleY = 1): void {
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x0 * scaleX));
    const x1 = Math.min(raster.width, Math.ceil(b.x1 * scaleX));
    const y0 = Math.max(0, Math.floor(b.y0 * scaleY));
    const y1 = Math.min(raster.height, Math.ceil(b.y1 * scaleY));
    if (x1 <= x0) continue;
    for (let y = y0; y < y1; y++) raster.pixels.fill(0, (y * raster.width + x0) * 3, (y * raster.width + x1) * 3);
  }
}

/** Nearly all pixels white: a blank page. */
export function isBlank(raster: Raster): boolean {
  let dark = 0;
  const p = raster.pixels;
  for (let i = 0; i < p.length; i += 3) if (p[i] + p[i + 1] + p[i + 2] < 600) dark++;
  return dark / (raster.width * raster.height) < 0.001;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** Encodes an RGB raster as PNG (no filter, deflate). */
export function encodePng(raster: Raster): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(raster.width, 0);
  header.writeUInt32BE(raster.height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const stride = raster.width * 3;
  const rows = Buffer.alloc((stride + 1) * raster.height);
  for (let y = 0; y < raster.height; y++) {
    rows[y * (stride + 1)] = 0; // filter: none
    raster.pixels.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", zlib.deflateSync(rows, { level: 6 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
