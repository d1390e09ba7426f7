/**
 * Every text input, changed the way other tools and people change a page
 * (test/formats/page/variations.ts), still reads to the same model.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { foldSpace } from '../../../src/model/fold.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { read } from '../../../src/formats/text/read.js';
import { samplePath } from '../../helpers/samples.js';
import { variations } from './variations.js';

/** Input, and the width its tool wrapped prose at (w3m -cols 120; the others did not wrap). */
const INPUTS: [string, number][] = [
  ['rendered/nova-15.0.0-support-matrix.txt', Infinity],
  ['rendered/nova-33.0.0-support-matrix.w3m.txt', 120],
  ['rendered/nova-33.0.0-support-matrix.pandoc.txt', Infinity],
  ['rendered/cinder-master-support-matrix.w3m.txt', 120],
  ['rendered/cinder-master-support-matrix.pandoc.txt', Infinity],
];

function readText(text: string, file: string): { matrix: Matrix; warnings: string[] } {
  const warnings: string[] = [];
  const { matrix } = read(Buffer.from(text, 'utf8'), { file, warn: (d) => warnings.push(d.message) });
  return { matrix, warnings };
}

/** The model without its prose, and the prose as one folded string (paragraph breaks are typography too). */
function split(m: Matrix) {
  const { document, ...rest } = m;
  const prose = document ? foldSpace([document.title ?? '', ...document.preamble, '|', ...document.postscript].join(' ')) : '';
  return { rest, prose };
}

describe.each(INPUTS)('%s', (name, oldWidth) => {
  const original = readFileSync(samplePath(name), 'utf8');
  const want = readText(original, name);
  const wantParts = split(want.matrix);

  // A variation that does not change this input (nova 15.0.0 has no blank lines, no indentation) is not run on it.
  const applicable = variations(oldWidth).filter((v) => v.make(original) !== original);

  test('at least 9 variations change this input', () => {
    expect(applicable.length).toBeGreaterThanOrEqual(9);
  });

  test.each(applicable.map((v) => [v.name, v] as const))('%s', (_n, v) => {
    const text = v.make(original);
    const got = readText(text, name);
    const parts = split(got.matrix);
    expect(parts.rest).toEqual(wantParts.rest);
    expect(parts.prose).toBe(wantParts.prose);
    expect(got.warnings).toEqual(want.warnings);
  });
});
