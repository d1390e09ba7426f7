/**
 * Generated models (fast-check): any text in titles, notes, statuses, links,
 * lists and extras round trips through Markdown, fmx's HTML page, CSV long and XLSX. Runs:
 * FMX_FUZZ_RUNS (default 40; XLSX a quarter of it).
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRemark } from '../../src/formats/markdown/parse.js';
import { emitCsv } from '../../src/formats/csv/write.js';
import { emitMarkdown, loadStringify } from '../../src/formats/markdown/write.js';
import { emitHtml } from '../../src/formats/html/write.js';
import { read as readHtml } from '../../src/formats/html/read.js';
import { emitXlsx } from '../../src/formats/xlsx/write.js';
import { read as readXlsx } from '../../src/formats/xlsx/read.js';
import { newFeature, type Matrix } from '../../src/model/matrix.js';
import { readCsvText } from '../../src/formats/csv/read.js';
import { readMarkdownText } from '../../src/formats/markdown/read.js';
import { collectingOptions, plain } from './models.js';

const RUNS = Number(process.env.FMX_FUZZ_RUNS ?? 40);

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\n', 'a\n\nb', '*', '|', '`', '<!--', '-->', '\\', '&amp;', '[x]: /y', '# h', '1.', '- x', "'=1", '=1', '✔', '◐'),
);
const nullable = fc.option(text, { nil: null });
const item = text.filter((s) => !s.includes(';'));

const model = fc
  .record({
    dialect: fc.constantFrom('support-matrix', 'targets', 'feature-classification' as const),
    drivers: fc.uniqueArray(fc.record({ key: text, title: nullable, link: nullable }), { selector: (d) => d.key, minLength: 1, maxLength: 4 }),
    features: fc.uniqueArray(
      fc.record({
        key: text.filter((k) => k !== ''),
        title: nullable,
        status: nullable,
        group: nullable,
        notes: nullable,
        api: nullable,
        cli: fc.array(item, { maxLength: 3 }),
        cells: fc.array(fc.record({ status: text, notes: nullable, release: nullable }), { maxLength: 4 }),
        extras: fc.array(fc.record({ name: text, value: text }), { maxLength: 2 }),
      }),
      { selector: (f) => f.key, minLength: 1, maxLength: 4 },
    ),
    document: fc.option(fc.record({ title: nullable, preamble: fc.array(text, { maxLength: 2 }), postscript: fc.array(text, { maxLength: 2 }) }), { nil: undefined }),
  })
  .map((r): Matrix => {
    const m: Matrix = { format: 'fmx/matrix', version: 1, dialect: r.dialect as Matrix['dialect'], drivers: r.drivers, features: [] };
    for (const f of r.features) {
      const feature = newFeature(f.key, f.title);
      Object.assign(feature, { status: f.status, group: f.group, notes: f.notes, api: f.api, cli: f.cli.filter((c, n, a) => !(a.length === 1 && c === '')) });
      f.cells.forEach((c, n) => {
        if (n < r.drivers.length) feature.implementations.push({ driver: r.drivers[n]!.key, ...c });
      });
      if (f.extras.length) feature.extras = f.extras;
      m.features.push(feature);
    }
    if (r.document) m.document = r.document;
    return m;
  });


// The Markdown reader loads remark-parse on first need (asynchronously); these tests read synchronously.
beforeAll(() => Promise.all([loadRemark(), loadStringify()]));

describe('generated models', () => {
  it('round trip through Markdown', () => {
    fc.assert(
      fc.property(model, (m) => {
        const back = readMarkdownText(emitMarkdown(m), collectingOptions('x.md').read);
        expect(plain(back.matrix)).toEqual(plain(m));
      }),
      { numRuns: RUNS },
    );
  });

  it("round trip through fmx's HTML page", () => {
    fc.assert(
      fc.property(model, (m) => {
        const back = readHtml(Buffer.from(emitHtml(m), 'utf8'), collectingOptions('x.html').read);
        expect(plain(back.matrix)).toEqual(plain(m));
      }),
      { numRuns: RUNS },
    );
  });

  it('round trip through CSV long, guarded and raw', () => {
    fc.assert(
      fc.property(model, fc.boolean(), (m, formulaGuard) => {
        const back = readCsvText(emitCsv(m, { layout: 'long', formulaGuard }), collectingOptions('x.csv').read);
        expect(plain(back.matrix)).toEqual(plain(m));
      }),
      { numRuns: RUNS },
    );
  });

  it('round trip through XLSX', async () => {
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        const back = await readXlsx(await emitXlsx(m), collectingOptions('x.xlsx').read);
        expect(plain(back.matrix)).toEqual(plain(m));
      }),
      { numRuns: Math.max(5, Math.round(RUNS / 4)) },
    );
  });
});
