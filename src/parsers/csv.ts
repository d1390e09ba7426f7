/** Placeholder: the csv reader is not written yet. */
import { error } from '../diagnostics.js';
import type { Loaded, ReadOptions } from '../formats.js';

export function read(_bytes: Uint8Array, opts: ReadOptions): Loaded {
  throw error(opts.file, 'reading this format is not supported yet');
}
