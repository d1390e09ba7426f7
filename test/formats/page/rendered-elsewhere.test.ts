/**
 * INIs whose published pages are not in samples/ (octavia, neutron, an older
 * cinder and nova), rendered with the stand-in of test/formats/page/render.ts, read
 * back: as HTML, as a browser copies it, and that copy wrapped at 72 or 60
 * columns (without blank lines).
 */
import type { Root } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import { samplePath } from '../../helpers/samples.js';
import { readPage } from './inputs.js';
import { renderNovaHtml, renderSfcHtml } from './render.js';
import { removeBlankLines, rewrap } from './variations.js';
import { iniModel, shownByRenderer, view, type MatrixView } from './view.js';

/** An empty command (`cli=a;`) is an empty list item: without bullets, a copy cannot show it. */
function withoutEmptyCommands(v: MatrixView): MatrixView {
  return { ...v, features: v.features.map((f) => ({ ...f, cli: f.cli.filter((c) => c !== '') })) };
}
import { toPlain } from '../../../src/model/matrix.js';

const INIS = [
  'octavia-master-feature-matrix-healthmonitor.ini',
  'octavia-master-feature-matrix-l7policy.ini',
  'octavia-master-feature-matrix-l7rule.ini',
  'octavia-master-feature-matrix-lb.ini',
  'octavia-master-feature-matrix-listener.ini',
  'octavia-master-feature-matrix-member.ini',
  'octavia-master-feature-matrix-pool.ini',
  'neutron-master-general-feature-support-matrix.ini',
  'neutron-master-provider-network-support-matrix.ini',
  'cinder-2018-support-matrix.ini',
  'nova-18.0.0-support-matrix.ini',
  'sphinx-feature-classification-fake-support-matrix.ini',
];

describe.each(INIS)('%s', (name) => {
  const ini = iniModel(samplePath(name));
  const html = renderSfcHtml(ini, 'Feature Support Matrix');
  const want = (links: boolean) => view(shownByRenderer(ini), { sortByTitle: true, links });

  test('as HTML', () => {
    const r = readPage(Buffer.from(html), 'html', name + '.html');
    expect(r.warnings).toEqual([]);
    expect(view(r.loaded.matrix, { sortByTitle: true })).toEqual(want(true));
  });

  const copy = toText(unified().use(rehypeParse).parse(html) as Root);
  test.each([
    ['as a browser copies it', copy],
    ['copied and wrapped at 72 columns', rewrap(copy, 72)],
    ['copied, wrapped at 60 columns, blank lines removed', removeBlankLines(rewrap(copy, 60))],
  ])('%s', (_n, text) => {
    const r = readPage(Buffer.from(text), 'txt', name + '.txt');
    expect(r.warnings).toEqual([]);
    expect(view(r.loaded.matrix, { sortByTitle: true, links: false })).toEqual(withoutEmptyCommands(want(false)));
  });
});

/** nova's own renderer (targets dialect), 2015.1.0 to 17.0.0. */
const OLD_NOVA = ['2015.1.0', '12.0.0', '13.0.0', '14.0.0', '16.0.0', '17.0.0'].map((v) => `nova-${v}-support-matrix.ini`);

describe.each(OLD_NOVA)('%s by nova\'s own renderer', (name) => {
  const ini = iniModel(samplePath(name));
  const html = renderNovaHtml(ini, 'Feature Support Matrix');
  const want = view(shownByRenderer(ini), { sortByTitle: true, links: false });

  test('as HTML; with --keys-from, the INI keys and order', () => {
    const r = readPage(Buffer.from(html), 'html', name + '.html');
    expect(r.warnings).toEqual([]);
    expect(r.loaded.matrix.dialect).toBe('targets');
    expect(view(r.loaded.matrix, { sortByTitle: true, links: false })).toEqual(want);
    const keyed = readPage(Buffer.from(html), 'html', name + '.html', ini);
    const plain = toPlain(keyed.loaded.matrix);
    expect(plain.drivers.map((d) => d.key)).toEqual(ini.drivers.map((d) => d.key));
    expect(plain.features.map((f) => [f.key, f.implementations.map((i) => i.driver)])).toEqual(
      ini.features.map((f) => [f.key, f.implementations.map((i) => i.driver)]),
    );
  });

  test('as a browser copies it, wrapped at 100 columns', () => {
    const copy = rewrap(toText(unified().use(rehypeParse).parse(html) as Root), 100);
    const r = readPage(Buffer.from(copy), 'txt', name + '.txt');
    expect(r.warnings).toEqual([]);
    expect(view(r.loaded.matrix, { sortByTitle: true, links: false })).toEqual(withoutEmptyCommands(want));
  });
});

describe("a page with several matrices (octavia's feature classification has one per object)", () => {
  const lb = iniModel(samplePath('octavia-master-feature-matrix-lb.ini'));
  const listener = iniModel(samplePath('octavia-master-feature-matrix-listener.ini'));
  const body = (html: string) => html.slice(html.indexOf('<section'), html.lastIndexOf('</section>') + 10);
  const page =
    '<!DOCTYPE html><html><body><div class="body" role="main">' +
    body(renderSfcHtml(lb, 'Load Balancer')) +
    body(renderSfcHtml(listener, 'Listener')) +
    '</div></body></html>';
  const want = view(shownByRenderer(lb), { sortByTitle: true, links: false });

  test('HTML: the first matrix, and a warning', () => {
    const r = readPage(Buffer.from(page), 'html', 'octavia.html');
    expect(view(r.loaded.matrix, { sortByTitle: true, links: false })).toEqual(want);
    expect(r.warnings.map((w) => w.message)).toEqual([
      "the page holds 2 matrices: only the first is read; save each matrix's section separately to read it",
    ]);
    expect(r.loaded.matrix.document!.postscript).toEqual(['Notes:', 'This document is a continuous work in progress', 'Listener']);
  });

  test('text: the first matrix, and a warning where the next begins', () => {
    const text = toText(unified().use(rehypeParse).parse(page) as Root);
    const r = readPage(Buffer.from(text), 'txt', 'octavia.txt');
    expect(view(r.loaded.matrix, { sortByTitle: true, links: false })).toEqual(want);
    const line = text.split('\n').indexOf('Summary', text.split('\n').indexOf('Listener¶')) + 1;
    expect(r.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      `${line}: another matrix begins here (1 more on the page): only the first is read; save each matrix's section separately to read it`,
      `${line - 2}: text after the closing notes is not read (the site around the page?): 'Listener\u00b6'`,
    ]);
  });
});
