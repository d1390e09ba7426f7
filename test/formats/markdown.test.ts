/**
 * Markdown: INI -> md -> model equals INI -> model for every sample and for
 * the hostile model (with extras and document text); hostile text stays
 * inert (no raw HTML, links or code the data did not ask for); edits made in
 * review come back; a hand-written table reads by titles.
 * Golden files: test/golden/md/ (regenerate: FMX_UPDATE_GOLDEN=1 npx vitest run test/formats).
 */

import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { emitMarkdown } from '../../src/emitters/markdown.js';
import { sniffFormat } from '../../src/formats.js';
import { readMarkdownText } from '../../src/parsers/markdown.js';
import { expectGolden } from '../helpers/golden.js';
import { HOSTILE, INI_SAMPLES, collectingOptions, hostileModel, plain, sampleModel } from './models.js';

function readBack(text: string, extra: Partial<Parameters<typeof readMarkdownText>[1]> = {}) {
  const { read, warnings } = collectingOptions('x.md');
  return { ...readMarkdownText(text, { ...read, ...extra }), warnings };
}

describe('markdown round trip', () => {
  it.each(INI_SAMPLES)('%s: INI -> md -> model equals INI -> model; golden', (name) => {
    const m = sampleModel(name);
    const md = emitMarkdown(m);
    const back = readBack(md);
    expect(plain(back.matrix)).toEqual(plain(m));
    expect(back.warnings).toEqual([]);
    expect(back.inferredKeys).toBeUndefined();
    expect(sniffFormat(Buffer.from(md))).toBe('md');
    expectGolden(`md/${name.replace(/\.ini$/, '.md')}`, md);
  });

  it.each(['support-matrix', 'targets', 'feature-classification'] as const)('hostile model (%s) round trips', (dialect) => {
    const m = hostileModel(dialect);
    const back = readBack(emitMarkdown(m));
    expect(plain(back.matrix)).toEqual(plain(m));
    expect(back.warnings).toEqual([]);
  });

  it('a model without document text and extras stays without them', () => {
    const m = hostileModel();
    delete m.document;
    delete m.extras;
    expect(plain(readBack(emitMarkdown(m)).matrix)).toEqual(plain(m));
  });
});
