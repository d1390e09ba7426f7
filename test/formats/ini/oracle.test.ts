/**
 * The INI reader against CPython's configparser, the reference: every sample's
 * model equals the model the Python oracle builds from configparser's reading,
 * and thousands of generated INI texts read the same (values, option order,
 * or the kind and line of the error).
 */

import { describe, expect, it } from 'vitest';
import { FmxError } from '../../../src/diagnostics.js';
import { effectiveOptions } from '../../../src/formats/ini/cst.js';
import { interpolate } from '../../../src/formats/ini/interpolate.js';
import { parseIni } from '../../../src/formats/ini/parse.js';
import { toPlain } from '../../../src/model/matrix.js';
import { readIniBytes } from '../../../src/formats/ini/read.js';
import { python3, runOracle } from '../../helpers/python.js';
import { INI_SAMPLES, sampleBytes, samplePath } from '../../helpers/samples.js';

const py = python3();

describe.skipIf(!py)('INI reader = CPython configparser', () => {
  it('reads every sample to the model configparser gives', () => {
    const oracle = runOracle<{ file: string; model?: unknown; error?: string }[]>(
      'configparser_model.py',
      INI_SAMPLES.map(samplePath),
    );
    expect(oracle).toHaveLength(INI_SAMPLES.length);
    for (const [i, name] of INI_SAMPLES.entries()) {
      expect(oracle[i]!.error, name).toBeUndefined();
      const mine = toPlain(readIniBytes(sampleBytes(name), name).matrix);
      expect(mine, name).toEqual(oracle[i]!.model);
    }
  });

  it('reads generated INI texts exactly as configparser does', () => {
    const texts = generateTexts(Number(process.env.FMX_ORACLE_CASES ?? 2500), Number(process.env.FMX_ORACLE_SEED ?? 20260401));
    const expected = runOracle<Raw[]>('configparser_raw.py', [], texts);
    let errors = 0;
    for (const [i, text] of texts.entries()) {
      const actual = readRaw(text);
      if ('error' in actual) errors++;
      expect(actual, JSON.stringify(text)).toEqual(expected[i]);
    }
    // The generator must exercise both outcomes, or the test proves little.
    expect(errors).toBeGreaterThan(300);
    expect(texts.length - errors).toBeGreaterThan(300);
  });
});

type Raw =
  | { sections: [string, [string, string][]][]; defaults: [string, string][] }
  | { error: string; line: number | null };

const PY_ERROR: Record<string, string> = {
  'ini-missing-section-header': 'MissingSectionHeaderError',
  'ini-duplicate-section': 'DuplicateSectionError',
  'ini-duplicate-option': 'DuplicateOptionError',
  'ini-invalid-line': 'ParsingError',
  'ini-unclosed-section': 'ParsingError',
  'ini-empty-option-name': 'ParsingError',
  'ini-interpolation-syntax': 'InterpolationSyntaxError',
  'ini-interpolation-missing': 'InterpolationMissingOptionError',
  'ini-interpolation-depth': 'InterpolationDepthError',
};
const IMMEDIATE = new Set(['MissingSectionHeaderError', 'DuplicateSectionError', 'DuplicateOptionError']);

/** Our reading in the oracle's shape; of several errors, the one Python raises. */
function readRaw(text: string): Raw {
  try {
    const doc = parseIni(text, 't.ini');
    const sections: [string, [string, string][]][] = [];
    for (const sec of doc.sections.values()) {
      sections.push([sec.name, effectiveOptions(doc, sec).map((o) => [o.name, interpolate(doc, sec, o)] as [string, string])]);
    }
    const defaults = [...doc.defaults.values()].map((o) => [o.name, o.raw] as [string, string]);
    return { sections, defaults };
  } catch (e) {
    if (!(e instanceof FmxError)) throw e;
    const found = e.diagnostics.map((d) => ({ error: PY_ERROR[d.ruleId ?? ''] ?? `?${d.ruleId}`, line: d.line ?? null }));
    // configparser raises structural errors at once and bogus lines at the end.
    const first = found.find((f) => IMMEDIATE.has(f.error)) ?? found[0]!;
    return first.error.startsWith('Interpolation') ? { error: first.error, line: null } : first;
  }
}

/** Deterministic pseudo-random INI texts built from configparser's corner cases. */
function generateTexts(count: number, seed: number): string[] {
  let s = seed >>> 0;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const names = ['a', 'B', 'title', 'Title', 'driver.x', 'k k', 'ü', '__proto__', 'constructor', 'x.y-z'];
  const values = ['v', '', 'a ; b', 'a # b', '%%', '%', '%(a)s', '%(title)s', '%(nope)s', '%(b', 'x=y', 'p:q', ' sp ', 'é✔'];
  const pieces: (() => string)[] = [
    () => `[${names[rnd(names.length)]}]`,
    () => `[${names[rnd(names.length)]}] trailing`,
    () => '[a]b]',
    () => '[ s ]',
    () => '[DEFAULT]',
    () => '[]',
    () => '[unclosed',
    () => `${names[rnd(names.length)]}=${values[rnd(values.length)]}`,
    () => `${names[rnd(names.length)]} : ${values[rnd(values.length)]}`,
    () => `${names[rnd(names.length)]}\t=\t${values[rnd(values.length)]}  `,
    () => `  ${names[rnd(names.length)]}=${values[rnd(values.length)]}`,
    () => '  continued',
    () => '\tmore text',
    () => '    [looks like a section]',
    () => '# comment',
    () => '  ; indented comment',
    () => '',
    () => '   ',
    () => '=no name',
    () => 'no delimiter',
    () => '\u00a0nbsp start=1',
    () => 'zw\u200b=1',
    () => 'x=1\u000bvt',
    () => '\u3000ideographic',
    () => 'line\u2028sep=1',
  ];
  const eols = ['\n', '\n', '\n', '\r\n', '\r'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const lines: string[] = [];
    if (rnd(5) !== 0) lines.push(`[${names[rnd(names.length)]}]`);
    const n = 1 + rnd(12);
    for (let k = 0; k < n; k++) lines.push(pieces[rnd(pieces.length)]!());
    const eol = eols[rnd(eols.length)]!;
    let text = lines.join(eol);
    if (rnd(3) !== 0) text += eol;
    out.push(text);
  }
  return out;
}
