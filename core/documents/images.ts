import { rasterFromRgba, type Raster } from "./raster";

/**
 * Decodes the image attachments authorities send (PNG, JPEG, TIFF, also
 * GIF, WebP and BMP) into RGB rasters, one per page (a TIFF can hold many
 * pages, as fax and copier scans do). PNG/JPEG/GIF/WebP/BMP go through
 * @napi-rs/canvas's decoders, TIFF through utif2 (pure JavaScript). Large
 * images are scaled down so an image never costs more than `maxPixels`.
 */

export const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/tiff", "image/tif", "image/gif", "image/webp", "image/bmp", "image/x-ms-bmp"]);

export const isImageType = (contentType: string) => IMAGE_TYPES.has(contentType.toLowerCase().split(";")[0].trim());

export class ImageError extends Error {}

export interface DecodeOptions {
  /** Pages decoded at most (a TIFF with more pages fails with ImageError). */
  maxPages?: number;
  /** Pixels per page after scaling down. */
  maxPixels?: number;
  /** Refuse an image whose declared size is larger than this before decoding (decompression bombs). */
  maxDeclaredPixels?: number;
}

export interface DecodedImage {
  pages: Raster[];
  /** Number of pages in the file (may be more than decoded when a limit applies). */
  pageCount: number;
}

async function scaled(width: number, height: number, draw: (ctx: import("@napi-rs/canvas").SKRSContext2D, w: number, h: number) => void, maxPixels: number): Promise<Raster> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const factor = Math.min(1, Math.sqrt(maxPixels / (width * height)));
  const w = Math.max(1, Math.round(width * factor));
  const h = Math.max(1, Math.round(height * factor));
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, w, h);
  draw(ctx, w, h);
  return rasterFromRgba(w, h, ctx.getImageData(0, 0, w, h).data);
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
  if (isTiff(bytes)) {
    const UTIF = (await import("utif2")).default;
    let ifds: ReturnType<typeof UTIF.decode>;
    const buffer = Buffer.from(bytes);
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
      if (width * height <= maxPixels) {
        pages.push(rasterFromRgba(width, height, rgba));
      } else {
        const { createCanvas } = await import("@napi-rs/canvas");
        const full = createCanvas(width, height);
        const fctx = full.getContext("2d");
        const data = fctx.createImageData(width, height);
        data.data.set(rgba.subarray(0, width * height * 4));
        fctx.putImageData(data, 0, 0);
        pages.push(await scaled(width, height, (ctx, w, h) => ctx.drawImage(full, 0, 0, w, h), maxPixels));
      }
    }
    return { pages, pageCount: ifds.length };
  }
  const declared = declaredSize(bytes);
  if (declared && declared.width * declared.height > maxDeclared) throw new ImageError(`the image declares ${declared.width}×${declared.height} pixels, too large`);
  const { loadImage } = await import("@napi-rs/canvas");
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(Buffer.from(bytes));
  } catch (e) {
    throw new ImageError(`the image could not be decoded (${(e as Error).message || "unknown format"})`);
  }
  if (!(image.width > 0 && image.height > 0)) throw new ImageError("the image could not be decoded (no pixels)");
  return { pages: [await scaled(image.width, image.height, (ctx, w, h) => ctx.drawImage(image, 0, 0, w, h), maxPixels)], pageCount: 1 };
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
