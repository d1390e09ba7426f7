/** Placeholder: the csv writer is not written yet. */
import { error } from '../diagnostics.js';
import type { Loaded, WriteOptions } from '../formats.js';

export function write(_loaded: Loaded, opts: WriteOptions): string {
  throw error(opts.file, 'writing this format is not supported yet');
}
