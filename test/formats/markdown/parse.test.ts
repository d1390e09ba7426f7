/**
 * The Markdown parser fmx reads with (src/formats/markdown/parse.ts): the
 * piecewise read (fast path, remark per piece) gives the tree remark-parse
 * with remark-gfm gives for the whole document, block positions included,
 * on every golden Markdown file and on hand-made cases at the edges of the
 * fast path; the fast path really takes fmx's own output; a construct that
 * can reach across headings sends the document to remark whole.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fastBlocks, loadRemark, parseMarkdown } from '../../../src/formats/markdown/parse.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'golden', 'md');
const FILES = readdirSync(GOLDEN).filter((f) => f.endsWith('.md')).sort();
const BLOCKS = new Set(['heading', 'paragraph', 'list', 'listItem', 'table', 'tableRow', 'html']);

/** A tree without inline positions; blocks keep where they start (inline HTML has none), table cells where they start and end (messages point into them). */
function norm(n: Record<string, unknown>, parentType: string): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (k === 'position') {
      const p = v as { start: { line: number; column: number; offset: number }; end: { line: number; column: number; offset: number } };
      if (n.type === 'tableCell') o.at = `${p.start.line}:${p.start.column}:${p.start.offset}-${p.end.line}:${p.end.column}:${p.end.offset}`;
      const inlineHtml = n.type === 'html' && parentType !== 'root' && parentType !== 'listItem';
      if (BLOCKS.has(n.type as string) && !inlineHtml) o.at = `${p.start.line}:${p.start.column}:${p.start.offset}`;
      continue;
    }
    o[k] = k === 'children' ? (v as Record<string, unknown>[]).map((c) => norm(c, n.type as string)) : v;
  }
  return o;
}

const same = (text: string) => expect(norm(parseMarkdown(text) as never, '')).toEqual(norm(parseMarkdown(text, true) as never, ''));

/** Pieces as parseMarkdown cuts them (before each ATX heading). */
function pieces(text: string): string[] {
  const at = [0, ...[...text.matchAll(/^#{1,6}(?:[ \t]|$)/gm)].map((m) => m.index).filter((i) => i > 0), text.length];
  return at.slice(0, -1).map((s, n) => text.slice(s, at[n + 1]));
}


// remark-parse is loaded on first need (asynchronously); these tests parse synchronously.
beforeAll(() => loadRemark());

describe('piecewise Markdown parse', () => {
  it.each(FILES)('%s: the same tree as remark on the whole document', (f) => {
    same(readFileSync(join(GOLDEN, f), 'utf8'));
  });

  it('the fast path reads nearly every piece fmx writes', () => {
    let fast = 0;
    let all = 0;
    for (const f of FILES) {
      for (const p of pieces(readFileSync(join(GOLDEN, f), 'utf8'))) {
        all++;
        if (fastBlocks(p, 1, 0)) fast++;
      }
    }
    expect(fast / all).toBeGreaterThan(0.99);
  });

  it.each([
    ['emphasis and strong at word edges', '# T\n\n- **a**b: c\n- **(x)**<!--fmx {"a":1}-->: d\n\n*a*b and a*b* and **a **b\n'],
    ['escapes and punctuation', '# T\n\nx \\*y\\* \\_z\\_ a_b _c_ 5 < 6 a > b & c &amp; d &#42; \\[e] f]\n'],
    ['web addresses', '# T\n\nsee https://x.org/a. and https\\://y.org/b_c, or www.z.org, a@b.org\n\nhttps://x_y.org/ https://a.b.c/(d)\n'],
    ['lists that are loose or interrupted', '# T\n\n- a\n\n- b\n\n- c\n  lazy\n- d\nlazy\n\n- e\n\n  note\n\n  more\n- f\n'],
    ['block starts inside paragraphs', '# T\n\npara\n- item\n\npara\n1. one\n\npara\n===\n\npara\n    code\n\n> quote\n'],
    ['tables with odd rows', '# T\n\n| a | b |\n| - | :-: |\n| x |\n| y | z | w |\n| `|` | \\| |\n\n| a |\n| -- |\nno pipe\n'],
    ['headings with closing marks', '# T #\n\n## C# <!--fmx {"x":1}-->\n\n### a ##   \n\n####\n'],
    ['code spans', '# T\n\n- **CLI commands:** `a <b>`, ` c `, ``d``, `e\n\n`x` y `` z ``\n'],
    ['trailing spaces and tabs', '# T\n\nline  \nnext\\\nthird\tx\n\n-\ttab\n'],
    ['control characters and CR', '# T\r\n\r\nx\u0000y\r\n'],
    ['a heading inside a fenced block', '# T\n\n```\n### not a heading\n```\n\n## After\n'],
    ['a definition used across headings', '# T\n\n[x]\n\n## B\n\n[x]: https://x.org\n'],
    ['an HTML block over a heading', '# T\n\n<div>\n### inside\n</div>\n'],
    ['autolinks and comments', '# T\n\n<https://x.org/a> <https://x.org/&amp;> <!--fmx {"a":"b"}--> <!--fmx nope\n\n<!--fmx {"a":1}-->\n<!--fmx {"a":1}--> x\n'],
  ])('%s: the same tree as remark', (_, text) => {
    same(text);
  });

  it('keeps true lines and columns in pieces read by remark', () => {
    const text = '# T\n\nplain\n\n## S\n\n- a *b\n\n  c\n';
    const tree = parseMarkdown(text);
    const list = tree.children[3]!;
    expect(list.type).toBe('list');
    expect(list.position?.start).toEqual({ line: 7, column: 1, offset: 18 });
    expect(tree.position?.end).toEqual({ line: 10, column: 1, offset: text.length });
  });

  it('sends a document whose constructs reach across headings to remark whole', () => {
    const text = '```\n# one\n```\n';
    expect(parseMarkdown(text).children.map((c) => c.type)).toEqual(['code']);
  });
});
