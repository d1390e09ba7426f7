/** JSON writer: the model's public JSON form (`fmx/matrix` version 1). */

import type { Loaded, WriteOptions } from '../formats.js';
import { toPlain, type Matrix } from '../model.js';

export interface JsonSource {
  /** The format of the embedded source; only `ini` is defined. */
  type: 'ini';
  /** The complete source text, a leading BOM included as U+FEFF. */
  text: string;
}

/**
 * Print the model. With `source`, the JSON also carries the original INI so
 * that `json -> ini` can give the file back byte for byte (and patch it when
 * the model was edited).
 */
export function emitJson(m: Matrix, source?: JsonSource): string {
  const plain: Matrix & { source?: JsonSource } = toPlain(m);
  if (source) plain.source = { type: source.type, text: source.text };
  return JSON.stringify(plain, null, 2) + '\n';
}

/** The format registry's entry point. */
export function write(loaded: Loaded, opts: WriteOptions): string {
  if (opts.withSource && !loaded.ini) {
    opts.warn({ file: opts.file, message: '--with-source: the input has no INI source to embed', severity: 'warning' });
  }
  const ini = opts.withSource ? loaded.ini : undefined;
  return emitJson(loaded.matrix, ini ? { type: 'ini', text: (ini.source.bom ? '\ufeff' : '') + ini.source.text } : undefined);
}
