import { rasterFromRgba, type Raster } from "./raster";

/**
 * Decodes the image attachments authorities send (PNG, JPEG, TIFF) into RGB
 * rasters, one per page (a TIFF can hold many pages, as fax and copier
 * scans do). Decoders are pure JavaScript (pngjs, jpeg-js, utif2): a
 * damaged file throws an error instead of crashing the process, as native
 * decoders can (@napi-rs/canvas's loadImage segfaults on a truncated PNG).
 * Large images are scaled down so a page never costs more than `maxPixels`.
 */

export const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/tiff"]);

export const isImageType = (contentType: string) => IMAGE_TYPES.has(contentType.toLowerCase().split(";")[0].trim());

export class ImageError extends Error {}

export interface DecodeOptions {
  /** Pages decoded at most (a TIFF with more pages is reported, not decoded). */
  maxPages?: number;
  /** Pixels per page after scaling down. */
  maxPixels?: number;
  /** Refuse an image whose declared size is larger than this before decoding (decompression bombs). */
  maxDeclaredPixels?: number;
}

export interface DecodedImage {
  pages: Raster[];
  /** Number of pages in the file (more than decoded when over `maxPages`). */
  pageCount: number;
}

/** RGBA → RGB on white, averaged down by an integer factor so the result fits `maxPixels`. */
function fit(width: number, height: number, rgba: Uint8Array, maxPixels: number): Raster {
  const factor = Math.max(1, Math.ceil(Math.sqrt((width * height) / maxPixels)));
  if (factor === 1) return rasterFromRgba(width, height, rgba);
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const out = new Uint8Array(w * h * 4);
  const n = factor * factor;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * width + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, i += 4) {
          r += rgba[i];
          g += rgba[i + 1];
          b += rgba[i + 2];
          a += rgba[i + 3];
        }
      }
      const o = (y * w + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = a / n;
    }
  return rasterFromRgba(w, h, out);
}

function isTiff(bytes: Uint8Array): boolean {
  return (bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 0x2a && bytes[3] === 0) || (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 0x2a);
}

/** Decodes `bytes`; throws ImageError with a reader-facing reason when the file is not a usable image. */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const maxPages = options.maxPages ?? 100;
  const maxPixels = options.maxPixels ?? 12_000_000;
  const maxDeclared = options.maxDeclaredPixels ?? 200_000_000;
  if (bytes.length < 8) throw new ImageError("the image file is empty or truncated");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isTiff(bytes)) {
    const UTIF = (await import("utif2")).default;
    let ifds: ReturnType<typeof UTIF.decode>;
    try {
      ifds = UTIF.decode(buffer).filter((ifd) => ifd.t256 && ifd.t257);
    } catch (e) {
      throw new ImageError(`the TIFF image could not be read (${(e as Error).message})`);
    }
    if (ifds.length === 0) throw new ImageError("the TIFF image has no pages");
    if (ifds.length > maxPages) return { pages: [], pageCount: ifds.length };
    const pages: Raster[] = [];
    for (const ifd of ifds) {
      const width = Number((ifd.t256 as number[])[0]);
      const height = Number((ifd.t257 as number[])[0]);
      if (!(width > 0 && height > 0) || width * height > maxDeclared) throw new ImageError(`a TIFF page declares ${width}×${height} pixels, too large`);
      let rgba: Uint8Array;
      try {
        UTIF.decodeImage(buffer, ifd);
        rgba = UTIF.toRGBA8(ifd);
      } catch (e) {
        throw new ImageError(`the TIFF image could not be decoded (${(e as Error).message})`);
      }
      if (rgba.length < width * height * 4) throw new ImageError("the TIFF image is truncated");
      pages.push(fit(width, height, rgba, maxPixels));
    }
    return { pages, pageCount: ifds.length };
  }
  const declared = declaredSize(bytes);
  if (declared && declared.width * declared.height > maxDeclared) throw new ImageError(`the image declares ${declared.width}×${declared.height} pixels, too large`);
  if (buffer.readUInt32BE(0) === 0x89504e47) {
    const { PNG } = await import("pngjs");
    let png: { width: number; height: number; data: Buffer };
    try {
      png = PNG.sync.read(buffer);
    } catch (e) {
      throw new ImageError(`the image could not be decoded (${(e as Error).message || "damaged PNG"})`);
    }
    return { pages: [fit(png.width, png.height, png.data, maxPixels)], pageCount: 1 };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xd8) {
    const jpeg = (await import("jpeg-js")).default;
    let image: { width: number; height: number; data: Uint8Array };
    try {
      image = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxDeclared / 1_000_000, maxMemoryUsageInMB: 1024 });
    } catch (e) {
      throw new ImageError(`the image could not be decoded (${(e as Error).message || "damaged JPEG"})`);
    }
    return { pages: [fit(image.width, image.height, image.data, maxPixels)], pageCount: 1 };
  }
  throw new ImageError("the image could not be decoded (not a PNG, JPEG or TIFF file)");
}

/** Width and height from a PNG or JPEG header, without decoding. */
export function declaredSize(bytes: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(12) === 0x49484452) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b[0] === 0xff && b[1] === 0xd8) {
    let pos = 2;
    while (pos + 9 < b.length) {
      if (b[pos] !== 0xff) return null;
      const marker = b[pos + 1];
      const length = b.readUInt16BE(pos + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: b.readUInt16BE(pos + 5), width: b.readUInt16BE(pos + 7) };
      pos += 2 + length;
    }
  }
  return null;
}
