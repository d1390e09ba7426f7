/**
 * The published pages read to the model of the INI they were rendered from:
 * every title, status, group, notes, cli, driver title, cell status and cell
 * notes (white space and typography folded, src/fold.ts), for the features
 * the renderer shows.
 *
 * Order. sphinx-feature-classification shows drivers sorted by title (summary
 * columns, and each feature's driver list); nova's old renderer listed them
 * in Python 2 dict order. Without --keys-from the model keeps the page's
 * order; with it, drivers and each feature's cells are put back in the INI's
 * order, and the keys are the INI's.
 *
 * Golden models: test/golden/pages/<page>.json holds the model each page
 * reads to (and its warnings); <page>.keys-from.json the nova 15.0.0 page read
 * with --keys-from its INI. After an intended change, regenerate with
 * `FMX_UPDATE_GOLDEN=1 npx vitest run test/pages` and review the diff by eye.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { toPlain, type Matrix } from '../../../src/model/matrix.js';
import { expectGolden } from '../../helpers/golden.js';
import { samplePath } from '../../helpers/samples.js';
import { PAGE_INPUTS, readPageInput, type PageInput, type PageRead } from './inputs.js';
import { byCodePoint, iniModel, shownByRenderer, view, type MatrixView } from './view.js';

/**
 * What no reader can restore: the tool that copied the nova 15.0.0 page
 * dropped the VMware vCenter note of "Live migrate instance across hosts",
 * which was only a link. The expectation says so explicitly.
 */
function knownLosses(input: PageInput, expected: MatrixView): void {
  if (!input.page.includes('nova-15.0.0')) return;
  const f = expected.features.find((x) => x.title === 'Live migrate instance across hosts')!;
  const c = f.cells.find((x) => x.driver === 'VMware vCenter')!;
  expect(c.notes).toBe('https://bugs.launchpad.net/nova/+bug/1192192');
  c.notes = null;
}

function golden(r: PageRead): string {
  const out = { inferredKeys: r.loaded.matrix.provenance?.inferredKeys ?? false, warnings: r.warnings.map(formatDiagnostic), model: toPlain(r.loaded.matrix) };
  return JSON.stringify(out, null, 2) + '\n';
}

function expectedFor(input: PageInput, ini: Matrix, sortByTitle: boolean): MatrixView {
  const e = view(shownByRenderer(ini), { sortByTitle, links: input.format === 'html' });
  knownLosses(input, e);
  return e;
}

describe.each(PAGE_INPUTS.map((i) => [i.page, i] as const))('%s', (_name, input) => {
  const ini = iniModel(samplePath(input.ini));
  const plain = readPageInput(input);
  const keyed = readPageInput(input, ini);

  test('golden model', () => {
    expectGolden(`pages/${basename(input.page)}.json`, golden(plain));
    if (input.page.includes('nova-15.0.0')) expectGolden(`pages/${basename(input.page)}.keys-from.json`, golden(keyed));
  });

  test('gives the INI model, field for field, matched by title', () => {
    const got = view(plain.loaded.matrix, { sortByTitle: true, links: input.format === 'html' });
    const want = expectedFor(input, ini, true);
    expect(got.dialect).toBe(want.dialect);
    expect(got.drivers).toEqual(want.drivers);
    expect(got.features.map((f) => f.title)).toEqual(want.features.map((f) => f.title));
    got.features.forEach((f, i) => expect(f, f.title).toEqual(want.features[i]));
    expect(plain.loaded.matrix.provenance?.inferredKeys).toBe(true);
  });

  test('keeps the order the page gives', () => {
    const m = plain.loaded.matrix;
    const titles = m.drivers.map((d) => d.title!);
    if (input.renderer === 'sfc') {
      expect(titles).toEqual([...titles].sort(byCodePoint));
    } else {
      // nova's old renderer: one dict order for every feature, not the INI's.
      expect(titles).not.toEqual(ini.drivers.map((d) => d.title));
    }
    const title = new Map(m.drivers.map((d) => [d.key, d.title]));
    for (const f of m.features) {
      const order = f.implementations.map((i) => title.get(i.driver));
      expect(order, f.title!).toEqual(titles.filter((t) => order.includes(t)));
    }
  });

  test('with --keys-from: the INI keys and the INI order', () => {
    const m = keyed.loaded.matrix;
    const shown = shownByRenderer(ini);
    expect(keyed.loaded.matrix.provenance).toEqual({ foldedText: true });
    expect(m.drivers.map((d) => d.key)).toEqual(shown.drivers.map((d) => d.key));
    expect(m.features.map((f) => f.key)).toEqual(shown.features.map((f) => f.key));
    m.features.forEach((f, i) => {
      expect(f.implementations.map((c) => c.driver), f.key).toEqual(shown.features[i]!.implementations.map((c) => c.driver));
    });
    const got = view(m, { links: input.format === 'html' });
    const want = expectedFor(input, ini, false);
    expect(got).toEqual(want);
  });

  test('warns about what it cannot place, and about nothing else', () => {
    const lines = readFileSync(samplePath(input.page), 'utf8').split('\n');
    if (input.page.includes('nova-15.0.0')) {
      expect(plain.warnings).toHaveLength(20);
      for (const w of plain.warnings) {
        expect(lines[w.line! - 1]).toBe('- Libvirt KVM (s390x):');
        expect(formatDiagnostic(w)).toMatch(
          /^samples\/rendered\/nova-15\.0\.0-support-matrix\.txt:\d+: warning: driver title 'Libvirt KVM \(s390x\)' with no status after the drivers of '.+'$/,
        );
      }
    } else if (input.format === 'txt') {
      // The site around the page (Sphinx's sidebar and footer), after the closing notes.
      expect(plain.warnings).toHaveLength(1);
      expect(plain.warnings[0]!.ruleId).toBe('page-after-notes');
      expect(lines[plain.warnings[0]!.line! - 1]).toBe('X');
      expect(plain.warnings[0]!.message).toMatch(/^text after the closing notes is not read \(the site around the page\?\): 'X Navigation Related Topics/);
    } else {
      expect(plain.warnings.map(formatDiagnostic)).toEqual([]);
    }
    expect(keyed.warnings.map(formatDiagnostic)).toEqual(plain.warnings.map(formatDiagnostic));
  });
});

describe('the document around the matrix', () => {
  test('nova 15.0.0 text: title, warning and principles before, notes after', () => {
    const d = readPageInput(PAGE_INPUTS[0]!).loaded.matrix.document!;
    expect(d.title).toBe('Feature Support Matrix');
    expect(d.preamble[0]).toBe('Warning');
    expect(d.preamble).toHaveLength(7);
    expect(d.preamble.slice(3).map((p) => p.split(' - ')[0])).toEqual(['Inclusivity', 'Bootstrapping', 'Competition', 'Reality']);
    expect(d.postscript).toEqual(['Notes', 'Virtuozzo was formerly named Parallels in this document']);
  });

  test('HTML: the page title without its permalink, the closing notes, no site navigation', () => {
    const d = readPageInput(PAGE_INPUTS[1]!).loaded.matrix.document!;
    expect(d).toEqual({ title: 'Feature Support Matrix', preamble: [], postscript: ['Notes:', 'This document is a continuous work in progress'] });
  });

  test('text: the closing notes end with their list; the site after them is not read, and said so', () => {
    const r = readPageInput(PAGE_INPUTS[2]!);
    expect(r.loaded.matrix.document).toEqual({ title: 'Feature Support Matrix', preamble: [], postscript: ['Notes:', 'This document is a continuous work in progress'] });
    expect(r.warnings.map((w) => w.ruleId)).toEqual(['page-after-notes']);
  });
});

describe('typography', () => {
  test('the model keeps the page’s smart punctuation; the fold makes it equal to the INI', () => {
    const input = PAGE_INPUTS[1]!;
    const m = readPageInput(input).loaded.matrix;
    const f = m.features.find((x) => x.title === 'Attach tagged block device to instance')!;
    expect(f.notes).toContain('\u201cDevice tags\u201d');
    const ini = iniModel(samplePath(input.ini)).features.find((x) => x.key === 'operation.attach-tagged-volume')!;
    expect(ini.notes).toContain('"Device tags"');
    expect(view(m).features.find((x) => x.title === f.title)!.notes).toBe(view(shownByRenderer(iniModel(samplePath(input.ini)))).features.find((x) => x.title === f.title)!.notes);
  });
});
