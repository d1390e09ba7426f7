/**
 * Markdown writer: the model as mdast blocks (`./tree.ts`), each printed as it
 * is made (the whole tree is never held) by the direct printer (`./print.ts`) where it can prove its bytes are
 * the ones remark-stringify prints for that block, and by remark-stringify
 * (`./stringify.ts`, loaded only then) for the blocks it cannot. A matrix fmx
 * reads from upstream never loads unified, remark nor micromark to be
 * written; one unusual note sends its own block to remark-stringify, not the
 * whole document.
 */

import type { RootContent } from 'mdast';
import type { Loaded, WriteOptions } from '../types.js';
import type { Matrix } from '../../model/matrix.js';
import { buildTree, eachBlock } from './tree.js';
import { BlockPrinter, joinBlocks, joinPrinted } from './print.js';

/** The reference printer, once loaded. */
let reference: typeof import('./stringify.js') | null = null;

/** Load remark-stringify (the reference printer): `emitMarkdown` needs it for a block the direct printer declines. */
export async function loadStringify(): Promise<void> {
  reference ??= await import('./stringify.js');
}

/** The format registry's entry point. */
export function write(loaded: Loaded, _opts: WriteOptions): string | Promise<string> {
  const blocks = printEach(loaded.matrix);
  return joinPrinted(blocks) ?? loadStringify().then(() => finish(loaded.matrix, blocks));
}

/** The document's blocks printed as they are made: only the declined ones are kept as trees. */
function printEach(m: Matrix): (string | RootContent)[] | null {
  const printer = new BlockPrinter();
  eachBlock(m, (b) => printer.add(b));
  return printer.blocks;
}

/** Thrown by `emitMarkdown` for a tree only the reference printer prints, before `loadStringify` has run. */
export class NeedsStringify extends Error {
  constructor() {
    super('remark-stringify is not loaded yet: await loadStringify() first');
  }
}

/** The Markdown of a matrix, synchronously: the direct printer, with the reference for what it declines once loaded. */
export function emitMarkdown(m: Matrix): string {
  const blocks = printEach(m);
  const direct = joinPrinted(blocks);
  if (direct !== null) return direct;
  if (!reference) throw new NeedsStringify();
  return finish(m, blocks);
}

/** The document with the declined blocks printed by the reference (the whole tree, made again, where blocks cannot be printed apart). */
function finish(m: Matrix, blocks: (string | RootContent)[] | null): string {
  const ref = reference!;
  const printed = blocks?.map((b) => (typeof b === 'string' ? b : ref.stringifyBlock(b)));
  return printed && printed.every((b) => b !== null) ? joinBlocks(printed as string[]) : ref.stringifyTree(buildTree(m));
}
