/**
 * A small ZIP writer for hostile test inputs: entries that lie about their
 * size, overlap, are marked encrypted. Not for real archives.
 */

import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  data: Uint8Array | string;
  /** 0 stored, 8 deflate (default). */
  method?: number;
  /** The uncompressed size to declare (default: the real one). */
  declaredSize?: number;
  encrypted?: boolean;
}

export interface ZipOptions {
  /** Extra central-directory entries that all point at the first entry's data. */
  overlapCopies?: number;
}

export function makeZip(parts: ZipPart[], opts: ZipOptions = {}): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const records: { name: Buffer; method: number; flags: number; crc: number; csize: number; size: number; offset: number }[] = [];
  for (const p of parts) {
    const raw = typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : Buffer.from(p.data);
    const method = p.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(p.name, 'utf8');
    const rec = { name, method, flags: p.encrypted ? 1 : 0, crc: crc32(raw), csize: body.length, size: p.declaredSize ?? raw.length, offset };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(rec.flags, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt32LE(rec.crc, 14);
    h.writeUInt32LE(rec.csize, 18);
    h.writeUInt32LE(rec.size, 22);
    h.writeUInt16LE(name.length, 26);
    locals.push(h, name, body);
    offset += 30 + name.length + body.length;
    records.push(rec);
  }
  const first = records[0]!;
  for (let i = 0; i < (opts.overlapCopies ?? 0); i++) records.push({ ...first, name: Buffer.from(`xl/copy${i}.xml`) });
  let cdSize = 0;
  for (const r of records) {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(r.flags, 8);
    c.writeUInt16LE(r.method, 10);
    c.writeUInt32LE(r.crc, 16);
    c.writeUInt32LE(r.csize, 20);
    c.writeUInt32LE(r.size, 24);
    c.writeUInt16LE(r.name.length, 28);
    c.writeUInt32LE(r.offset, 42);
    central.push(c, r.name);
    cdSize += 46 + r.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
