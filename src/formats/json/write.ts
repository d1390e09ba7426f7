/** JSON writer: the model's public JSON form (`fmx/matrix` version 1). */

import type { Loaded, WriteOptions } from '../types.js';
import type { Pump } from '../types.js';
import type { JsonSource } from './layout.js';
import { toPlain, toPlainFeature, type Feature, type Implementation, type Matrix } from '../../model/matrix.js';

/**
 * The model's JSON, piece by piece: `JSON.stringify(toPlain(m), null, 2)`
 * plus a final newline, without ever holding a plain copy of the whole model
 * or the whole text. The skeleton (everything but the features) is printed by
 * JSON.stringify; the features, the bulk of a matrix, are written as UTF-8
 * bytes by `FeatureWriter`, a batch at a time into one reused buffer (a
 * `Uint8Array` piece is lent until the next one is asked for).
 */
function* pieces(m: Matrix, source: JsonSource | undefined): Generator<string | Uint8Array> {
  const features = m.features;
  const skeleton: Matrix & { source?: JsonSource } = toPlain({ ...m, features: [] });
  if (source) skeleton.source = { type: source.type, text: source.text };
  const text = JSON.stringify(skeleton, null, 2);
  // Structural: a raw newline cannot occur inside a JSON string.
  const at = features.length ? text.indexOf(EMPTY_FEATURES) : -1;
  if (at === -1) {
    yield text + '\n';
    return;
  }
  yield text.slice(0, at) + '\n  "features": [';
  const w = new FeatureWriter();
  for (let i = 0; i < features.length; i += BATCH) {
    w.len = 0;
    for (let j = i; j < Math.min(i + BATCH, features.length); j++) w.feature(features[j]!, j === 0);
    yield w.buf.subarray(0, w.len);
  }
  yield '\n  ]' + text.slice(at + EMPTY_FEATURES.length) + '\n';
}

const EMPTY_FEATURES = '\n  "features": []';
/** Features per batch: a buffer of some tens of kilobytes, reused. */
const BATCH = 64;

/** Bytes handed to the output at a time when streaming. */
const CHUNK = 1 << 20;

const I6 = '\n      ';
const I8 = '\n        ';
const I10 = '\n          ';
/** A feature's members before `implementations`, as `JSON.stringify(..., null, 2)` prints them in the features array. */
const FIELDS = ['key', 'title', 'status', 'group', 'notes', 'cli', 'api', 'maturity', 'apiDocLink', 'adminDocLink', 'tempestTestUuids'] as const;
const LISTS = new Set<string>(['cli', 'tempestTestUuids']);
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
/** Everything the writer prints between values, as bytes made once. */
const KEYS = FIELDS.map((k, n) => utf8(`${n ? ',' : ''}${I6}"${k}": `));
const OPEN_FEATURE = [utf8(',\n    {'), utf8('\n    {')];
const CLOSE_FEATURE = utf8('\n    }');
const IMPLEMENTATIONS = utf8(`,${I6}"implementations": `);
const EMPTY_LIST = utf8('[]');
const NULL = utf8('null');
const OPEN_LIST = utf8('[');
const LIST_ITEM = [utf8(`,${I8}`), utf8(I8)];
const CLOSE_LIST = utf8(`${I6}]`);
const CELL_DRIVER = [utf8(`,${I8}{${I10}"driver": `), utf8(`${I8}{${I10}"driver": `)];
const CELL_STATUS = utf8(`,${I10}"status": `);
const CELL_NOTES = utf8(`,${I10}"notes": `);
const CELL_RELEASE = utf8(`,${I10}"release": `);
const CLOSE_OBJECT = utf8(`${I8}}`);
const EXTRAS = utf8(`,${I6}"extras": [`);
const EXTRA_NAME = [utf8(`,${I8}{${I10}"name": `), utf8(`${I8}{${I10}"name": `)];
const EXTRA_VALUE = utf8(`,${I10}"value": `);

/**
 * One feature as `JSON.stringify(toPlainFeature(f), null, 2)` prints it at
 * its place in the document (indented twice), preceded by `,` unless first,
 * written as UTF-8 straight into the buffer: what stands between the values
 * is bytes made once, a string is encoded character by character as it is
 * quoted and escaped, and the bytes of a whole cell without
 * notes or release (a driver and a status: a few dozen distinct ones fill
 * most of a large matrix) are made once. Nothing is allocated per feature,
 * so the young generation's collector has nothing to do while a large model
 * is written. A feature with a member that is neither a string nor null
 * where the model says so (a model built by hand) is printed by
 * JSON.stringify itself, in place of what was written of it.
 */
class FeatureWriter {
  buf: Buffer = Buffer.allocUnsafe(1 << 16);
  len = 0;
  /** driver -> status -> the cell's bytes, with a leading comma and without. */
  private readonly cells = new Map<string, Map<string, [Buffer, Buffer]>>();

  feature(f: Feature, first: boolean): void {
    const start = this.len;
    try {
      this.plain(f, first);
    } catch (e) {
      if (e !== ODD) throw e;
      this.len = start;
      const t = JSON.stringify({ features: [toPlainFeature(f)] }, null, 2);
      this.text((first ? '' : ',') + t.slice(BATCH_HEAD.length, t.length - BATCH_TAIL.length));
    }
  }

  /** The feature, while every member is what the model says (else `ODD` is thrown). */
  private plain(f: Feature, first: boolean): void {
    this.bytes(OPEN_FEATURE[first ? 1 : 0]!);
    for (let n = 0; n < FIELDS.length; n++) {
      const k = FIELDS[n]!;
      this.bytes(KEYS[n]!);
      if (LISTS.has(k)) this.list(f[k] as string[]);
      else this.value(f[k] as string | null);
    }
    this.bytes(IMPLEMENTATIONS);
    const cells = f.implementations;
    if (!Array.isArray(cells)) throw ODD;
    if (cells.length === 0) this.bytes(EMPTY_LIST);
    else {
      this.bytes(OPEN_LIST);
      for (let i = 0; i < cells.length; i++) this.cell(cells[i]!, i === 0);
      this.bytes(CLOSE_LIST);
    }
    if (f.extras !== undefined && !Array.isArray(f.extras)) throw ODD;
    if (f.extras && f.extras.length) {
      this.bytes(EXTRAS);
      for (let i = 0; i < f.extras.length; i++) {
        const e = f.extras[i]!;
        this.bytes(EXTRA_NAME[i ? 0 : 1]!);
        this.value(e.name);
        this.bytes(EXTRA_VALUE);
        this.value(e.value);
        this.bytes(CLOSE_OBJECT);
      }
      this.bytes(CLOSE_LIST);
    }
    this.bytes(CLOSE_FEATURE);
  }

  private cell(c: Implementation, first: boolean): void {
    if (c.notes !== null || c.release !== null || typeof c.driver !== 'string' || typeof c.status !== 'string') {
      this.bytes(CELL_DRIVER[first ? 1 : 0]!);
      this.value(c.driver);
      this.bytes(CELL_STATUS);
      this.value(c.status);
      this.bytes(CELL_NOTES);
      this.value(c.notes);
      this.bytes(CELL_RELEASE);
      this.value(c.release);
      this.bytes(CLOSE_OBJECT);
      return;
    }
    let byStatus = this.cells.get(c.driver);
    if (byStatus === undefined) this.cells.set(c.driver, (byStatus = new Map()));
    let b = byStatus.get(c.status);
    if (b === undefined) {
      const after = utf8(`${I8}{${I10}"driver": ${JSON.stringify(c.driver)},${I10}"status": ${JSON.stringify(c.status)},${I10}"notes": null,${I10}"release": null${I8}}`);
      b = [Buffer.concat([utf8(','), after]), after];
      byStatus.set(c.status, b);
    }
    this.bytes(b[first ? 1 : 0]);
  }

  /** A list of strings as a member of a feature. */
  private list(items: readonly string[]): void {
    if (!Array.isArray(items)) throw ODD;
    if (items.length === 0) {
      this.bytes(EMPTY_LIST);
      return;
    }
    this.bytes(OPEN_LIST);
    for (let i = 0; i < items.length; i++) {
      this.bytes(LIST_ITEM[i ? 0 : 1]!);
      this.value(items[i]!);
    }
    this.bytes(CLOSE_LIST);
  }

  /**
   * A string or null as JSON.stringify prints it, encoded as UTF-8 into the
   * buffer as it is quoted: `"` and `\` escaped, control characters as
   * `\n`-style or `\u00XX` escapes, a lone surrogate as `\udXXX`.
   */
  private value(s: string | null): void {
    if (s === null) {
      this.bytes(NULL);
      return;
    }
    if (typeof s !== 'string') throw ODD;
    const n = s.length;
    this.room(n * 6 + 2);
    const buf = this.buf;
    let p = this.len;
    buf[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (c >= 32 && c !== 34 && c !== 92) buf[p++] = c;
        else {
          buf[p++] = 92;
          const e = ESCAPE[c]!;
          if (e !== 0) buf[p++] = e;
          else p = hexEscape(buf, p, c);
        }
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 63);
        buf[p++] = 0x80 | (c & 63);
      } else {
        const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[p++] = 0xf0 | (cp >> 18);
          buf[p++] = 0x80 | ((cp >> 12) & 63);
          buf[p++] = 0x80 | ((cp >> 6) & 63);
          buf[p++] = 0x80 | (cp & 63);
          i++;
        } else {
          buf[p++] = 92;
          p = hexEscape(buf, p, c);
        }
      }
    }
    buf[p++] = 34;
    this.len = p;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.len + n, this.buf.length * 2));
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }

  private bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private text(s: string): void {
    this.room(s.length * 3);
    this.len += this.buf.write(s, this.len);
  }
}

/** The character after `\` for the escapes JSON.stringify writes short (`\n`, `\"`, ...), else 0 (`\u00XX`). */
const ESCAPE = new Uint8Array(128);
for (const [c, e] of [['\b', 'b'], ['\t', 't'], ['\n', 'n'], ['\f', 'f'], ['\r', 'r'], ['"', '"'], ['\\', '\\']]) ESCAPE[c!.charCodeAt(0)] = e!.charCodeAt(0);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** `uXXXX` (lower-case hex, as JSON.stringify writes it) after a `\` already written; returns the new end. */
function hexEscape(buf: Buffer, p: number, c: number): number {
  buf[p++] = 117;
  buf[p++] = HEX[(c >> 12) & 15]!;
  buf[p++] = HEX[(c >> 8) & 15]!;
  buf[p++] = HEX[(c >> 4) & 15]!;
  buf[p++] = HEX[c & 15]!;
  return p;
}

/** Thrown where a member is neither a string nor null (a model built by hand): the feature goes to JSON.stringify. */
const ODD = Symbol('odd member');

const BATCH_HEAD = '{\n  "features": [';
const BATCH_TAIL = '\n  ]\n}';

/**
 * Print the model. With `source`, the JSON also carries the original INI so
 * that `json -> ini` can give the file back byte for byte (and patch it when
 * the model was edited).
 */
export function emitJson(m: Matrix, source?: JsonSource): string {
  let out = '';
  for (const p of pieces(m, source)) out += typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8');
  return out;
}

/**
 * The same text as `emitJson`, UTF-8 encoded piece by piece into one buffer,
 * so that a large model never exists as one string and as its bytes at once.
 */
export function emitJsonBytes(m: Matrix, source?: JsonSource, sizeHint = 0): Uint8Array {
  // Untouched capacity costs address space, not memory: start generously.
  let buf = Buffer.allocUnsafe(Math.max(64 * 1024, sizeHint));
  let len = 0;
  for (const p of pieces(m, source)) {
    const need = len + (typeof p === 'string' ? p.length * 3 : p.length);
    if (need > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
    }
    if (typeof p === 'string') len += buf.write(p, len);
    else {
      buf.set(p, len);
      len += p.length;
    }
  }
  return buf.subarray(0, len);
}

/**
 * The same bytes again, handed to `sink` a megabyte at a time through one
 * reused buffer: the output is written while it is made, and a 136 MB JSON
 * never sits in memory (nor faults in 136 MB of fresh pages).
 */
export async function streamJson(m: Matrix, source: JsonSource | undefined, sink: (chunk: Uint8Array) => Promise<void>): Promise<void> {
  const buf = Buffer.allocUnsafe(CHUNK);
  let len = 0;
  for (const p of pieces(m, source)) {
    const size = typeof p === 'string' ? p.length * 3 : p.length;
    if (len > 0 && len + size > CHUNK) {
      await sink(buf.subarray(0, len));
      len = 0;
    }
    if (size > CHUNK) await sink(typeof p === 'string' ? Buffer.from(p, 'utf8') : p);
    else if (typeof p === 'string') len += buf.write(p, len);
    else {
      buf.set(p, len);
      len += p.length;
    }
  }
  if (len > 0) await sink(buf.subarray(0, len));
}

/** What `--with-source` embeds, with a warning when the input has no INI source. */
function sourceOf(loaded: Loaded, opts: WriteOptions): JsonSource | undefined {
  if (opts.withSource && !loaded.ini) {
    opts.warn({ file: opts.file, message: '--with-source: the input has no INI source to embed', severity: 'warning' });
  }
  const ini = opts.withSource ? loaded.ini : undefined;
  return ini ? { type: 'ini', text: (ini.bom ? '\ufeff' : '') + ini.text } : undefined;
}

/** The format registry's entry point. */
export function write(loaded: Loaded, opts: WriteOptions): Uint8Array {
  const source = sourceOf(loaded, opts);
  // The model's JSON of an INI is about 3x (wide matrices 5x) the INI's size.
  const hint = loaded.ini ? loaded.ini.text.length * (source ? 8 : 6) : 0;
  return emitJsonBytes(loaded.matrix, source, hint);
}

/** The registry's streaming entry point: the same bytes as `write`, chunk by chunk. */
export function stream(loaded: Loaded, opts: WriteOptions): Pump {
  const source = sourceOf(loaded, opts);
  return (sink) => streamJson(loaded.matrix, source, sink);
}
