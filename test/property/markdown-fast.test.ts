/**
 * The Markdown fast paths are exact on random matrices (the hostile strings
 * of arbitraries.ts in every text field): the reference printer's text
 * handler, and the writer (direct printer or reference), print what
 * mdast-util-to-markdown's own escaping prints, and the piecewise parse
 * (fast path, remark per piece) gives the tree remark gives for the whole
 * document.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitMarkdown, loadStringify } from '../../src/formats/markdown/write.js';
import { stringifyTree } from '../../src/formats/markdown/stringify.js';
import { buildTree } from '../../src/formats/markdown/tree.js';
import { loadRemark, parseMarkdown } from '../../src/formats/markdown/parse.js';
import { guard, matrixArb, params } from './arbitraries.js';

/** Block nodes keep where they start; inline nodes lose their positions. */
function norm(n: unknown): unknown {
  if (Array.isArray(n)) return n.map(norm);
  if (typeof n !== 'object' || n === null) return n;
  const o: Record<string, unknown> = {};
  const node = n as Record<string, unknown>;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'position') continue;
    o[k] = norm(v);
  }
  return o;
}


// remark-parse is loaded on first need (asynchronously); these tests parse synchronously.
beforeAll(() => Promise.all([loadRemark(), loadStringify()]));

describe('Markdown fast paths are exact', () => {
  it('writer: the fast text handler and the writer print what the library escaping prints', { timeout: guard(120_000) }, () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        const library = stringifyTree(buildTree(m), true);
        expect(stringifyTree(buildTree(m))).toBe(library);
        expect(emitMarkdown(m)).toBe(library);
      }),
      params(60),
    );
  });

  it('reader: the piecewise parse gives the tree remark gives the whole document', { timeout: guard(120_000) }, () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        const md = emitMarkdown(m);
        expect(norm(parseMarkdown(md))).toEqual(norm(parseMarkdown(md, true)));
      }),
      params(60),
    );
  });
});
