/**
 * The direct Markdown printer (src/formats/markdown/print.ts) prints the very
 * bytes remark-stringify prints for the same tree (with the library's own
 * escaping throughout: `stringifyTree(tree, true)`), wherever it does not
 * decline: on every sample (INI, rendered pages, texts, read through the
 * registry) and every golden Markdown file, on random matrices of hostile
 * text (test/property/arbitraries.ts), on random matrices of text made of
 * Markdown's special characters, and text by text against the library's
 * `safe` in each place fmx prints text. It declines none of the samples.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { Root } from 'mdast';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeText, printBlocks, printTree } from '../../../src/formats/markdown/print.js';
import { emitMarkdown, loadStringify } from '../../../src/formats/markdown/write.js';
import { gfmToMarkdownOnly, STRINGIFY, stringifyBlock, stringifyTree } from '../../../src/formats/markdown/stringify.js';
import { buildTree, slugBase } from '../../../src/formats/markdown/tree.js';
import { readBytes } from '../../../src/formats/registry.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { guard, matrixArb, params } from '../../property/arbitraries.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FILES = [
  ...readdirSync(join(ROOT, 'samples'))
    .filter((f) => f.endsWith('.ini'))
    .map((f) => join('samples', f)),
  ...readdirSync(join(ROOT, 'samples', 'rendered')).map((f) => join('samples', 'rendered', f)),
  ...readdirSync(join(ROOT, 'test', 'golden', 'md'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('test', 'golden', 'md', f)),
].sort();


async function model(file: string): Promise<Matrix> {
  const { loaded } = await readBytes(readFileSync(join(ROOT, file)), { file, warn: () => {} });
  return loaded.matrix;
}

/** The direct printer's output, checked against the library's; null where it declines. */
function direct(m: Matrix): string | null {
  const tree = buildTree(m);
  const got = printTree(tree);
  if (got !== null) expect(got).toBe(stringifyTree(tree, true));
  return got;
}

describe('the direct Markdown printer prints what remark-stringify prints', () => {
  it.each(FILES)('%s', async (file) => {
    // Every sample goes the direct way: the comparison is never empty.
    expect(direct(await model(file))).not.toBeNull();
  });

  it('on random matrices of hostile text', { timeout: guard(120_000) }, () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        direct(m);
      }),
      params(100),
    );
    // (Few of these go the direct way: nearly every one holds some text left to remark-stringify.)
  });

  it('on random matrices of text made of Markdown specials', { timeout: guard(120_000) }, () => {
    let printed = 0;
    let runs = 0;
    fc.assert(
      fc.property(matrixArb, fc.array(printable, { minLength: 40, maxLength: 40 }), fc.array(printableText, { minLength: 20, maxLength: 20 }), (m, lines, texts) => {
        runs++;
        if (direct(tame(m, lines, texts)) !== null) printed++;
      }),
      params(150),
    );
    // Many of them go the direct way: the comparison above is not empty.
    expect(printed / runs).toBeGreaterThan(0.3);
  });
});

describe('block by block: the blocks the direct printer declines go to remark-stringify, the rest do not', () => {
  beforeAll(() => loadStringify());

  it('on random matrices of hostile text, the document is what remark-stringify prints for the whole tree', { timeout: guard(120_000) }, () => {
    let mixed = 0;
    fc.assert(
      fc.property(matrixArb, (m) => {
        const tree = buildTree(m);
        const blocks = printBlocks(tree);
        if (blocks && blocks.some((b) => typeof b === 'string') && blocks.some((b) => typeof b !== 'string')) mixed++;
        expect(emitMarkdown(m)).toBe(stringifyTree(tree, true));
      }),
      params(100),
    );
    // Most of them mix the two printers: the joins between them are tested.
    expect(mixed).toBeGreaterThan(30);
  });

  it('one unusual note sends its own block to remark-stringify, and only that block', async () => {
    const m = await model('samples/nova-33.0.0-support-matrix.ini');
    const whole = printBlocks(buildTree(m))!;
    expect(whole.every((b) => typeof b === 'string')).toBe(true);
    // A line of the note that starts with `|`: the direct printer leaves it to the library.
    m.features[3]!.notes = 'Works with a pipe:\n| a | b |';
    const tree = buildTree(m);
    const blocks = printBlocks(tree)!;
    const declined = blocks.filter((b) => typeof b !== 'string');
    expect(declined).toHaveLength(1);
    expect(declined[0]!.type).toBe('paragraph');
    expect(blocks.length).toBe(whole.length);
    // Every other block is printed as before, and the document is the library's.
    blocks.forEach((b, n) => {
      if (typeof b === 'string') expect(b).toBe(whole[n]);
    });
    const md = emitMarkdown(m);
    expect(md).toBe(stringifyTree(tree, true));
    expect(md).toContain('\\| a | b |');
  });

  it('two lists in a row are printed by remark-stringify as a whole (it changes the second bullet)', () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a' }] }] }] },
        { type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'b' }] }] }] },
      ],
    };
    expect(printBlocks(tree)).toBeNull();
    expect(stringifyTree(tree, true)).toBe('- a\n\n* b\n');
  });

  it('a block remark-stringify prints alone is the block it prints among its siblings', () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'heading', depth: 2, children: [{ type: 'text', value: 'H | x' }] },
        { type: 'paragraph', children: [{ type: 'text', value: '| a\n- b\tc' }] },
        { type: 'html', value: '<!--x-->' },
      ],
    };
    const alone = tree.children.map((b) => stringifyBlock(b));
    expect(alone.join('\n\n') + '\n').toBe(stringifyTree(tree));
  });
});

describe('heading ids', () => {
  it('are what the Unicode rule gives, whether the heading is ASCII (a faster path) or not', () => {
    const reference = (h: string) => h.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'grapheme' }), fc.string()), (h) => {
        expect(slugBase(h)).toBe(reference(h));
      }),
      { numRuns: 2000 },
    );
    expect(slugBase('Attach block volume (x86_64) to an Instance!')).toBe('attach-block-volume-x86_64-to-an-instance');
    expect(slugBase('Éteindre — l’instance')).toBe('éteindre--linstance');
  });
});

// ------------------------------------------------------------------ text by text

/** Pieces of text: words, and what Markdown, GFM and HTML give a meaning to. */
const PIECES = [
  'word', 'Hyper-V', 'image_cache', 'a_b', 'a__b', '_x', 'x_', 'https://x.org/a', 'http://x', 'www.openstack.org', 'review.openstack.org',
  'w.', 'W.a', 'ps:/', '*', '**', '[x]', '[', ']', '`c`', '`', '~', '!', '![', '&', '& b', '&amp;', '&#1;', '<', '< 6', '<b>', '<a@b>', 'a@b.org',
  '(', ')', '](', '2.93', '3)', '12.', '1. ', '#', '# h', '-', '- ', '--', '+ ', '=', '>', ':', ':-', 'ß', 'é', '🎉', '—', '·', '✔', '"', "'",
  ' ', '  ', '.', ',', '?', 'A', 'z9', '\\', '|', '\t', '__', '\u00a0', '\u200b',
];
const piece = fc.constantFrom(...PIECES);
/** One line of such text (a title, a field value). */
const special = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
/** Several lines (notes), perhaps with blank lines and spaces at their ends. */
const specialText = fc.array(fc.oneof(special, fc.constantFrom('', ' ', 'x ')), { minLength: 1, maxLength: 5 }).map((l) => l.join('\n'));

/** Lines of words and the specials the direct printer escapes itself (a few it leaves to remark-stringify). */
const printable = fc
  .array(
    fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom('word', 'Hyper-V', 'image_cache', 'a_b', 'https://x.org/a', 'www.openstack.org', '*', '[x]', '`c`', '~', '& b', '< 6', '(x)', '2.93', '#', 'ß', '🎉', '—', '✔', '"', '.', ',', 'x:y', '_x', ']', '!', '@') },
      { weight: 1, arbitrary: piece },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((p) => 'A ' + p.join(' '));
const printableText = fc.array(fc.oneof({ weight: 9, arbitrary: printable }, { weight: 1, arbitrary: fc.constant('') }), { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'));

/** The matrix with its text replaced by these lines and texts. */
function tame(m: Matrix, lines: string[], texts: string[]): Matrix {
  let l = 0;
  let t = 0;
  const line = () => lines[l++ % lines.length]!;
  const text = () => texts[t++ % texts.length]!;
  const keep = <T>(v: T | null, f: () => T): T | null => (v === null ? null : f());
  for (const d of m.drivers) {
    d.title = keep(d.title, line);
    d.link = keep(d.link, line);
  }
  for (const f of m.features) {
    f.title = keep(f.title, line);
    f.notes = keep(f.notes, text);
    f.api = keep(f.api, line);
    f.apiDocLink = keep(f.apiDocLink, line);
    f.adminDocLink = keep(f.adminDocLink, line);
    f.cli = f.cli.map(line);
    f.tempestTestUuids = f.tempestTestUuids.map(line);
    for (const i of f.implementations) {
      i.notes = keep(i.notes, text);
      i.release = keep(i.release, line);
    }
  }
  return m;
}

type Where = Parameters<typeof escapeText>[3];

/** The constructs around text in each place fmx prints it, as mdast-util-to-markdown names them. */
const STACKS: Record<Where, string[]> = {
  flow: ['list', 'listItem', 'paragraph', 'phrasing'],
  inline: ['paragraph', 'phrasing', 'strong'],
  heading: ['headingAtx', 'phrasing'],
  cell: ['table', 'tableRow', 'tableCell', 'phrasing'],
  label: ['table', 'tableRow', 'tableCell', 'phrasing', 'link', 'label'],
};

interface SafeState {
  stack: string[];
  safe(value: string, config: { before: string; after: string }): string;
}

/** The state remark-stringify escapes text with (its options, GFM, fmx's extra pattern). */
function libraryState(): SafeState {
  let state: SafeState | undefined;
  const capture = (node: { value: string }, _parent: unknown, s: unknown) => {
    state = s as SafeState;
    return node.value;
  };
  unified()
    .use(gfmToMarkdownOnly)
    .use(remarkStringify, { ...STRINGIFY, handlers: { text: capture as never } })
    .stringify({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'x' }] }] });
  return state!;
}

describe('text escaping', () => {
  const state = libraryState();
  const safe = (value: string, before: string, after: string, where: Where) => {
    state.stack = [...STACKS[where]];
    return state.safe(value, { before, after });
  };
  const around = fc.constantFrom('', '\n', ' ', '*', '**', '# ', '|', '[', '](', '<', '`', 'a', 'w', 's', '.', '_', '!', ']', '9', '🎉', '-');

  it.each(Object.keys(STACKS) as Where[])('%s: what safe prints, wherever it does not decline', (where) => {
    let printed = 0;
    let runs = 0;
    fc.assert(
      fc.property(where === 'flow' ? specialText : special, around, around, (value, before, after) => {
        runs++;
        const got = escapeText(value, before, after, where);
        if (got === null) return;
        printed++;
        expect(got).toBe(safe(value, before, after, where));
      }),
      params(3000),
    );
    expect(printed / runs).toBeGreaterThan(0.15);
  });

  it('a `<` whose escape hangs on the next character, when that one is escaped anyway, is left to the library', () => {
    // The library skips the `<` escape there (found by the property above: seeds 368339532, -1601501136).
    for (const where of Object.keys(STACKS) as Where[]) {
      const value = '<`c`a@b.orgword';
      const got = escapeText(value, '', '', where);
      expect(got === null || got === safe(value, '', '', where)).toBe(true);
    }
    expect(safe('<`c`a@b.org', '', '', 'label')).toBe('<\\`c\\`a@b.org');
    expect(escapeText('<`c`a@b.org', '', '', 'label')).toBeNull();
    expect(escapeText('<*a@b', '', '', 'cell')).toBeNull();
    expect(escapeText('<__a@b.org', '', '', 'label')).toBeNull();
  });

  it.each([
    ['https://x.org/a', 'https\\://x.org/a'],
    ['see review.openstack.org', 'see review\\.openstack.org'],
    ['w.W.a', 'w\\.W.a'],
    ['the [image_cache] group', 'the \\[image_cache] group'],
    ['a *b* _c_ `d` ~e~', 'a \\*b\\* \\_c\\_ \\`d\\` \\~e\\~'],
    ['x & y < z', 'x & y < z'],
    ['nova host-update <host> &amp; <!-- x', 'nova host-update \\<host> \\&amp; \\<!-- x'],
  ])('%j -> %j', (value, printed) => {
    expect(escapeText(value, '\n', '\n', 'flow')).toBe(printed);
    expect(safe(value, '\n', '\n', 'flow')).toBe(printed);
  });
});
