/**
 * Edits written back into the original INI change only their own lines.
 * Each edit is checked three ways: the exact `diff -U0` against the base
 * (golden, test/golden/edit/), its shape (one line out and one in, additions
 * only, deletions only), and CPython configparser's reading of the result,
 * which must be exactly the edited model.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchIni } from '../../src/formats/ini/patch.js';
import { newFeature, toPlain, type Matrix } from '../../src/model/matrix.js';
import { readIniText } from '../../src/formats/ini/read.js';
import { expectGolden } from '../helpers/golden.js';
import { lineDiff } from '../helpers/linediff.js';
import { python3, runOracle } from '../helpers/python.js';
import { sampleBytes } from '../helpers/samples.js';

const FILES = [
  'nova-33.0.0-support-matrix.ini',
  'nova-15.0.0-support-matrix.ini',
  'cinder-master-support-matrix.ini',
  'nova-master-feature-matrix-gp.ini',
  'neutron-2017-03-general-feature-support-matrix.ini',
];

type Shape = 'none' | 'one-for-one' | 'additions' | 'deletions' | 'value-lines';
interface Edit {
  name: string;
  shape: Shape;
  apply(m: Matrix): void;
}

const EDITS: Edit[] = [
  { name: 'no-edit', shape: 'none', apply: () => {} },
  {
    name: 'flip-cell',
    shape: 'one-for-one',
    apply: (m) => {
      const c = m.features[0]!.implementations[0]!;
      c.status = c.status === 'complete' ? 'partial' : 'complete';
    },
  },
  {
    name: 'change-multiline-notes',
    shape: 'value-lines',
    apply: (m) => {
      const f = m.features.find((x) => x.notes?.includes('\n'))!;
      const lines = f.notes!.split('\n');
      lines[1] = 'A reworded second line.';
      f.notes = lines.join('\n');
    },
  },
  {
    name: 'add-driver',
    shape: 'additions',
    apply: (m) => {
      m.drivers.push({ key: 'fake-new', title: 'Fake New Driver', link: m.dialect.endsWith('targets') ? null : 'https://example.org/fake' });
      for (const f of m.features) f.implementations.push({ driver: 'fake-new', status: 'missing', notes: null, release: null });
    },
  },
  {
    name: 'add-feature',
    shape: 'additions',
    apply: (m) => {
      const f = newFeature('operation.fake-feature', 'A fake feature');
      f.status = m.dialect === 'feature-classification' ? null : 'optional';
      f.notes = 'Added by a test:\n50% of the text is made up.';
      f.implementations = m.drivers.map((d) => ({ driver: d.key, status: 'unknown', notes: null, release: null }));
      m.features.splice(2, 0, f);
    },
  },
  { name: 'remove-feature', shape: 'deletions', apply: (m) => void m.features.splice(1, 1) },
  {
    name: 'remove-driver',
    shape: 'deletions',
    apply: (m) => {
      const key = m.drivers[1]!.key;
      m.drivers.splice(1, 1);
      for (const f of m.features) f.implementations = f.implementations.filter((i) => i.driver !== key);
    },
  },
];

const results: { file: string; edit: string; text: string; model: Matrix }[] = [];

describe.each(FILES)('%s', (file) => {
  const base = sampleBytes(file).toString('utf8');
  it.each(EDITS)('$name', (edit) => {
    const { matrix, doc } = readIniText(base, file);
    const model = structuredClone(matrix);
    edit.apply(model);
    const out = patchIni(doc, model, 'out.ini');
    const d = lineDiff(base, out);
    expectGolden(`edit/${file.replace(/\.ini$/, '')}.${edit.name}.diff`, d.text + '\n');
    switch (edit.shape) {
      case 'none':
        expect(out).toBe(base);
        break;
      case 'one-for-one':
        expect([d.removed.length, d.added.length]).toEqual([1, 1]);
        break;
      case 'additions':
        expect(d.removed).toEqual([]);
        expect(d.added.length).toBeGreaterThan(0);
        break;
      case 'deletions':
        expect(d.added).toEqual([]);
        expect(d.removed.length).toBeGreaterThan(0);
        expect(out).not.toMatch(/\n[ \t]*\n[ \t]*\n/); // no double blank line left behind
        break;
      case 'value-lines':
        expect([d.removed.length, d.added.length]).toEqual([1, 1]);
        expect(d.added[0]).toMatch(/^\s+A reworded second line\.$/);
        break;
    }
    // fmx reads back the edited model (a cell's position among the cells is the file's:
    // an added cell goes after the previous declared driver's cell, so compare cells by driver).
    expect(cellsByDriver(readIniText(out, 'out.ini').matrix)).toEqual(cellsByDriver(model));
    results.push({ file, edit: edit.name, text: out, model });
  });
});

describe.skipIf(!python3())('edited files read by CPython configparser', () => {
  it('give exactly the edited models', () => {
    expect(results.length).toBe(FILES.length * EDITS.length);
    const dir = mkdtempSync(join(tmpdir(), 'fmx-edit-'));
    const paths = results.map((r, i) => {
      const p = join(dir, `${i}.ini`);
      writeFileSync(p, r.text);
      return p;
    });
    const oracle = runOracle<{ model?: unknown; error?: string }[]>('configparser_model.py', paths);
    for (const [i, r] of results.entries()) {
      expect(oracle[i]!.error, `${r.file} ${r.edit}`).toBeUndefined();
      expect(cellsByDriver(oracle[i]!.model as Matrix), `${r.file} ${r.edit}`).toEqual(cellsByDriver(r.model));
    }
  });
});

function cellsByDriver(m: Matrix): Matrix {
  const p = toPlain(m);
  for (const f of p.features) f.implementations.sort((a, b) => (a.driver < b.driver ? -1 : a.driver > b.driver ? 1 : 0));
  return p;
}
