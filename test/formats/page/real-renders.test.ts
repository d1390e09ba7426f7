/**
 * Pages made by the real renderer (sphinx-feature-classification) and copied
 * as text by lynx, w3m, html2text, links, elinks and pandoc
 * (test/fixtures/renders/, see its README): each reads to its INI's model,
 * field for field, with white space and typography folded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ROOT, samplePath } from '../../helpers/samples.js';
import { readPage } from './inputs.js';
import { iniModel, shownByRenderer, view } from './view.js';

const DIR = ROOT + 'test/fixtures/renders/';
const RENDER = /^(.+-matrix(?:-[a-z0-9]+)?)\.(html|[a-z0-9-]+\.txt)$/;
const cases = readdirSync(DIR)
  .map((file) => RENDER.exec(file))
  .filter((m) => m !== null)
  .map((m) => ({ file: m[0], ini: m[1] + '.ini', tool: m[2]!.replace(/\.txt$/, '') }))
  .sort((a, b) => (a.file < b.file ? -1 : 1));

describe('real renders', () => {
  test('cover every tool and four projects', () => {
    const tools = new Set(cases.map((c) => c.tool));
    for (const t of ['html', 'lynx', 'lynx-refs', 'lynx60', 'w3m', 'w3m60', 'html2text', 'h2t60', 'links', 'elinks', 'pandoc', 'pandoc-nowrap', 'pandoc-gfm']) {
      expect(tools, t).toContain(t);
    }
    expect(new Set(cases.map((c) => c.ini.split('-')[0]))).toEqual(new Set(['nova', 'cinder', 'neutron', 'octavia']));
  });

  describe.each(cases)('$file', ({ file, ini, tool }) => {
    test('gives the INI model, matched by title', () => {
      const html = tool === 'html';
      const want = view(shownByRenderer(iniModel(samplePath(ini))), { sortByTitle: true, links: html });
      const got = view(readPage(readFileSync(DIR + file), html ? 'html' : 'txt', file).loaded.matrix, { sortByTitle: true, links: html });
      expect(got.drivers).toEqual(want.drivers);
      expect(got.features.map((f) => f.title)).toEqual(want.features.map((f) => f.title));
      got.features.forEach((f, i) => expect(f, f.title).toEqual(want.features[i]));
    });
  });
});
