/**
 * TIFF structure check. The TIFF decoder trusts every count and offset in the file, and a corrupt
 * count can make it grow an array until the process aborts; so every directory entry, and the
 * strips or tiles of every page, must lie inside the file before it is decoded.
 */
import { ByteSource, readUint } from './byte_source';
import { ImageError } from './image_error';

/** Bytes per value of each TIFF field type (TIFF 6.0 §2, plus IFD = 13). */
const TYPE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
/** Tags whose values point at further directories. */
const POINTER_TAGS = new Set([330, 34665, 34853, 40965]);
const MAX_DIRECTORIES = 256;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Where the values are: inside the entry when they fit in 4 bytes. */
  valueAt: number;
}

export interface TiffSize {
  width: number;
  height: number;
  /** Pixels of all pages together: the decoder decodes every page. */
  pixels: number;
  pages: number;
}

/**
 * Reads the size of a TIFF's first page and checks the whole directory structure.
 *
 * @example
 * readTiffSize(bytesSource(tiffBytes), 'a.tif');   // { width: 64, height: 48, pixels: 3072, pages: 1 }
 */
export function readTiffSize(src: ByteSource, name: string): TiffSize {
  const le = readUint(src, 0, 1, true) === 0x49;
  const corrupt = (detail: string): never => {
    throw new ImageError(name, 'corrupt', `corrupt TIFF: ${detail}`);
  };
  const truncated = (detail: string): never => {
    throw new ImageError(name, 'truncated', `truncated TIFF: ${detail} (the file has ${src.size} bytes)`);
  };
  const u16 = (at: number): number => readUint(src, at, 2, le) ?? truncated(`needs bytes ${at}–${at + 1}`);
  const u32 = (at: number): number => readUint(src, at, 4, le) ?? truncated(`needs bytes ${at}–${at + 3}`);

  const readEntries = (at: number): { entries: Entry[]; next: number } => {
    if (at < 8 || at >= src.size) corrupt(`a directory offset ${at} is outside the file`);
    const n = u16(at);
    if (n === 0) corrupt(`the directory at byte ${at} is empty`);
    if (at + 2 + 12 * n + 4 > src.size) truncated(`the directory at byte ${at} declares ${n} entries`);
    const entries: Entry[] = [];
    for (let i = 0; i < n; i++) {
      const e = at + 2 + 12 * i;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      const size = TYPE_BYTES[type];
      if (size === undefined) corrupt(`entry ${i} (tag ${tag}) of the directory at byte ${at} has unknown type ${type}`);
      const bytes = size * count;
      const valueAt = bytes <= 4 ? e + 8 : u32(e + 8);
      if (bytes > src.size) corrupt(`tag ${tag} declares ${count} values (${bytes} bytes), more than the file holds`);
      if (valueAt + bytes > src.size) truncated(`tag ${tag}'s values at byte ${valueAt} run ${bytes} bytes`);
      entries.push({ tag, type, count, valueAt });
    }
    return { entries, next: u32(at + 2 + 12 * n) };
  };
  const values = (e: Entry): number[] => {
    if (e.type !== 3 && e.type !== 4 && e.type !== 13) corrupt(`tag ${e.tag} has type ${e.type}; expected SHORT or LONG`);
    const size = e.type === 3 ? 2 : 4;
    return Array.from({ length: e.count }, (_, i) => (size === 2 ? u16(e.valueAt + 2 * i) : u32(e.valueAt + 4 * i)));
  };

  const seen = new Set<number>();
  // Sub-directories (EXIF, GPS, sub-images) are parsed by the decoder too, so they are checked.
  const checkSubDirectories = (entries: Entry[], depth: number): void => {
    for (const e of entries) {
      if (!POINTER_TAGS.has(e.tag)) continue;
      for (const at of values(e)) {
        if (at === 0 || seen.has(at)) continue;
        if (depth > 4 || seen.size >= MAX_DIRECTORIES) corrupt(`more than ${MAX_DIRECTORIES} directories or nesting deeper than 4`);
        seen.add(at);
        checkSubDirectories(readEntries(at).entries, depth + 1);
      }
    }
  };

  let at = u32(4);
  let first: { width: number; height: number } | null = null;
  let pixels = 0;
  let pages = 0;
  while (at !== 0) {
    if (seen.has(at)) corrupt(`the directory chain loops back to byte ${at}`);
    if (seen.size >= MAX_DIRECTORIES) corrupt(`more than ${MAX_DIRECTORIES} directories`);
    seen.add(at);
    const { entries, next } = readEntries(at);
    const tag = (t: number): Entry | undefined => entries.find((e) => e.tag === t);
    const widthEntry = tag(256);
    const heightEntry = tag(257);
    if (!widthEntry || !heightEntry) corrupt(`page ${pages + 1} has no ImageWidth/ImageLength tag`);
    const width = values(widthEntry!)[0];
    const height = values(heightEntry!)[0];
    if (!(width > 0 && height > 0)) corrupt(`page ${pages + 1} declares a ${width}×${height} image`);
    const offsets = tag(273) ?? tag(324);
    const counts = tag(279) ?? tag(325);
    if (!offsets || !counts) corrupt(`page ${pages + 1} has no strip or tile offsets`);
    const o = values(offsets!);
    const c = values(counts!);
    if (o.length !== c.length) corrupt(`page ${pages + 1} has ${o.length} strip offsets but ${c.length} byte counts`);
    o.forEach((off, i) => {
      if (off + c[i] > src.size) truncated(`page ${pages + 1}'s strip ${i} at byte ${off} runs ${c[i]} bytes`);
    });
    checkSubDirectories(entries, 1);
    first ??= { width, height };
    pixels += width * height;
    pages++;
    at = next;
  }
  if (first === null) corrupt('the file has no image directory');
  return { ...first!, pixels, pages };
}
