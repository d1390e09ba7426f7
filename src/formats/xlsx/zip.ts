/**
 * The limits of a ZIP container (an XLSX workbook), checked by the XLSX
 * reader before anything inflates it, whatever the bytes came from (a file,
 * standard input, git): a damaged, encrypted or oversized archive, or one
 * that would inflate past `--max-size` (a zip bomb), is refused. Messages
 * speak of the workbook, never of the archive's internal part names.
 * Also the ZIP writer of the XLSX writer.
 */

import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { error } from '../../diagnostics.js';

/** Most entries an XLSX of a matrix plausibly has. */
export const MAX_ZIP_ENTRIES = 10_000;

export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's data (past its local header). */
  dataOffset: number;
}

/**
 * Refuse a ZIP container that is damaged, encrypted, has too many entries, or
 * would inflate to more than `maxSize` bytes, whatever its headers claim:
 * every deflated entry is inflated once with a cap at its declared size.
 * Returns the entries.
 */
export function checkZip(b: Uint8Array, file: string, maxSize: number): ZipEntry[] {
  return inflateChecked(b, file, maxSize, false).entries;
}

/** Check the ZIP as `checkZip` does and keep what it inflates: part name -> bytes. */
export function readZip(b: Uint8Array, file: string, maxSize: number): Map<string, Buffer> {
  return inflateChecked(b, file, maxSize, true).parts;
}

function inflateChecked(b: Uint8Array, file: string, maxSize: number, keep: boolean): { entries: ZipEntry[]; parts: Map<string, Buffer> } {
  const bad = (why: string, ruleId = 'input-bad-zip') => error(file, why, undefined, undefined, ruleId);
  const entries = zipEntries(b, (why) => bad(`not a readable XLSX (ZIP) file: ${why}`));
  let total = 0;
  for (const e of entries) {
    if (e.flags & 1) throw bad('the workbook is encrypted (password-protected): fmx reads only unprotected workbooks');
    if (e.method !== 0 && e.method !== 8) throw bad(`the workbook uses compression method ${e.method}, not deflate as XLSX does`);
    total += e.size;
    if (total > maxSize) {
      throw bad(`the workbook would inflate to more than the limit of ${maxSize} bytes (a zip bomb?); raise it with --max-size`, 'input-too-large');
    }
  }
  const view = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const parts = new Map<string, Buffer>();
  for (const e of entries) {
    if (e.dataOffset + e.compressedSize > b.length) throw bad('the workbook is cut short (truncated?)');
    const raw = view.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    if (e.method !== 8) {
      if (e.compressedSize !== e.size) throw bad('the workbook is damaged: a part is stored with inconsistent sizes');
      if (keep) parts.set(e.name, raw);
      continue;
    }
    let out: Buffer;
    try {
      out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size + 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw bad(`a part of the workbook inflates to more than the ${e.size} bytes its header declares (a zip bomb?): refused`, 'input-too-large');
      }
      throw bad('the workbook is damaged: a part does not inflate');
    }
    if (out.length !== e.size) throw bad(`the workbook is damaged: a part inflates to ${out.length} bytes, not the ${e.size} its header declares`);
    if (keep) parts.set(e.name, out);
  }
  return { entries, parts };
}

/** A part to store: its name and bytes (deflated unless tiny). */
export interface ZipPart {
  name: string;
  data: Buffer;
}

/**
 * A ZIP archive of `parts`, each deflated with node's zlib at level 1
 * (XML compresses nearly as well at 1 as at 6, the default, in a third of
 * the time: 3.5 MB instead of 3.0 for nova x100), with a fixed time stamp so that the same model gives
 * the same bytes. No ZIP64: a part or archive over 4 GiB is refused.
 */
export function writeZip(parts: ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (2000 - 1980) << 9 | 1 << 5 | 1; // 2000-01-01
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const deflate = p.data.length > 64;
    const body = deflate ? deflateRawSync(p.data, { level: 1 }) : p.data;
    const crc = crc32(p.data);
    if (body.length >= 0xffffffff || p.data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error(`part ${p.name} is too large for a workbook`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(p.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(deflate ? 8 : 0, 10);
    dir.writeUInt16LE(DOS_TIME, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(p.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** The entries of a ZIP's central directory (ZIP64 included). */
export function zipEntries(b: Uint8Array, bad: (why: string) => Error): ZipEntry[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const u64 = (o: number) => Number(dv.getBigUint64(o, true));
  // End of central directory: the last signature within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65557); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory (truncated?)');
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== 0x07064b50) throw bad('ZIP64 locator missing');
    const z = u64(loc + 8);
    if (z + 56 > b.length || u32(z) !== 0x06064b50) throw bad('ZIP64 end of central directory missing');
    count = u64(z + 32);
    cdSize = u64(z + 40);
    cdOffset = u64(z + 48);
  }
  if (cdOffset + cdSize > b.length) throw bad('central directory outside the file (truncated?)');
  if (count > MAX_ZIP_ENTRIES) throw bad(`${count} parts, more than ${MAX_ZIP_ENTRIES}`);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || u32(p) !== 0x02014b50) throw bad(`central directory entry ${i + 1} is damaged`);
    const flags = u16(p + 8);
    const method = u16(p + 10);
    let compressedSize = u32(p + 20);
    let size = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    let local = u32(p + 42);
    if (p + 46 + nameLen + extraLen > b.length) throw bad(`central directory entry ${i + 1} is damaged`);
    const name = new TextDecoder('utf-8').decode(b.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extended information: the 0xffffffff fields, in order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(x);
      const len = u16(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff && q + 8 <= x + 4 + len) (size = u64(q)), (q += 8);
        if (compressedSize === 0xffffffff && q + 8 <= x + 4 + len) (compressedSize = u64(q)), (q += 8);
        if (local === 0xffffffff && q + 8 <= x + 4 + len) local = u64(q);
      }
      x += 4 + len;
    }
    if (local + 30 > b.length || u32(local) !== 0x04034b50) throw bad(`the local header of part ${i + 1} is missing`);
    const dataOffset = local + 30 + u16(local + 26) + u16(local + 28);
    entries.push({ name, method, flags, compressedSize, size, dataOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
