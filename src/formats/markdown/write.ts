/**
 * Markdown writer: the model as an mdast tree (`./tree.ts`), printed by the
 * direct printer (`./print.ts`) when it can prove its bytes are the ones
 * remark-stringify prints for that tree, and by remark-stringify
 * (`./stringify.ts`, loaded only then) otherwise. A matrix fmx reads from
 * upstream never loads unified, remark nor micromark to be written.
 */

import type { Loaded, WriteOptions } from '../types.js';
import type { Matrix } from '../../model/matrix.js';
import { buildTree } from './tree.js';
import { printTree } from './print.js';


/** The reference printer, once loaded. */
let reference: typeof import('./stringify.js') | null = null;

/** Load remark-stringify (the reference printer): `emitMarkdown` needs it for a tree the direct printer declines. */
export async function loadStringify(): Promise<void> {
  reference ??= await import('./stringify.js');
}

/** The format registry's entry point. */
export function write(loaded: Loaded, _opts: WriteOptions): string | Promise<string> {
  const tree = buildTree(loaded.matrix);
  const direct = printTree(tree);
  if (direct !== null) return direct;
  return loadStringify().then(() => reference!.stringifyTree(tree));
}

/** Thrown by `emitMarkdown` for a tree only the reference printer prints, before `loadStringify` has run. */
export class NeedsStringify extends Error {
  constructor() {
    super('remark-stringify is not loaded yet: await loadStringify() first');
  }
}

/** The Markdown of a matrix, synchronously: the direct printer, or the reference once loaded. */
export function emitMarkdown(m: Matrix): string {
  const tree = buildTree(m);
  const direct = printTree(tree);
  if (direct !== null) return direct;
  if (!reference) throw new NeedsStringify();
  return reference.stringifyTree(tree);
}
