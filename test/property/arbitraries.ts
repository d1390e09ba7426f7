/**
 * fast-check generators of matrices full of hostile text: full Unicode,
 * characters that INI, Markdown, CSV and HTML interpret, spreadsheet formula
 * starts, `__proto__` and `constructor` as keys, very long strings. Every
 * generated matrix is one that an INI file can hold (that is the property's
 * starting point: INI -> X -> model equals INI -> model).
 */

import fc from 'fast-check';
import { pyStrip } from '../../src/formats/ini/pyspace.js';
import {
  DIALECTS,
  FEATURE_STATUSES,
  IMPLEMENTATION_STATUSES,
  MATURITIES,
  newFeature,
  newMatrix,
  type Dialect,
  type Driver,
  type Feature,
  type Matrix,
} from '../../src/model/matrix.js';

/** Runs per property: bounded in `npm test`, many more with FMX_FUZZ_RUNS (`npm run fuzz`). */
export function runs(base: number): number {
  const env = Number(process.env.FMX_FUZZ_RUNS);
  return Number.isFinite(env) && env > 0 ? Math.max(base, Math.round((env * base) / 100)) : base;
}

/**
 * fast-check parameters: the number of runs, and in fuzz mode no shrinking
 * (shrinking a slow async property, such as an XLSX round trip, can take longer
 * than the run: the counterexample is printed as found).
 */
export function params(base: number): { numRuns: number; endOnFailure: boolean } {
  return { numRuns: runs(base), endOnFailure: process.env.FMX_FUZZ_RUNS !== undefined };
}

/** A per-test time guard that grows with the number of runs. */
export function guard(ms: number): number {
  const env = Number(process.env.FMX_FUZZ_RUNS);
  return Number.isFinite(env) && env > 100 ? Math.round((ms * env) / 100) : ms;
}

const SIGNIFICANT = [
  '[', ']', '=', ':', ';', '#', '%', '%%', '%(title)s', '|', '*', '_', '`', '```', '~~~', '<', '>', '&', '&amp;', '"', "'", ',', '\\',
  '+', '-', '@', '=', '＝', '\t', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))',
  '=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3', '__proto__', 'constructor', 'toString',
  '中文', '🎉', '👩‍👩‍👧', 'e\u0301', '\u200b', '\u00a0', '\u2028', '\u0085', 'Status:', 'Notes:', '* ', '1. ', '# ', '> ', '---',
  '<!--', '-->', '\u001b[31m',
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 4, arbitrary: fc.constantFrom(...SIGNIFICANT) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 5000 }).map((n) => 'long '.repeat(n / 5)) },
);

/** One line of text, as an INI value can hold it (no line break, no surrounding white space). */
export const line: fc.Arbitrary<string> = fc
  .array(piece, { minLength: 1, maxLength: 6 })
  .map((parts) => pyStrip(parts.join('').replace(/[\r\n\u2028\u2029\u0085\u000b\u000c\u001c-\u001e]/g, ' ')))
  .filter((s) => s !== '');

/** Several lines (notes): continuation lines may not begin like a comment. */
export const paragraph: fc.Arbitrary<string> = fc
  .array(line, { minLength: 1, maxLength: 4 })
  .map((lines) => lines.map((l, i) => (i > 0 && /^[#;]/.test(l) ? 'x' + l : l)).join('\n'));

const keyChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''), 'é', 'ß', 'ж');
const plainKey = fc.string({ unit: keyChars, minLength: 1, maxLength: 16 }).filter((k) => /^[a-z0-9é]/.test(k));
const specialKey = fc.constantFrom('__proto__', 'constructor', 'tostring', 'hasownproperty', 'valueof', 'prototype');

/** Names a feature-classification cell could not use (they are feature options there). */
const RESERVED = new Set(['title', 'status', 'notes', 'cli', 'api', 'maturity', 'api_doc_link', 'admin_doc_link', 'tempest_test_uuids', 'link']);

// (neutron's dialects name cell notes networking-notes-KEY: a key notes-x would name another driver's notes.)
const driverKey = fc.oneof({ weight: 4, arbitrary: plainKey }, { weight: 1, arbitrary: specialKey }).filter((k) => !RESERVED.has(k) && !k.startsWith('driver-') && !k.startsWith('notes-'));
const featureKey = fc.oneof(
  { weight: 4, arbitrary: plainKey.map((k) => 'operation.' + k) },
  { weight: 1, arbitrary: specialKey },
  { weight: 1, arbitrary: plainKey.map((k) => 'storage.' + k) },
).filter((k) => k !== 'targets' && !k.startsWith('driver') && !k.startsWith('target.'));

const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });
const list = fc.array(line.map((l) => l.replace(/;/g, ',')), { maxLength: 3 });
const token = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-_ '.split('')), minLength: 1, maxLength: 10 }).map((s) => s.trim()).filter((s) => s !== '');

interface Shape {
  dialect: Dialect;
  drivers: { key: string; title: string | null; link: string | null }[];
  features: {
    key: string;
    title: string | null;
    status: string | null;
    group: string | null;
    notes: string | null;
    cli: string[];
    api: string | null;
    maturity: string | null;
    apiDocLink: string | null;
    adminDocLink: string | null;
    tempestTestUuids: string[];
    cells: { pick: number; status: string; notes: string | null; release: string | null }[];
  }[];
}

const shape: fc.Arbitrary<Shape> = fc.record({
  dialect: fc.constantFrom(...DIALECTS),
  drivers: fc.uniqueArray(fc.record({ key: driverKey, title: nullable(line), link: nullable(fc.oneof(line, fc.constant('https://example.org/a?b=c&d'))) }), {
    minLength: 1,
    maxLength: 5,
    selector: (d) => d.key,
  }),
  features: fc.uniqueArray(
    fc.record({
      key: featureKey,
      title: nullable(line),
      status: nullable(fc.constantFrom(...FEATURE_STATUSES, 'weird status')),
      group: nullable(token),
      notes: nullable(paragraph),
      cli: list,
      api: nullable(line),
      maturity: nullable(fc.constantFrom(...MATURITIES)),
      apiDocLink: nullable(line),
      adminDocLink: nullable(line),
      tempestTestUuids: list,
      cells: fc.array(
        fc.record({
          pick: fc.nat(),
          status: fc.constantFrom(...IMPLEMENTATION_STATUSES),
          notes: nullable(paragraph),
          release: nullable(fc.constantFrom('a', 'm', 'q', 'zed')),
        }),
        { maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 5, selector: (f) => f.key },
  ),
});

/** A random matrix that an INI file of its dialect can hold. */
export const matrixArb: fc.Arbitrary<Matrix> = shape.map((s) => {
  const m = newMatrix(s.dialect);
  const declared = s.dialect === 'targets' || s.dialect === 'networking-targets';
  m.drivers = s.drivers.map((d): Driver => ({
    key: d.key,
    // A targets driver's title is the value of its declaration: never absent.
    title: declared ? d.title ?? d.key : d.title,
    link: declared ? null : d.link,
    // A networking-labels driver's label names its cells: the INI always has one.
    ...(s.dialect === 'networking-labels' ? { extras: [{ name: 'label', value: 'networking-' + d.key }] } : {}),
  }));
  for (const f of s.features) {
    const feature: Feature = newFeature(f.key, f.title);
    feature.status = f.status;
    feature.group = f.status === null ? null : f.group;
    feature.notes = f.notes;
    feature.cli = f.cli;
    feature.api = f.api;
    feature.maturity = f.maturity;
    feature.apiDocLink = f.apiDocLink;
    feature.adminDocLink = f.adminDocLink;
    feature.tempestTestUuids = f.tempestTestUuids;
    const used = new Set<string>();
    for (const c of f.cells) {
      const driver = m.drivers[c.pick % m.drivers.length]!.key;
      if (used.has(driver)) continue;
      used.add(driver);
      feature.implementations.push({ driver, status: c.status, notes: c.notes, release: s.dialect === 'feature-classification' ? c.release : null });
    }
    m.features.push(feature);
  }
  return m;
});
