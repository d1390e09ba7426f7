/**
 * Every HTML page under test/fixtures/ (real renders of nova, cinder, neutron
 * and octavia, see each folder's README) reads to the model and the warnings
 * recorded in test/golden/pages/fixtures/<page>.json: what the reader gave
 * when it was built on rehype-parse, before it got its own parser
 * (src/formats/html/dom.ts). They change only when the reading of pages is
 * meant to change: regenerate with FMX_UPDATE_GOLDEN=1, review the diff.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { toPlain } from '../../../src/model/matrix.js';
import { expectGolden } from '../../helpers/golden.js';
import { ROOT } from '../../helpers/samples.js';
import { readPage } from '../page/inputs.js';

const PAGES = readdirSync(ROOT + 'test/fixtures', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.html'))
  .sort();

describe('fixture pages', () => {
  test('cover cinder, neutron and octavia (nova and cinder are in samples/rendered, see test/formats/page)', () => {
    expect(new Set(PAGES.map((p) => basename(p).split('-')[0]))).toEqual(new Set(['cinder', 'neutron', 'octavia']));
  });

  test.each(PAGES)('%s', (page) => {
    const r = readPage(readFileSync(ROOT + 'test/fixtures/' + page), 'html', 'test/fixtures/' + page);
    const out = { inferredKeys: r.loaded.matrix.provenance?.inferredKeys ?? false, warnings: r.warnings.map(formatDiagnostic), model: toPlain(r.loaded.matrix) };
    expectGolden(`pages/fixtures/${basename(page)}.json`, JSON.stringify(out, null, 2) + '\n');
  });
});
