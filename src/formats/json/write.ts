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
const KEYS = FIELDS.map((k, n) => `${n ? ',' : '\n    {'}${I6}"${k}": `);
const IMPLEMENTATIONS = utf8(`,${I6}"implementations": `);
const EMPTY_LIST = utf8('[]');

/**
 * One feature as `JSON.stringify(toPlainFeature(f), null, 2)` prints it at
 * its place in the document (indented twice), preceded by `,` unless first,
 * as bytes. Strings are quoted by JSON.stringify itself; the bytes of a
 * whole cell without notes or release (a driver and a status: a few dozen
 * distinct ones fill most of a large matrix) are made once. A
 * feature with a member that is neither a string nor null where the model
 * says so (a model built by hand) is printed by JSON.stringify itself, in
 * place of what was written of it.
 */
class FeatureWriter {
  buf: Buffer = Buffer.allocUnsafe(1 << 16);
  len = 0;
  private readonly cells = new Map<string, Map<string, Buffer>>();

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
    // The members before the cells, as one string: one write.
    let head = first ? '' : ',';
    for (let n = 0; n < FIELDS.length; n++) {
      const k = FIELDS[n]!;
      head += KEYS[n]! + (LISTS.has(k) ? list(f[k] as string[]) : q(f[k] as string | null));
    }
    this.text(head);
    this.bytes(IMPLEMENTATIONS);
    const cells = f.implementations;
    if (!Array.isArray(cells)) throw ODD;
    if (cells.length === 0) this.bytes(EMPTY_LIST);
    else {
      this.text('[');
      for (let i = 0; i < cells.length; i++) this.cell(cells[i]!, i === 0);
      this.text(`${I6}]`);
    }
    if (f.extras !== undefined && !Array.isArray(f.extras)) throw ODD;
    if (f.extras && f.extras.length) {
      let o = `,${I6}"extras": [`;
      f.extras.forEach((e, i) => (o += `${i ? ',' : ''}${I8}{${I10}"name": ${q(e.name)},${I10}"value": ${q(e.value)}${I8}}`));
      this.text(o + `${I6}]`);
    }
    this.text('\n    }');
  }

  private cell(c: Implementation, first: boolean): void {
    if (c.notes !== null || c.release !== null || typeof c.driver !== 'string' || typeof c.status !== 'string') {
      this.text(`${first ? '' : ','}${I8}{${I10}"driver": ${q(c.driver)},${I10}"status": ${q(c.status)},${I10}"notes": ${q(c.notes)},${I10}"release": ${q(c.release)}${I8}}`);
      return;
    }
    let byStatus = this.cells.get(c.driver);
    if (byStatus === undefined) this.cells.set(c.driver, (byStatus = new Map()));
    let b = byStatus.get(c.status);
    if (b === undefined) {
      b = utf8(`,${I8}{${I10}"driver": ${JSON.stringify(c.driver)},${I10}"status": ${JSON.stringify(c.status)},${I10}"notes": null,${I10}"release": null${I8}}`);
      byStatus.set(c.status, b);
    }
    this.bytes(first ? b.subarray(1) : b);
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

/** What JSON.stringify escapes in a string: `"`, `\\`, control characters and surrogates (lone ones; paired ones go the same way here). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Thrown where a member is neither a string nor null (a model built by hand): the feature goes to JSON.stringify. */
const ODD = Symbol('odd member');
/** A string or null as JSON.stringify prints it, without calling it where nothing needs an escape (twice as fast). */
const q = (s: string | null): string => {
  if (s === null) return 'null';
  if (typeof s !== 'string') throw ODD;
  return ESCAPED.test(s) ? JSON.stringify(s) : `"${s}"`;
};

/** A list of strings as a member of a feature. */
function list(items: readonly string[]): string {
  if (!Array.isArray(items)) throw ODD;
  if (items.length === 0) return '[]';
  let o = '[';
  for (let i = 0; i < items.length; i++) o += `${i ? ',' : ''}${I8}${q(items[i]!)}`;
  return o + `${I6}]`;
}

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
