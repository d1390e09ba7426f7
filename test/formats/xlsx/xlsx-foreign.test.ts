/**
 * Workbooks fmx did not write (issue 13 item 5): fmx's workbook saved again
 * by openpyxl (absolute part names) and by LibreOffice reads back to the same
 * model; a plain workbook shaped like the wide or long CSV reads as that CSV
 * does; an export the way Excel or Google Sheets make them (inline strings,
 * rich text runs, a namespace prefix, cells without references, no optional
 * parts) reads; messages name sheets and cells, never a part of the archive.
 * openpyxl and LibreOffice tests skip with a printed reason where absent.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, FmxError } from '../../../src/diagnostics.js';
import { emitCsv, stringifyRows } from '../../../src/formats/csv/write.js';
import { readBytes } from '../../../src/formats/registry.js';
import { read as readCsv } from '../../../src/formats/csv/read.js';
import { emitXlsx } from '../../../src/formats/xlsx/write.js';
import { read } from '../../../src/formats/xlsx/read.js';
import { readZip, writeZip } from '../../../src/formats/xlsx/zip.js';
import { longRows } from '../../../src/formats/tabular/long.js';
import { wideRows } from '../../../src/formats/csv/write.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { collectingOptions, hostileModel, plain, sampleModel } from '../models.js';
import { fmx } from '../../helpers/cli.js';
import { samplePath } from '../../helpers/samples.js';

const dir = mkdtempSync(join(tmpdir(), 'fmx-xlsx-foreign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Python with openpyxl: `python3` on PATH, else Debian's (where apt's python3-openpyxl goes). */
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0);
if (!python) console.log('openpyxl tests skipped: no python3 with openpyxl (Debian: apt-get install python3-openpyxl)');
const haveSoffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
if (!haveSoffice) console.log('LibreOffice re-save test skipped: soffice is not installed (Debian: apt-get install libreoffice-calc-nogui)');

function py(script: string, ...args: string[]): void {
  const r = spawnSync(python!, ['-c', script, ...args], { encoding: 'utf8', timeout: 60000 });
  expect(r.status, r.stderr).toBe(0);
}

async function readBack(bytes: Uint8Array, file = 'back.xlsx') {
  const { read: opts, warnings } = collectingOptions(file);
  const loaded = await read(bytes, opts);
  return { loaded, warnings: warnings.map(formatDiagnostic) };
}

/** What a spreadsheet may change: an empty value becomes absent, CR LF becomes LF. */
const emptyToNull = (x: Matrix) => JSON.parse(JSON.stringify(plain(x)).replace(/:""/g, ':null').replace(/\\r\\n/g, '\\n'));

describe('XLSX saved again by other programs', () => {
  it.runIf(python)('openpyxl (absolute part names such as /xl/comments/comment1.xml) reads back to the same model', async () => {
    for (const [name, m] of [['nova', sampleModel('nova-33.0.0-support-matrix.ini')], ['hostile', hostileModel()]] as const) {
      const src = join(dir, `${name}.xlsx`);
      const out = join(dir, `${name}-openpyxl.xlsx`);
      writeFileSync(src, emitXlsx(m));
      py('import sys, openpyxl; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])', src, out);
      const bytes = readFileSync(out);
      const rels = readZip(bytes, out, 1 << 30).get('xl/worksheets/_rels/sheet1.xml.rels')!.toString();
      expect(rels, 'openpyxl still writes absolute part names').toContain('Target="/xl/comments/comment1.xml"');
      const { loaded, warnings } = await readBack(bytes);
      expect(warnings, name).toEqual([]);
      if (name === 'nova') expect(plain(loaded.matrix)).toEqual(plain(m));
      else expect(emptyToNull(loaded.matrix)).toEqual(emptyToNull(m));
    }
  }, 60000);

  it.runIf(python)('issue 13 item 5 as reported: fmx convert re.xlsx --base orig.ini --to ini gives orig.ini back, exit 0, no change', () => {
    const orig = samplePath('nova-33.0.0-support-matrix.ini');
    const n33 = join(dir, 'n33-cli.xlsx');
    const re = join(dir, 're.xlsx');
    expect(fmx(['convert', orig, '-o', n33])).toMatchObject({ status: 0, stderr: '' });
    py('import sys, openpyxl; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])', n33, re);
    const out = fmx(['convert', re, '--base', orig, '--to', 'ini']);
    expect(out).toMatchObject({ status: 0, stderr: `${orig}: written to standard output: no changes\n` });
    expect(out.stdout).toBe(readFileSync(orig, 'utf8'));
  }, 60000);

  it.runIf(haveSoffice)('LibreOffice (soffice --convert-to xlsx) reads back to the same model, notes and all', async () => {
    const m = sampleModel('nova-33.0.0-support-matrix.ini');
    const src = join(dir, 'n33.xlsx');
    writeFileSync(src, emitXlsx(m));
    const outDir = join(dir, 'lo');
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, src], {
      encoding: 'utf8',
      timeout: 90000,
    });
    expect(r.status, r.stderr).toBe(0);
    const resaved = readFileSync(join(outDir, 'n33.xlsx'));
    const { loaded, warnings } = await readBack(resaved);
    expect(warnings).toEqual([]);
    expect(plain(loaded.matrix)).toEqual(plain(m));
    // LibreOffice understood the drop-down and the colours that follow the value: it writes them again.
    const summary = readZip(resaved, 'n33.xlsx', 1 << 30).get('xl/worksheets/sheet1.xml')!.toString();
    expect(summary).toMatch(/<dataValidation [^>]*sqref="C2:M60"[^>]*type="list"[^>]*><formula1>&quot;complete,partial,missing,unknown&quot;<\/formula1>/);
    for (const status of ['complete', 'partial', 'missing', 'unknown']) {
      expect(summary).toMatch(new RegExp(`<conditionalFormatting sqref="C2:M60">.*<cfRule type="cellIs"[^>]*operator="equal"[^>]*><formula>&quot;${status}&quot;</formula>`));
    }
  }, 120000);
});

describe('a plain workbook reads as its CSV', () => {
  /** A one-sheet workbook of `rows` (null: no cell), made by openpyxl as a user's script would. */
  function openpyxlSheet(rows: (string | null)[][], file: string): Buffer {
    const json = join(dir, `${file}.json`);
    writeFileSync(json, JSON.stringify(rows));
    const out = join(dir, file);
    py(
      'import sys, json, openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\nws.title = "Matrix"\n' +
        'for r in json.load(open(sys.argv[1])): ws.append(r)\nwb.save(sys.argv[2])',
      json,
      out,
    );
    return readFileSync(out);
  }

  async function sameAsCsv(rows: (string | null)[][], name: string, keysFrom?: Matrix) {
    const csv = Buffer.from(stringifyRows(rows, false, false));
    const c = collectingOptions(`${name}.csv`);
    const x = collectingOptions(`${name}.xlsx`);
    // Through the registry, which matches made-up keys to --keys-from after reading.
    const fromCsv = (await readBytes(csv, { ...c.read, keysFrom })).loaded;
    const fromXlsx = (await readBytes(openpyxlSheet(rows, `${name}.xlsx`), { ...x.read, keysFrom })).loaded;
    expect(plain(fromXlsx.matrix)).toEqual(plain(fromCsv.matrix));
    expect(fromXlsx.omits).toEqual(fromCsv.omits);
    expect(fromXlsx.matrix.provenance).toEqual(fromCsv.matrix.provenance);
    return { fromXlsx, warnings: x.warnings.map(formatDiagnostic), csvWarnings: c.warnings.map(formatDiagnostic) };
  }

  it.runIf(python)('the wide layout (key, title, status, group, Title [key] columns)', async () => {
    const m = sampleModel('nova-33.0.0-support-matrix.ini');
    const { fromXlsx, warnings } = await sameAsCsv(wideRows(m), 'wide');
    expect(warnings).toEqual([]);
    expect(fromXlsx.matrix.features.length).toBe(m.features.length);
    const cells = (x: Matrix) => x.features.map((f) => f.implementations.map((i) => `${i.driver}=${i.status}`).sort().join(' '));
    expect(cells(fromXlsx.matrix)).toEqual(cells(m));
  });

  it.runIf(python)('the long layout (feature_key, driver_key, status, ...)', async () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const { fromXlsx } = await sameAsCsv(longRows(m), 'long');
    expect(plain(fromXlsx.matrix)).toEqual(plain(m));
  });

  it.runIf(python)('a hand-made table of titles (keys from --keys-from), its warnings at sheet cells', async () => {
    const keys = sampleModel('nova-33.0.0-support-matrix.ini');
    const rows = [
      ['title', 'Libvirt KVM (x86)', 'Ironic'],
      ['Attach block volume to instance', 'complete', 'missing'],
      [null, 'partial', null],
      ['Something new', null, 'unknown'],
    ];
    const { fromXlsx, warnings, csvWarnings } = await sameAsCsv(rows, 'hand', keys);
    expect(fromXlsx.matrix.features.map((f) => f.key)).toEqual(['operation.attach-volume', 'something-new']);
    expect(fromXlsx.matrix.drivers.map((d) => d.key)).toEqual(['libvirt-kvm-x86', 'ironic']);
    const unmatched = (file: string) => `${file}: warning: --keys-from has no feature titled 'Something new': its key 'something-new' is made up`;
    expect(csvWarnings).toEqual(['hand.csv:3: warning: a row without key nor title is skipped', unmatched('hand.csv')]);
    expect(warnings).toEqual(['hand.xlsx: warning: Matrix!A3: a row without key nor title is skipped', unmatched('hand.xlsx')]);
  });
});

describe('exports the way Excel and Google Sheets write them', () => {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const part = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });
  /** The fewest parts a reader needs: no content types, no docProps, no styles; sheet parts named as given. */
  function workbook(sheets: [string, string][], extra: { name: string; data: Buffer }[] = [], shared?: string): Buffer {
    return writeZip([
      part('_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${R}/officeDocument" Target="/xl/book.xml"/></Relationships>`),
      part(
        'xl/book.xml',
        `<x:workbook xmlns:x="${NS}" xmlns:r="${R}"><x:sheets>${sheets.map(([n], i) => `<x:sheet name="${n}" sheetId="${i + 1}" r:id="s${i + 1}"/>`).join('')}</x:sheets></x:workbook>`,
      ),
      part(
        'xl/_rels/book.xml.rels',
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
          .map((_, i) => `<Relationship Id="s${i + 1}" Type="${R}/worksheet" Target="sheets/s${i + 1}.xml"/>`)
          .join('')}${shared ? `<Relationship Id="ss" Type="${R}/sharedStrings" Target="strings.xml"/>` : ''}</Relationships>`,
      ),
      ...sheets.map(([, xml], i) => part(`xl/sheets/s${i + 1}.xml`, `<x:worksheet xmlns:x="${NS}"><x:sheetData>${xml}</x:sheetData></x:worksheet>`)),
      ...(shared ? [part('xl/strings.xml', `<sst xmlns="${NS}">${shared}</sst>`)] : []),
      ...extra,
    ]);
  }
  const inline = (ref: string, text: string) => `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${text}</x:t></x:is></x:c>`;

  it('inline strings, rich text runs with phonetic runs, a namespace prefix, cells without references, numbers and booleans', async () => {
    const sheet =
      `<x:row r="1">${inline('A1', 'key')}${inline('B1', 'title')}<x:c t="inlineStr"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t>KVM</x:t></x:r><x:r><x:t xml:space="preserve"> [kvm]</x:t></x:r></x:is></x:c>${inline('D1', 'Xen')}</x:row>` +
      `<x:row>${inline('A2', 'op.one')}<x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c><x:c r="D2"><x:v>2023.1</x:v></x:c></x:row>` +
      `<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>op.two</x:t></x:is></x:c><x:c r="B4" t="str"><x:f>UPPER("x")</x:f><x:v>A &amp; B_x000D_</x:v></x:c><x:c r="C4" t="b"><x:v>1</x:v></x:c></x:row>`;
    const shared = `<si><r><t>One </t></r><r><rPr><i/></rPr><t>&lt;two&gt;</t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></si><si><t>complete</t></si>`;
    const { loaded, warnings } = await readBack(workbook([['Export', sheet]], [], shared));
    expect(warnings).toEqual([]);
    const m = loaded.matrix;
    expect(m.drivers).toEqual([
      { key: 'kvm', title: 'KVM', link: null },
      { key: 'xen', title: 'Xen', link: null },
    ]);
    expect(m.features.map((f) => [f.key, f.title, f.implementations.map((i) => `${i.driver}=${i.status}`).join(' ')])).toEqual([
      ['op.one', 'One <two>', 'kvm=complete xen=2023.1'],
      ['op.two', 'A & B\r', 'kvm=TRUE'],
    ]);
  });

  it('a sheet that is not a table, an empty sheet, a zip without a workbook: messages name the sheet and cell, never a part', async () => {
    const notTable = workbook([['Notes', `<x:row r="3">${inline('B3', 'hello')}${inline('C3', 'world')}</x:row>`]]);
    await expect(readBack(notTable, 'n.xlsx')).rejects.toThrow(/^n\.xlsx: Notes!A3: not a matrix: fmx reads its own workbook/);
    await expect(readBack(workbook([['My sheet', '']]), 'e.xlsx')).rejects.toThrow("e.xlsx: 'My sheet'!A1: the sheet is empty");
    const twice = workbook([['S', `<x:row r="1">${inline('A1', 'key')}${inline('B1', 'A [a]')}${inline('C1', 'B [a]')}</x:row>`]]);
    await expect(readBack(twice, 't.xlsx')).rejects.toThrow('t.xlsx: S!C1: driver "a" has two columns');
    const far = Array.from({ length: 300 }, (_, i) => `<x:row r="${i + 1}">${inline(`XFD${i + 1}`, 'x')}</x:row>`).join('');
    await expect(readBack(workbook([['S', far]]), 'far.xlsx')).rejects.toThrow(/^far\.xlsx: S!XFD65: the sheet's cells lie too far apart to be a table/);
    const noBook = writeZip([part('word/document.xml', '<document/>')]);
    const err = await readBack(noBook, 'd.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FmxError);
    expect((err as FmxError).message).toBe('d.xlsx: not a readable XLSX workbook: the archive holds no spreadsheet');
  });

  it("a Details sheet that is not fmx's long layout: the first sheet is read as a table", async () => {
    const bytes = workbook([
      ['Summary', `<x:row r="1">${inline('A1', 'key')}${inline('B1', 'Foo [foo]')}</x:row><x:row r="2">${inline('A2', 'op.a')}${inline('B2', 'partial')}</x:row>`],
      ['Details', `<x:row r="1">${inline('A1', 'whatever')}</x:row>`],
    ]);
    const { loaded } = await readBack(bytes);
    expect(loaded.matrix.features.map((f) => `${f.key}: ${f.implementations.map((i) => `${i.driver}=${i.status}`).join()}`)).toEqual(['op.a: foo=partial']);
  });
});

it('CSV of the same table (sanity of the helpers above)', () => {
  const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
  expect(plain(readCsv(Buffer.from(emitCsv(m, { layout: 'long' })), collectingOptions('x.csv').read).matrix)).toEqual(plain(m));
});
