import { inflateRawSync } from 'node:zlib';

/** What an uploaded archive (an .xlsx is a zip) may unpack to before any reader opens it. */
export const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
// Spreadsheet XML packs 5–50×; deflate's ceiling is about 1,030×, which only crafted data nears.
const MAX_ENTRY_RATIO = 200;
// Small parts (styles, a tiny sheet of blanks) may pack tighter without being dangerous.
const RATIO_APPLIES_FROM_BYTES = 1024 * 1024;

export type ZipProblem =
  | { kind: 'too_large'; unpackedBytes: number }
  | { kind: 'zip_bomb'; entry: string }
  | { kind: 'malformed' };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

class Malformed extends Error {}

function u64(buffer: Buffer, at: number): number {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Malformed();
  return Number(value);
}

function need(buffer: Buffer, at: number, length: number): void {
  if (at < 0 || at + length > buffer.length) throw new Malformed();
}

/** Where the central directory is and how many entries it lists, zip64 included. */
function centralDirectory(buffer: Buffer): { offset: number; entries: number } {
  // The end record is 22 bytes plus a comment of up to 65,535.
  const lowest = Math.max(0, buffer.length - 22 - 0xffff);
  let end = -1;
  for (let i = buffer.length - 22; i >= lowest; i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Malformed();
  let entries = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  if (entries === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    need(buffer, locator, 20);
    if (buffer.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new Malformed();
    const record = u64(buffer, locator + 8);
    need(buffer, record, 56);
    if (buffer.readUInt32LE(record) !== ZIP64_EOCD) throw new Malformed();
    entries = u64(buffer, record + 32);
    offset = u64(buffer, record + 48);
  }
  return { offset, entries };
}

/** The sizes in an entry's zip64 extra field, for those its header marks as 0xFFFFFFFF. */
function zip64Sizes(
  extra: Buffer,
  sizes: { compressed: number; uncompressed: number },
): { compressed: number; uncompressed: number } {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const out = { ...sizes };
      if (sizes.uncompressed === 0xffffffff) {
        need(extra, field, 8);
        out.uncompressed = u64(extra, field);
        field += 8;
      }
      if (sizes.compressed === 0xffffffff) {
        need(extra, field, 8);
        out.compressed = u64(extra, field);
      }
      return out;
    }
    at += 4 + length;
  }
  throw new Malformed();
}

/**
 * Checks a zip archive's unpacked size before it is opened: the sizes its central directory
 * declares must stay under the limit, no large entry may pack like a zip bomb, and every entry
 * is inflated with its declared size as a hard output cap, so a directory that lies about a
 * size is caught without ever holding more than the limit in memory.
 */
export function zipArchiveProblem(
  buffer: Buffer,
  limit: number = MAX_UNPACKED_BYTES,
): ZipProblem | null {
  try {
    const directory = centralDirectory(buffer);
    if (directory.entries > MAX_ENTRIES) return { kind: 'too_large', unpackedBytes: Infinity };
    const entries: {
      name: string;
      method: number;
      compressed: number;
      uncompressed: number;
      local: number;
    }[] = [];
    let at = directory.offset;
    let unpackedBytes = 0;
    for (let i = 0; i < directory.entries; i++) {
      need(buffer, at, 46);
      if (buffer.readUInt32LE(at) !== CENTRAL) throw new Malformed();
      const nameLength = buffer.readUInt16LE(at + 28);
      const extraLength = buffer.readUInt16LE(at + 30);
      const commentLength = buffer.readUInt16LE(at + 32);
      need(buffer, at + 46, nameLength + extraLength + commentLength);
      const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
      let sizes = {
        compressed: buffer.readUInt32LE(at + 20),
        uncompressed: buffer.readUInt32LE(at + 24),
      };
      if (sizes.compressed === 0xffffffff || sizes.uncompressed === 0xffffffff) {
        const extraAt = at + 46 + nameLength;
        sizes = zip64Sizes(buffer.subarray(extraAt, extraAt + extraLength), sizes);
      }
      unpackedBytes += sizes.uncompressed;
      const local = buffer.readUInt32LE(at + 42);
      if (local === 0xffffffff) throw new Malformed();
      entries.push({ name, method: buffer.readUInt16LE(at + 10), ...sizes, local });
      at += 46 + nameLength + extraLength + commentLength;
    }
    if (unpackedBytes > limit) return { kind: 'too_large', unpackedBytes };
    const packedLikeABomb = entries.find(
      (e) =>
        e.uncompressed >= RATIO_APPLIES_FROM_BYTES &&
        e.uncompressed > e.compressed * MAX_ENTRY_RATIO,
    );
    if (packedLikeABomb) return { kind: 'zip_bomb', entry: packedLikeABomb.name };
    for (const entry of entries) {
      need(buffer, entry.local, 30);
      if (buffer.readUInt32LE(entry.local) !== LOCAL) throw new Malformed();
      const start =
        entry.local +
        30 +
        buffer.readUInt16LE(entry.local + 26) +
        buffer.readUInt16LE(entry.local + 28);
      need(buffer, start, entry.compressed);
      const data = buffer.subarray(start, start + entry.compressed);
      if (entry.method === 0) {
        if (entry.compressed !== entry.uncompressed) throw new Malformed();
      } else if (entry.method === 8) {
        let inflated: Buffer;
        try {
          // One byte over the declared size is enough to catch a lie.
          inflated = inflateRawSync(data, { maxOutputLength: entry.uncompressed + 1 });
        } catch (err) {
          if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
            return { kind: 'zip_bomb', entry: entry.name };
          }
          throw new Malformed();
        }
        if (inflated.length > entry.uncompressed) return { kind: 'zip_bomb', entry: entry.name };
        if (inflated.length !== entry.uncompressed) throw new Malformed();
      } else {
        throw new Malformed();
      }
    }
    return null;
  } catch (err) {
    if (err instanceof Malformed || err instanceof RangeError) return { kind: 'malformed' };
    throw err;
  }
}
