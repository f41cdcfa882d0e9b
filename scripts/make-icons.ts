/**
 * Draws the two icons of the Teams app package from the SVG sources in manifest/icon-source/:
 * - manifest/color.png: 192x192, full colour;
 * - manifest/outline.png: 32x32, white (#FFFFFF) on a transparent background, as Teams requires.
 *
 * The SVGs are rendered in headless Chromium (playwright-core, Debian's /usr/bin/chromium) with a
 * transparent page background (screenshot with omitBackground). The screenshot is then decoded and
 * written again as a plain 8-bit RGBA PNG without extra chunks; for the outline icon every visible pixel
 * is forced to pure white (only its alpha keeps the anti-aliasing), so Teams sees white and transparent only.
 *
 * Usage: npm run icons   (CHROMIUM_PATH overrides the browser binary)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST_DIR = resolve(ROOT, 'manifest');
const SOURCE_DIR = resolve(MANIFEST_DIR, 'icon-source');


export interface IconSpec {
  source: string;
  target: string;
  size: number;
  /** Force every non-transparent pixel to #FFFFFF (outline icon). */
  whiteOnly: boolean;
}

export const ICONS: readonly IconSpec[] = [
  { source: 'color.svg', target: 'color.png', size: 192, whiteOnly: false },
  { source: 'outline.svg', target: 'outline.png', size: 32, whiteOnly: true },
];

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, non-premultiplied RGBA. */
  data: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are). */
export function decodePng(png: Uint8Array): RgbaImage {
  const buf = Buffer.from(png);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('geen PNG-bestand');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const bitDepth = data[8];
      colourType = data[9]!;
      const interlace = data[12];
      if (bitDepth !== 8 || (colourType !== 6 && colourType !== 2) || interlace !== 0) {
        throw new Error(`PNG-variant niet ondersteund (bitdiepte ${bitDepth}, kleurtype ${colourType}, interlace ${interlace})`);
      }
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const bpp = colourType === 6 ? 4 : 3;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    const prev = out - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[out + x - bpp]! : 0;
      const b = y > 0 ? pixels[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? pixels[prev + x - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`onbekend PNG-filter ${filter}`);
      }
      pixels[out + x] = (line[x]! + predictor) & 0xff;
    }
  }
  if (bpp === 4) return { width, height, data: pixels };
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    data[j] = pixels[i]!;
    data[j + 1] = pixels[i + 1]!;
    data[j + 2] = pixels[i + 2]!;
    data[j + 3] = 255;
  }
  return { width, height, data };
}

/** Encodes 8-bit RGBA without ancillary chunks (deterministic output for the same pixels). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

/** Every pixel becomes either fully transparent black or #FFFFFF with its own alpha. */
export function whiten(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let i = 0; i < data.length; i += 4) {
    const visible = data[i + 3]! > 0;
    data[i] = data[i + 1] = data[i + 2] = visible ? 255 : 0;
  }
  return { ...image, data };
}

export async function makeIcons(options: { sourceDir?: string; targetDir?: string; executablePath?: string } = {}): Promise<string[]> {
  const sourceDir = options.sourceDir ?? SOURCE_DIR;
  const targetDir = options.targetDir ?? MANIFEST_DIR;
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  const written: string[] = [];
  try {
    await mkdir(targetDir, { recursive: true });
    for (const icon of ICONS) {
      const svg = await readFile(resolve(sourceDir, icon.source), 'utf8');
      const context = await browser.newContext({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
      try {
        const page = await context.newPage();
        await page.setContent(
          `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent;overflow:hidden}` +
            `svg{display:block;width:${icon.size}px;height:${icon.size}px}</style></head><body>${svg}</body></html>`,
        );
        const shot = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size }, type: 'png' });
        let image = decodePng(shot);
        if (image.width !== icon.size || image.height !== icon.size) {
          throw new Error(`${icon.target}: verwacht ${icon.size}x${icon.size}, kreeg ${image.width}x${image.height}`);
        }
        if (icon.whiteOnly) image = whiten(image);
        const target = resolve(targetDir, icon.target);
        await writeFile(target, encodePng(image));
        written.push(target);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  makeIcons()
    .then((files) => {
      for (const file of files) console.log(`Geschreven: ${file}`);
    })
    .catch((error: unknown) => {
      console.error(`Iconen maken mislukt: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
