/**
 * The Markdown fast paths are exact on random matrices (the hostile strings
 * of arbitraries.ts in every text field): the writer's text handler prints
 * what mdast-util-to-markdown's own escaping prints, and the piecewise parse
 * (fast path, remark per piece) gives the tree remark gives for the whole
 * document.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitMarkdown } from '../../src/formats/markdown/write.js';
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
beforeAll(() => loadRemark());

describe('Markdown fast paths are exact', () => {
  it('writer: the fast text handler prints what the library escaping prints', { timeout: guard(120_000) }, () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        expect(emitMarkdown(m)).toBe(emitMarkdown(m, true));
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
