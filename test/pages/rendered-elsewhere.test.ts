/**
 * INIs whose published pages are not in samples/ (octavia, neutron, an older
 * cinder and nova), rendered with the stand-in of test/pages/render.ts, read
 * back: as HTML, as a browser copies it, and that copy wrapped at 72 columns.
 */
import type { Root } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import { samplePath } from '../helpers/samples.js';
import { readPage } from './inputs.js';
import { renderSfcHtml } from './render.js';
import { rewrap } from './variations.js';
import { iniModel, shownByRenderer, view } from './view.js';

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
  ])('%s', (_n, text) => {
    const r = readPage(Buffer.from(text), 'txt', name + '.txt');
    expect(r.warnings).toEqual([]);
    expect(view(r.loaded.matrix, { sortByTitle: true, links: false })).toEqual(want(false));
  });
});
