/** JSON writer: the model's public JSON form (`fmx/matrix` version 1). */

import type { Loaded, WriteOptions } from '../types.js';
import type { Pump } from '../types.js';
import type { JsonSource } from './layout.js';
import { toPlain, toPlainFeature, type Feature, type Matrix } from '../../model/matrix.js';

/**
 * The model's JSON, piece by piece: `JSON.stringify(toPlain(m), null, 2)`
 * plus a final newline, without ever holding a plain copy of the whole model
 * or the whole text. Features (the bulk of a matrix) are printed in batches:
 * a batch printed as `{"features": [...]}` has exactly the indentation of the
 * full document, so its middle is pasted in as it is.
 */
function* pieces(m: Matrix, source: JsonSource | undefined): Generator<string> {
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
  for (let i = 0; i < features.length; i += BATCH) {
    const batch: Feature[] = [];
    for (let j = i; j < Math.min(i + BATCH, features.length); j++) batch.push(toPlainFeature(features[j]!));
    const t = JSON.stringify({ features: batch }, null, 2);
    yield (i ? ',' : '') + t.slice(BATCH_HEAD.length, t.length - BATCH_TAIL.length);
  }
  yield '\n  ]' + text.slice(at + EMPTY_FEATURES.length) + '\n';
}

const EMPTY_FEATURES = '\n  "features": []';
const BATCH_HEAD = '{\n  "features": [';
const BATCH_TAIL = '\n  ]\n}';
/** Features per JSON.stringify call: large enough to stay in native code, small enough to die young. */
const BATCH = 64;

/** Bytes handed to the output at a time when streaming. */
const CHUNK = 1 << 20;

/**
 * Print the model. With `source`, the JSON also carries the original INI so
 * that `json -> ini` can give the file back byte for byte (and patch it when
 * the model was edited).
 */
export function emitJson(m: Matrix, source?: JsonSource): string {
  return [...pieces(m, source)].join('');
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
    const need = len + p.length * 3;
    if (need > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
    }
    len += buf.write(p, len);
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
    if (len > 0 && len + p.length * 3 > CHUNK) {
      await sink(buf.subarray(0, len));
      len = 0;
    }
    if (p.length * 3 > CHUNK) await sink(Buffer.from(p, 'utf8'));
    else len += buf.write(p, len);
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
