/**
 * The catalogue of hostile inputs: each named input, in every format fmx
 * reads, with the exit code and the message `fmx convert` must give. None may
 * crash (an "internal error"), hang (each case has a time guard) or print a
 * stack trace. `fmx validate` on the same input must not crash either.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert, type ConvertOptions } from '../../src/commands/convert.js';
import { validateFile } from '../../src/commands/validate.js';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { ROOT, sampleBytes } from '../helpers/samples.js';
import { makeZip } from './zip.js';
import { pseudoRandomBytes } from '../helpers/bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'fmx-hostile-'));
/** Sizes as the issue names them: the whole catalogue takes about 10 s. */
const n = (x: number) => x.toLocaleString('en-US');
const N_SECTIONS = 100_000;
const N_MD_PIPES = 1024 * 1024;
const N_MD_COLUMNS = 10_000;
const MiB = 1024 * 1024;
const enc = (s: string) => Buffer.from(s, 'utf8');
const GOOD = '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\ndriver.a=complete\n';
const rendered = (name: string) => readFileSync(ROOT + 'samples/rendered/' + name);

/** Any message fmx gives for input it refuses: positioned at the file, never an internal error. */
const REFUSED = /\S/;

interface Case {
  name: string;
  /** The file name (its extension picks the reader). */
  file: string;
  bytes: () => Uint8Array;
  /** Expected exit code of `fmx convert FILE -o OUT.json`. */
  code: 0 | 1;
  /** What stderr must contain (each line is FILE[:LINE[:COL]]: message). */
  message?: RegExp;
  opts?: Partial<ConvertOptions>;
  /** More checks on the JSON written (code 0). */
  output?: (json: string) => void;
}

const cases: Case[] = [
  // ----- INI
  { name: 'ini: empty file', file: 'empty.ini', bytes: () => enc(''), code: 1, message: /:1:1: empty file: no matrix to read$/m },
  { name: 'ini: only comments and blank lines', file: 'comments.ini', bytes: () => enc('# a\n; b\n\n   \n'), code: 1, message: /:1:1: no driver declarations/ },
  { name: 'ini: 1 MiB of spaces', file: 'spaces.ini', bytes: () => enc(' '.repeat(MiB)), code: 1, message: /empty file/ },
  { name: 'ini: a 1 MiB line of [', file: 'brackets.ini', bytes: () => enc('['.repeat(MiB)), code: 1, message: /:1:1: text before the first section header: '\[{60}…'/ },
  { name: 'ini: a 1 MiB line of = after a header', file: 'equals.ini', bytes: () => enc('[driver.a]\ntitle=A\n' + '='.repeat(MiB) + '\n'), code: 1, message: /:3:1: option without a name/ },
  { name: 'ini: 1 MiB section name', file: 'longsection.ini', bytes: () => enc(`[driver.${'a'.repeat(MiB)}]\ntitle=A\n`), code: 0 },
  { name: 'ini: invalid UTF-8 with its offset', file: 'latin1.ini', bytes: () => Buffer.concat([enc('[driver.a]\ntitle=Caf'), Buffer.from([0xe9]), enc('\n')]), code: 1, message: /:2:10: invalid UTF-8: byte 0xe9 at byte offset 20/ },
  { name: 'ini: UTF-16 LE with BOM', file: 'utf16.ini', bytes: () => Buffer.from('\ufeff' + GOOD, 'utf16le'), code: 1, message: /:1:1: the file is UTF-16 .*FF FE.*save it as UTF-8/ },
  { name: 'ini: a NUL byte', file: 'nul.ini', bytes: () => enc('[driver.a]\ntitle=A\u0000B\n'), code: 1, message: /:2:8: NUL byte at byte offset 18/ },
  { name: 'ini: random binary', file: 'random.ini', bytes: () => pseudoRandomBytes(64 * 1024, 7), code: 1, message: /invalid UTF-8|NUL byte/ },
  { name: 'ini: UTF-8 BOM is accepted', file: 'bom.ini', bytes: () => enc('\ufeff' + GOOD), code: 0 },
  { name: 'ini: CR-only line endings', file: 'cr.ini', bytes: () => enc(GOOD.replace(/\n/g, '\r')), code: 0, output: (j) => expect(JSON.parse(j).features[0].implementations[0].status).toBe('complete') },
  { name: 'ini: mixed LF, CRLF and CR', file: 'mixed.ini', bytes: () => enc('[driver.a]\r\ntitle=A\r[operation.x]\ntitle=X\r\ndriver.a=complete\n'), code: 0 },
  { name: 'ini: a lone %', file: 'percent.ini', bytes: () => enc(GOOD.replace('title=X', 'title=100% done')), code: 1, message: /:5:10: '%' must be followed by '%' or '\('/ },
  { name: 'ini: interpolation loop', file: 'loop.ini', bytes: () => enc(GOOD.replace('title=X', 'title=%(notes)s\nnotes=%(title)s')), code: 1, message: /more than 10 deep/ },
  { name: 'ini: 50,000 continuation lines', file: 'continuation.ini', bytes: () => enc(GOOD + 'notes=start\n' + '  more\n'.repeat(50_000)), code: 0, output: (j) => expect(JSON.parse(j).features[0].notes.split('\n')).toHaveLength(50_001) },
  { name: `ini: ${n(N_SECTIONS)} sections`, file: 'sections.ini', bytes: () => enc('[driver.a]\ntitle=A\n' + Array.from({ length: N_SECTIONS }, (_, i) => `[operation.f${i}]\ntitle=F\ndriver.a=missing\n`).join('')), code: 0 },
  { name: 'ini: __proto__, constructor and toString as keys', file: 'proto.ini', bytes: () => enc('[driver.__proto__]\ntitle=P\n\n[driver.constructor]\ntitle=C\n\n[__proto__]\ntitle=X\ntoString=x\n__proto__=y\ndriver.__proto__=complete\ndriver.constructor=partial\n'), code: 0, output: (j) => {
    const m = JSON.parse(j);
    expect(m.drivers.map((d: { key: string }) => d.key)).toEqual(['__proto__', 'constructor']);
    expect(m.features[0].extras).toEqual([{ name: 'tostring', value: 'x' }, { name: '__proto__', value: 'y' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  } },
  { name: 'ini: duplicate section', file: 'dupsec.ini', bytes: () => enc(GOOD + '[operation.x]\ntitle=Y\n'), code: 1, message: /:7:1: duplicate section \[operation\.x\] \(first at line 4\)/ },
  { name: 'ini: unclosed [', file: 'unclosed.ini', bytes: () => enc(GOOD + '[operation.y\n'), code: 1, message: /:7:1: unclosed section header/ },
  { name: 'ini: over --max-size', file: 'big.ini', bytes: () => enc(GOOD + '#'.repeat(4096)), code: 1, message: /input is larger than the limit of 1024 bytes \(raise it with --max-size\)/, opts: { maxSize: 1024 } },
  { name: 'ini: no driver declarations', file: 'designate.ini', bytes: () => enc('[backends]\nbind9=complete\n'), code: 1, message: /:1:1: no driver declarations/ },

  // ----- JSON
  { name: 'json: nested 100,000 deep', file: 'deep.json', bytes: () => enc('['.repeat(100_000) + ']'.repeat(100_000)), code: 1, message: REFUSED },
  { name: 'json: __proto__ keys in the document', file: 'proto.json', bytes: () => enc('{"__proto__":{"polluted":1},"format":"fmx/matrix","version":1,"dialect":"support-matrix","drivers":[],"features":[]}'), code: 0, output: () => expect(({} as Record<string, unknown>).polluted).toBeUndefined() },
  { name: 'json: truncated', file: 'cut.json', bytes: () => enc('{"format":"fmx/matrix","version":1,"dial'), code: 1, message: /:1:\d+: invalid JSON/ },

  // ----- text pages
  { name: 'txt: empty', file: 'empty.txt', bytes: () => enc(''), code: 1, message: /:1:1: empty file: no matrix to read$/m },
  { name: 'txt: random binary', file: 'random.txt', bytes: () => pseudoRandomBytes(64 * 1024, 11), code: 1, message: /invalid UTF-8|NUL byte/ },
  { name: 'txt: a 1 MiB line', file: 'line.txt', bytes: () => enc('x'.repeat(MiB)), code: 1, message: REFUSED },
  { name: 'txt: prose without a matrix', file: 'prose.txt', bytes: () => enc('Release notes\n\nNothing to see here.\n'.repeat(1000)), code: 1, message: REFUSED },
  { name: 'txt: terminal escapes in a real page', file: 'escapes.txt', bytes: () => enc(rendered('nova-15.0.0-support-matrix.txt').toString('utf8').replace('Attach block volume to instance', 'Attach \u001b[31mblock\u001b[0m volume\u0007')), code: 0 },
  { name: 'txt: a real page cut in half', file: 'half.txt', bytes: () => { const b = rendered('nova-15.0.0-support-matrix.txt'); return b.subarray(0, b.length >> 1); }, code: 0 },

  // ----- HTML pages
  { name: 'html: <script> and event handlers are not data', file: 'script.html', bytes: () => enc(rendered('nova-33.0.0-support-matrix.html').toString('utf8').replace('<body', '<body onload="alert(1)"').replace('</body>', '<script>alert("pwned")</script><img src=x onerror="alert(2)"></body>')), code: 0, output: (j) => expect(j).not.toMatch(/alert|pwned|onerror/) },
  { name: 'html: 100,000 nested <div>', file: 'nested.html', bytes: () => enc('<html><body>' + '<div>'.repeat(100_000) + 'x' + '</div>'.repeat(100_000) + '</body></html>'), code: 1, message: /nested too deeply/ },
  { name: 'html: 1 MiB of <', file: 'lt.html', bytes: () => enc('<html>' + '<'.repeat(MiB)), code: 1, message: REFUSED },
  { name: 'html: no table', file: 'plain.html', bytes: () => enc('<!doctype html><html><body><p>hello</p></body></html>'), code: 1, message: REFUSED },
  { name: 'html: external entities are not fetched', file: 'xxe.html', bytes: () => enc('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p></body></html>'), code: 1, message: REFUSED },

  // ----- Markdown
  { name: 'md: empty', file: 'empty.md', bytes: () => enc(''), code: 1, message: /:1:1: empty file: no matrix to read$/m },
  { name: `md: ${n(N_MD_PIPES)} bytes of |`, file: 'pipes.md', bytes: () => enc('|'.repeat(N_MD_PIPES)), code: 1, message: REFUSED },
  { name: 'md: 5,000 nested block quotes', file: 'quotes.md', bytes: () => enc('>'.repeat(5_000) + ' x\n'), code: 1, message: /:1:1: Markdown nested too deeply/ },
  // Deeper lists are superlinear in remark-parse (500 levels: 8 s, 1,000: 52 s): reported to the Markdown reader's owner.
  { name: 'md: 200 nested list items', file: 'lists.md', bytes: () => enc(Array.from({ length: 200 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n')), code: 1, message: REFUSED },
  { name: `md: a table of ${n(N_MD_COLUMNS)} columns without fmx keys`, file: 'wide.md', bytes: () => enc('|' + 'a|'.repeat(N_MD_COLUMNS) + '\n|' + '-|'.repeat(N_MD_COLUMNS) + '\n|' + 'x|'.repeat(N_MD_COLUMNS) + '\n'), code: 1, message: REFUSED },

  // ----- CSV
  { name: 'csv: empty', file: 'empty.csv', bytes: () => enc(''), code: 1, message: /empty\.csv:1:1: empty file: no matrix to read$/m },
  // Refused after one pass counting separators, before csv-parse would spend seconds on them.
  { name: 'csv: 1,000,000 columns', file: 'columns.csv', bytes: () => enc(Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',') + '\n' + 'x,'.repeat(999_999) + 'x\n'), code: 1, message: /columns\.csv:1:103579: more than 16,384 columns: no spreadsheet holds that many/ },
  { name: 'csv: a data row of 1,000,000 columns (semicolons, quoted commas)', file: 'row.csv', bytes: () => enc('key;title;status;group\n' + '"a,b";'.repeat(999_999) + 'x\n'), code: 1, message: /row\.csv:2:\d+: more than 16,384 columns/ },
  { name: 'csv: 10^4 driver columns', file: 'drivers.csv', bytes: () => enc('key,title,status,group,' + Array.from({ length: 10_000 }, (_, i) => `D${i} [d${i}]`).join(',') + '\noperation.x,X,optional,,' + 'complete,'.repeat(9_999) + 'complete\n'), code: 0, output: (j) => expect(JSON.parse(j).drivers).toHaveLength(10_000) },
  { name: 'csv: an unclosed quote', file: 'quote.csv', bytes: () => enc('key,title\n"operation.x,X\n'), code: 1, message: /invalid CSV/ },
  { name: 'csv: not an fmx CSV', file: 'other.csv', bytes: () => enc('a,b,c\n1,2,3\n'), code: 1, message: /not an fmx CSV/ },
  { name: 'csv: formulas stay text', file: 'formula.csv', bytes: () => enc('key,title,status,group,A [a]\noperation.x,"=HYPERLINK(""http://evil"",""x"")",optional,,complete\n'), code: 0, output: (j) => expect(JSON.parse(j).features[0].title).toMatch(/HYPERLINK/) },
  { name: 'csv: a NUL byte', file: 'nul.csv', bytes: () => enc('key,title\u0000\n'), code: 1, message: /NUL byte/ },

  // ----- XLSX (ZIP containers)
  { name: 'xlsx: zip bomb (overlapping entries declaring 1.2 GiB)', file: 'bomb.xlsx', bytes: () => makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(40 * MiB) }], { overlapCopies: 30 }), code: 1, message: /would inflate to more than the limit of 268435456 bytes \(a zip bomb\?\)/ },
  { name: 'xlsx: zip bomb lying about its size', file: 'liar.xlsx', bytes: () => makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * MiB), declaredSize: 1000 }]), code: 1, message: /liar\.xlsx: a part of the workbook inflates to more than the 1000 bytes its header declares \(a zip bomb\?\)/ },
  { name: 'xlsx: truncated', file: 'cut.xlsx', bytes: () => makeZip([{ name: '[Content_Types].xml', data: '<Types/>' }]).subarray(0, 40), code: 1, message: /not a readable XLSX \(ZIP\) file: no end of central directory/ },
  { name: 'xlsx: encrypted part', file: 'locked.xlsx', bytes: () => makeZip([{ name: 'xl/workbook.xml', data: '<workbook/>', encrypted: true }]), code: 1, message: /locked\.xlsx: the workbook is encrypted \(password-protected\)/ },
  { name: 'xlsx: 20,000 parts', file: 'parts.xlsx', bytes: () => makeZip([{ name: 'a', data: 'x', method: 0 }], { overlapCopies: 20_000 }), code: 1, message: /20001 parts, more than 10000/ },
  { name: 'xlsx: a zip that is not a workbook', file: 'notebook.xlsx', bytes: () => makeZip([{ name: 'readme.txt', data: 'hello' }]), code: 1, message: REFUSED },
  { name: 'xlsx: random bytes', file: 'random.xlsx', bytes: () => pseudoRandomBytes(4096, 3), code: 1, message: REFUSED },
];

async function runConvert(c: Case): Promise<{ code: number; stderr: string; out: string; input: string; messages: Diagnostic[] }> {
  const input = join(dir, c.file);
  writeFileSync(input, c.bytes());
  const out = join(dir, c.file + '.out.json');
  writeFileSync(out, '');
  const messages: Diagnostic[] = [];
  const code = await convert([input], { to: 'json', output: out, ...c.opts }, { report: (d) => messages.push(d) });
  return { code, stderr: messages.map(formatDiagnostic).join('\n'), out: readFileSync(out, 'utf8'), input, messages };
}

describe('hostile inputs', () => {
  it('the catalogue has at least 40 named inputs across every format', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const ext of ['ini', 'txt', 'html', 'md', 'csv', 'xlsx']) expect(cases.some((c) => c.file.endsWith('.' + ext)), ext).toBe(true);
  });

  const check = async (c: Case) => {
    const r = await runConvert(c);
    expect(r.stderr, 'no crash').not.toMatch(/internal error|\n\s+at /);
    expect(r.code, r.stderr).toBe(c.code);
    if (c.code === 1) {
      expect(r.messages.length).toBeGreaterThan(0);
      for (const d of r.messages) expect(d.file).toBe(r.input);
      expect(r.stderr).toMatch(c.message ?? REFUSED);
      expect(r.out, 'a failed conversion writes nothing').toBe('');
    } else {
      if (c.message) expect(r.stderr).toMatch(c.message);
      expect(() => JSON.parse(r.out)).not.toThrow();
      c.output?.(r.out);
    }
    const v = await validateFile(r.input, { maxSize: c.opts?.maxSize });
    expect(v.messages.filter((d) => d.ruleId === 'internal-error')).toEqual([]);
    if (c.code === 1) expect(v.messages.some((d) => d.severity === 'error')).toBe(true);
  };
  for (const c of cases) {
    it(c.name, () => check(c), 120_000);
  }
});

describe('samples through the hostile harness', () => {
  it('a real INI converts', async () => {
    const r = await runConvert({ name: 'nova', file: 'nova.ini', bytes: () => sampleBytes('nova-33.0.0-support-matrix.ini'), code: 0 });
    expect(r.code).toBe(0);
  });
});
