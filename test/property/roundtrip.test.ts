/**
 * Property: a random matrix written by every writer and read back by its
 * reader comes out equal. The starting point is INI -> model (the matrix
 * written as a fresh INI and read back), as the formats promise
 * `INI -> X -> model` equals `INI -> model`; the wide CSV layout keeps keys,
 * titles, status, group and cell statuses only.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { getFormat } from '../../src/formats/registry.js';
import { type FormatName, type WriteOptions } from '../../src/formats/types.js';
import { emitFreshIni } from '../../src/formats/ini/write.js';
import { toPlain, type Matrix } from '../../src/model/matrix.js';
import { readIniText } from '../../src/formats/ini/read.js';
import { guard, matrixArb, params } from './arbitraries.js';

const noWarn = (_d: Diagnostic) => {};

function viaIni(m: Matrix): Matrix {
  return readIniText(emitFreshIni(m, 'gen.ini'), 'gen.ini').matrix;
}

async function through(format: FormatName, m: Matrix, wopts: Partial<WriteOptions> = {}): Promise<Matrix> {
  const h = getFormat(format);
  const out = await (await h.writer!()).write({ matrix: m }, { file: `gen.${format}`, warn: noWarn, ...wopts });
  const bytes = typeof out === 'string' ? new TextEncoder().encode(out) : out;
  return (await (await h.reader!()).read(bytes, { file: `gen.${format}`, warn: noWarn })).matrix;
}

/** What the wide CSV keeps. */
function wideView(m: Matrix) {
  return {
    drivers: m.drivers.map((d) => ({ key: d.key, title: d.title })),
    features: m.features.map((f) => ({
      key: f.key,
      title: f.title,
      status: f.status,
      group: f.group,
      // One column per driver: the cells come back in column order, not option order.
      cells: f.implementations.map((i) => [i.driver, i.status]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)),
    })),
  };
}

describe('INI writer and reader', () => {
  it('a random matrix round trips through a fresh INI', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        expect(toPlain(viaIni(m))).toEqual(toPlain(m));
      }),
      params(200),
    );
  });

  it('and its INI round trips byte for byte', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        const text = emitFreshIni(m, 'gen.ini');
        const { doc } = readIniText(text, 'gen.ini');
        expect(doc.source.text).toBe(text);
      }),
      params(50),
    );
  });
});

const EXACT: [string, FormatName, Partial<WriteOptions>, number][] = [
  ['json', 'json', {}, 100],
  ['Markdown', 'md', {}, 25],
  ['CSV long layout', 'csv', { layout: 'long' }, 100],
  ['CSV long layout without the formula guard', 'csv', { layout: 'long', formulaGuard: false }, 30],
  ['XLSX', 'xlsx', {}, 8],
];

describe.each(EXACT)('%s', (_name, format, wopts, n) => {
  it('INI -> X -> model equals INI -> model', async () => {
    await fc.assert(
      fc.asyncProperty(matrixArb, async (m) => {
        const m0 = viaIni(m);
        expect(toPlain(await through(format, m0, wopts))).toEqual(toPlain(m0));
      }),
      params(n),
    );
  }, guard(120_000));
});

describe('CSV wide layout', () => {
  it('keeps keys, titles, status, group and every cell status', async () => {
    await fc.assert(
      fc.asyncProperty(matrixArb, async (m) => {
        const m0 = viaIni(m);
        expect(wideView(await through('csv', m0, { layout: 'wide' }))).toEqual(wideView(m0));
      }),
      params(100),
    );
  }, guard(60_000));
});

describe('no prototype pollution', () => {
  it('after every property above, Object.prototype is untouched', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
      ['constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__', '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString'].sort(),
    );
  });
});
