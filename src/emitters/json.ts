/** JSON writer: the model's public JSON form (`fmx/matrix` version 1). */

import type { Loaded, WriteOptions } from '../formats.js';
import { toPlain, toPlainFeature, type Feature, type Matrix } from '../model.js';

export interface JsonSource {
  /** The format of the embedded source; only `ini` is defined. */
  type: 'ini';
  /** The complete source text, a leading BOM included as U+FEFF. */
  text: string;
}

/**
 * The model's JSON, piece by piece: `JSON.stringify(toPlain(m), null, 2)`
 * plus a final newline, without ever holding a plain copy of the whole model
 * or the whole text. Features (the bulk of a matrix) are printed in batches:
 * a batch printed as `{"features": [...]}` has exactly the indentation of the
 * full document, so its middle is pasted in as it is.
 */
function emitPieces(m: Matrix, source: JsonSource | undefined, out: (piece: string) => void): void {
  const features = m.features;
  const skeleton: Matrix & { source?: JsonSource } = toPlain({ ...m, features: [] });
  if (source) skeleton.source = { type: source.type, text: source.text };
  const text = JSON.stringify(skeleton, null, 2);
  // Structural: a raw newline cannot occur inside a JSON string.
  const at = features.length ? text.indexOf(EMPTY_FEATURES) : -1;
  if (at === -1) {
    out(text + '\n');
    return;
  }
  out(text.slice(0, at) + '\n  "features": [');
  for (let i = 0; i < features.length; i += BATCH) {
    const batch: Feature[] = [];
    for (let j = i; j < Math.min(i + BATCH, features.length); j++) batch.push(toPlainFeature(features[j]!));
    const t = JSON.stringify({ features: batch }, null, 2);
    out((i ? ',' : '') + t.slice(BATCH_HEAD.length, t.length - BATCH_TAIL.length));
  }
  out('\n  ]' + text.slice(at + EMPTY_FEATURES.length) + '\n');
}

const EMPTY_FEATURES = '\n  "features": []';
const BATCH_HEAD = '{\n  "features": [';
const BATCH_TAIL = '\n  ]\n}';
/** Features per JSON.stringify call: large enough to stay in native code, small enough to die young. */
const BATCH = 64;

/**
 * Print the model. With `source`, the JSON also carries the original INI so
 * that `json -> ini` can give the file back byte for byte (and patch it when
 * the model was edited).
 */
export function emitJson(m: Matrix, source?: JsonSource): string {
  const pieces: string[] = [];
  emitPieces(m, source, (p) => pieces.push(p));
  return pieces.join('');
}

/**
 * The same text as `emitJson`, UTF-8 encoded piece by piece into one buffer,
 * so that a large model never exists as one string and as its bytes at once.
 */
export function emitJsonBytes(m: Matrix, source?: JsonSource, sizeHint = 0): Uint8Array {
  // Untouched capacity costs address space, not memory: start generously.
  let buf = Buffer.allocUnsafe(Math.max(64 * 1024, sizeHint));
  let len = 0;
  emitPieces(m, source, (p) => {
    const need = len + p.length * 3;
    if (need > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
    }
    len += buf.write(p, len);
  });
  return buf.subarray(0, len);
}

/** The format registry's entry point. */
export function write(loaded: Loaded, opts: WriteOptions): Uint8Array {
  if (opts.withSource && !loaded.ini) {
    opts.warn({ file: opts.file, message: '--with-source: the input has no INI source to embed', severity: 'warning' });
  }
  const ini = opts.withSource ? loaded.ini : undefined;
  const source: JsonSource | undefined = ini ? { type: 'ini', text: (ini.source.bom ? '\ufeff' : '') + ini.source.text } : undefined;
  // The model's JSON of an INI is about 3x (wide matrices 5x) the INI's size.
  const hint = loaded.ini ? loaded.ini.source.text.length * (source ? 8 : 6) : 0;
  return emitJsonBytes(loaded.matrix, source, hint);
}
