/**
 * A page copied from a browser: the text of the HTML pages as the innerText
 * algorithm gives it (hast-util-to-text implements it): no bullets, no
 * indentation, table cells separated by tabs, lines never wrapped. It reads to
 * the model of the INI the page was rendered from (by title; as with the
 * other inputs, test/formats/page/pages.test.ts).
 */
import { readFileSync } from 'node:fs';
import type { Root } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import { samplePath } from '../../helpers/samples.js';
import { PAGE_INPUTS, readPage } from './inputs.js';
import { iniModel, shownByRenderer, view } from './view.js';

describe.each(PAGE_INPUTS.filter((i) => i.format === 'html').map((i) => [i.page, i] as const))('%s copied from a browser', (_n, input) => {
  test('reads to the model of its INI', () => {
    const tree = unified().use(rehypeParse).parse(readFileSync(samplePath(input.page), 'utf8')) as Root;
    const text = toText(tree);
    expect(text).toContain('\t\u2714\t');
    const got = readPage(Buffer.from(text, 'utf8'), 'txt', 'copy.txt');
    // The page's sidebar, copied too, comes after the closing notes.
    expect(got.warnings.map((w) => w.ruleId)).toEqual(['page-after-notes']);
    expect(got.loaded.matrix.document!.postscript).toEqual(['Notes:', 'This document is a continuous work in progress']);
    const want = view(shownByRenderer(iniModel(samplePath(input.ini))), { sortByTitle: true, links: false });
    expect(view(got.loaded.matrix, { sortByTitle: true, links: false })).toEqual(want);
  });
});
