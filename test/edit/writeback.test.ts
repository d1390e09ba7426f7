/**
 * Issue 13, case by case: `fmx convert EDITED --base ORIGINAL.ini` either
 * applies the edit exactly, refuses with a positioned message and writes
 * nothing, or is a usage error (exit 2). Each test failed on the code before
 * the write-back contract (model/carried.ts writeBack).
 */

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { fmx } from '../helpers/cli.js';
import { lineDiff } from '../helpers/linediff.js';
import { samplePath } from '../helpers/samples.js';

const NOVA = 'nova-33.0.0-support-matrix.ini';

/** A directory with the base INI and the base converted to `name` (extra convert arguments in `args`). */
function setup(name: string, args: string[] = []): { dir: string; base: string; file: string; before: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fmx-wb-'));
  const base = join(dir, NOVA);
  copyFileSync(samplePath(NOVA), base);
  const file = join(dir, name);
  const r = fmx(['convert', base, '-o', file, ...args]);
  expect(r.status, r.stderr).toBe(0);
  return { dir, base, file, before: readFileSync(base, 'utf8') };
}

type Table = string[][];
const readCsv = (file: string): Table => parse(readFileSync(file, 'utf8'), { relax_column_count: true });
const writeCsv = (file: string, rows: Table) => writeFileSync(file, stringify(rows));
/** The row of `key` and the column whose header ends with `[driver]` (wide layout). */
function wideCell(t: Table, key: string, driver: string): [number, number] {
  return [t.findIndex((r) => r[0] === key), t[0]!.findIndex((h) => h.endsWith(`[${driver}]`))];
}

describe('1. edited statuses are validated before anything is written', () => {
  it.each(['yes', 'done', ''])('wide CSV: %j in a cell is refused with its line and column, nothing written', (value) => {
    const { dir, base, file } = setup('n.csv');
    const t = readCsv(file);
    const [row, col] = wideCell(t, 'operation.attach-volume', 'ironic');
    t[row]![col] = value;
    writeCsv(file, t);
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status).toBe(1);
    if (value === '') {
      // A cleared status cell is a deletion: refused without --allow-deletions.
      expect(r.stderr).toContain('would delete 1 cell: the ironic cell of [operation.attach-volume]; pass --allow-deletions to delete them');
    } else {
      expect(r.stderr).toBe(
        `${file}:${row + 1}:${col + 1}: driver.ironic = '${value}' in [operation.attach-volume] must be one of complete, partial, missing, unknown\n`,
      );
    }
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['Complete', 'complete'],
    ['✔', 'complete'],
    ['◐', 'partial'],
    ['MISSING', 'missing'],
  ])('wide CSV: %j is read as %j with a warning', (value, status) => {
    const { dir, base, file, before } = setup('n.csv');
    const t = readCsv(file);
    const [row, col] = wideCell(t, 'operation.attach-volume', 'libvirt-lxc');
    t[row]![col] = value;
    writeCsv(file, t);
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${file}:${row + 1}:${col + 1}: warning: '${value}' is read as the cell status '${status}'`);
    const d = lineDiff(before, readFileSync(out, 'utf8'));
    if (status === 'missing') expect(d.added).toEqual([]);
    else expect(d.added).toEqual([`driver.libvirt-lxc=${status}`]);
  });

  it('Markdown: a Summary cell set to yes is refused at its line and column', () => {
    const { dir, base, file } = setup('n.md');
    const lines = readFileSync(file, 'utf8').split('\n');
    const n = lines.findIndex((l) => l.startsWith('| [Attach block volume to instance]'));
    const cells = lines[n]!.split('|');
    const col = cells.findIndex((c, k) => k > 2 && c.trim() !== '');
    cells[col] = ' yes ';
    lines[n] = cells.join('|');
    writeFileSync(file, lines.join('\n'));
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status).toBe(1);
    const column = cells.slice(0, col).join('|').length + 1;
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:${n + 1}:${column}: driver\\.[a-z0-9-]+ = 'yes' in \\[operation\\.attach-volume\\] must be one of`, 'm'));
    expect(existsSync(out)).toBe(false);
  });

  it('JSON: an invalid status is refused at its line and column', () => {
    const { dir, base, file } = setup('n.json');
    const text = readFileSync(file, 'utf8');
    const m = JSON.parse(text);
    m.features[0].implementations[1].status = 'supported';
    const edited = JSON.stringify(m, null, 2);
    writeFileSync(file, edited);
    const r = fmx(['convert', file, '--base', base, '-o', join(dir, 'out.ini')]);
    expect(r.status).toBe(1);
    const at = edited.indexOf('"supported"');
    const line = edited.slice(0, at).split('\n').length;
    const column = at - edited.lastIndexOf('\n', at - 1);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:${line}:${column}: .*'supported'`));
    expect(readdirSync(dir).sort()).toEqual([NOVA, 'n.json'].sort());
  });
});

describe('1b. an edited INI as input', () => {
  it('an invalid status is refused at its line and column in the edited INI', () => {
    const { dir, base, before } = setup('n.json');
    const lines = before.split('\n');
    const n = lines.indexOf('driver.ironic=missing');
    lines[n] = 'driver.ironic=yes';
    const file = join(dir, 'edited.ini');
    writeFileSync(file, lines.join('\n'));
    const r = fmx(['convert', file, '--base', base, '-o', join(dir, 'out.ini')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:${n + 1}:15: driver\\.ironic = 'yes' in \\[operation\\.[a-z-]+\\] must be one of`));
    expect(existsSync(join(dir, 'out.ini'))).toBe(false);
  });
});

describe('2. every edit a format shows is applied or reported', () => {
  const notesColumn = (t: Table) => t[0]!.indexOf('feature_notes');
  const rowsOf = (t: Table, key: string) => t.flatMap((r, n) => (r[0] === key ? [n] : []));

  it("long CSV: a feature's notes edited on a row but its first are applied, without warnings", () => {
    const { dir, base, file, before } = setup('l.csv', ['--layout', 'long']);
    const t = readCsv(file);
    const rows = rowsOf(t, 'operation.attach-volume');
    expect(rows.length).toBeGreaterThan(5);
    t[rows[4]!]![notesColumn(t)] = 'Edited notes.';
    writeCsv(file, t);
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect(lineDiff(before, readFileSync(out, 'utf8')).added).toEqual(['notes=Edited notes.']);
  });

  it('long CSV: notes edited on the first row give no warning per other row', () => {
    const { dir, base, file } = setup('l.csv', ['--layout', 'long']);
    const t = readCsv(file);
    t[rowsOf(t, 'operation.attach-volume')[0]!]![notesColumn(t)] = 'Edited notes.';
    writeCsv(file, t);
    const r = fmx(['convert', file, '--base', base, '-o', join(dir, 'out.ini')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
  });

  it('long CSV: two rows edited differently are one error naming both positions', () => {
    const { dir, base, file } = setup('l.csv', ['--layout', 'long']);
    const t = readCsv(file);
    const rows = rowsOf(t, 'operation.attach-volume');
    t[rows[2]!]![notesColumn(t)] = 'One edit.';
    t[rows[6]!]![notesColumn(t)] = 'Another edit.';
    writeCsv(file, t);
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status).toBe(1);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^${escape(file)}:\\d+:5: notes of feature operation\\.attach-volume is edited differently in two places \\('One edit\\.' and 'Another edit\\.'\\): make them agree \\(the other is at line \\d+, column 5\\)$`),
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('2b. Markdown: a cell status shown in the Summary and in Details is one value', () => {
  /** The Markdown of nova with libvirt-kvm-x86's attach-volume cell edited in the Summary (`summary`) and/or Details (`details`). */
  function edit(summary: string | null, details: string | null) {
    const s = setup('n.md');
    const lines = readFileSync(s.file, 'utf8').split('\n');
    const row = lines.findIndex((l) => l.startsWith('| [Attach block volume to instance]'));
    const item = lines.indexOf('- **Libvirt KVM (x86)**: ✔ complete', lines.findIndex((l) => l.startsWith('### Attach block volume to instance')));
    expect(row).toBeGreaterThan(0);
    expect(item).toBeGreaterThan(row);
    if (summary !== null) {
      const cells = lines[row]!.split('|');
      // | feature | status | libvirt-kvm-x86 | ...: the driver's cell is the fourth piece.
      expect(cells[3]!.trim()).toBe('✔');
      cells[3] = ` ${summary} `;
      lines[row] = cells.join('|');
    }
    if (details !== null) lines[item] = `- **Libvirt KVM (x86)**: ${details}`;
    writeFileSync(s.file, lines.join('\n'));
    return { ...s, row: row + 1, item: item + 1 };
  }
  const CELL = 'driver.libvirt-kvm-x86=complete';

  it('edited in Details only: with --base the edit is applied (one line), without a warning', () => {
    const { dir, base, file, before } = edit(null, '◐ partial');
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    const d = lineDiff(before, readFileSync(out, 'utf8'));
    expect(d.removed).toEqual([CELL]);
    expect(d.added).toEqual(['driver.libvirt-kvm-x86=partial']);
  });

  it('edited in the Summary only: with --base the edit is applied', () => {
    const { dir, base, file, before } = edit('✘', null);
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const d = lineDiff(before, readFileSync(out, 'utf8'));
    expect(d.added).toEqual(['driver.libvirt-kvm-x86=missing']);
  });

  it('edited differently in both: one error naming both places, nothing written', () => {
    const { dir, base, file, row, item } = edit('✘', '◐ partial');
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${escape(file)}:${row}:\\d+: status of feature operation\\.attach-volume, driver libvirt-kvm-x86 is edited differently in two places \\('missing' and 'partial'\\): make them agree \\(the other is at line ${item}, column \\d+\\)\n$`),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('without --base: the Summary\'s copy is kept, and a warning at the Details copy says so', () => {
    const { dir, file, row, item } = edit(null, '◐ partial');
    const out = join(dir, 'out.json');
    const r = fmx(['convert', file, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`^${escape(file)}:${item}:\\d+: warning: status of feature operation\\.attach-volume, driver libvirt-kvm-x86 differs from its copy at line ${row}, column \\d+: the first is kept \\(with --base, the copy that differs from the base is the edit\\)\n$`),
    );
    const m = JSON.parse(readFileSync(out, 'utf8'));
    const cell = m.features.find((f: { key: string }) => f.key === 'operation.attach-volume').implementations.find((i: { driver: string }) => i.driver === 'libvirt-kvm-x86');
    expect(cell.status).toBe('complete');
    // fmx validate says the same of the file.
    const v = fmx(['validate', file, '--format', 'json']);
    const found = JSON.parse(v.stdout).files[0].messages.filter((d: { ruleId: string }) => d.ruleId === 'copies-differ');
    expect(found).toMatchObject([{ line: item, severity: 'warning' }]);
  });
});

describe('2c. XLSX: a cell status shown in the Summary sheet and in the Details sheet is one value', () => {
  /** nova's workbook with libvirt-kvm-x86's attach-volume cell set to `to` in the Details sheet (and in the Summary sheet with `summary`). */
  async function edit(to: string, summary?: string) {
    const s = setup('n.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(s.file);
    const details = wb.getWorksheet('Details')!;
    const header = details.getRow(1).values as unknown[];
    let done = 0;
    details.eachRow((row, n) => {
      const v = row.values as unknown[];
      if (n > 1 && v[header.indexOf('feature_key')] === 'operation.attach-volume' && v[header.indexOf('driver_key')] === 'libvirt-kvm-x86') {
        expect(v[header.indexOf('status')]).toBe('complete');
        row.getCell(header.indexOf('status')).value = to;
        done++;
      }
    });
    expect(done).toBe(1);
    // The Summary's cell of that feature and driver: row 2 is the first feature, column C the first driver.
    const cell = wb.getWorksheet('Summary')!.getCell('C2');
    expect(cell.value).toBe('complete');
    if (summary !== undefined) cell.value = summary;
    await wb.xlsx.writeFile(s.file);
    return s;
  }

  it('edited in the Details sheet only: with --base the edit is applied (one line)', async () => {
    const { dir, base, file, before } = await edit('partial');
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const d = lineDiff(before, readFileSync(out, 'utf8'));
    expect(d.removed).toEqual(['driver.libvirt-kvm-x86=complete']);
    expect(d.added).toEqual(['driver.libvirt-kvm-x86=partial']);
  });

  it('edited differently in both sheets: one error naming both cells, nothing written', async () => {
    const { dir, base, file } = await edit('partial', 'missing');
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/: Summary!C2: status of feature operation\.attach-volume, driver libvirt-kvm-x86 is edited differently in two places \('missing' and 'partial'\): make them agree \(the other is at Details![A-Z]+\d+\)\n$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('3. what the edited file does not carry comes from the base; deletions are asked for', () => {
  it('wide CSV without the status and group columns: no status line is deleted', () => {
    const { dir, base, file, before } = setup('n.csv');
    const t = readCsv(file);
    const drop = new Set([t[0]!.indexOf('status'), t[0]!.indexOf('group')]);
    writeCsv(file, t.map((r) => r.filter((_, k) => !drop.has(k))));
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  const HAND = 'key,title,Libvirt KVM (x86),Ironic\noperation.attach-volume,Attach block volume to instance,complete,complete\noperation.detach-volume,Detach block volume from instance,complete,missing\n';

  it('a hand-made CSV with 2 rows and 2 drivers is refused, listing what it would delete', () => {
    const { dir, base } = setup('n.csv');
    const file = join(dir, 'hand.csv');
    writeFileSync(file, HAND);
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--keys-from', base, '--base', base, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^.*hand\.csv: would delete 57 features and 9 drivers: \[operation\.attach-tagged-volume\], .*, and \d+ more; pass --allow-deletions to delete them\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('with --allow-deletions the same CSV deletes them, and the result is the edited model', async () => {
    const { dir, base } = setup('n.csv');
    const file = join(dir, 'hand.csv');
    writeFileSync(file, HAND);
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--keys-from', base, '--base', base, '-o', out, '--allow-deletions']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(fmx(['convert', out, '--to', 'json']).stdout);
    expect(m.features.map((f: { key: string }) => f.key)).toEqual(['operation.attach-volume', 'operation.detach-volume']);
    expect(m.drivers.map((d: { key: string }) => d.key)).toEqual(['libvirt-kvm-x86', 'ironic']);
    // Notes are not in a wide CSV: they come from the base.
    expect(m.features[0].notes).toMatch(/^The attach volume operation/);
  });

  it('Markdown without the hidden <!--fmx--> data keeps the orphan cell notes of [operation.resize]', () => {
    const { dir, base, file, before } = setup('n.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/<!--fmx [^>]*-->/g, ''));
    expect(before).toContain('driver-notes.vz-vm');
    const out = join(dir, 'out.ini');
    const r = fmx(['convert', file, '--base', base, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });
});

describe('4. options that cannot do what was asked are usage errors', () => {
  it.each(['x.tsv', 'out.docx', 'x.yaml'])('-o %s exits 2, names the formats fmx writes and suggests --to', (name) => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-wb-'));
    const r = fmx(['convert', samplePath(NOVA), '-o', join(dir, name)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('fmx writes ini, json, html, md, csv, xlsx');
    expect(r.stderr).toContain('--to');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('-o x.txt names a format fmx reads but does not write', () => {
    const r = fmx(['convert', samplePath(NOVA), '-o', join(tmpdir(), 'never.txt')]);
    expect([r.status, r.stderr]).toEqual([2, `fmx: cannot write '${join(tmpdir(), 'never.txt')}': fmx reads txt but does not write it (fmx writes ini, json, html, md, csv, xlsx); name the output with one of their extensions or give --to FORMAT\n`]);
  });

  it("--to's choices are the formats fmx writes", () => {
    const r = fmx(['convert', samplePath(NOVA), '--to', 'txt']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('expected one of ini, json, html, md, csv, xlsx (fmx reads txt but does not write it)');
  });

  it('--base with a JSON output is refused; --base alone writes an INI', () => {
    const { base, file, before } = setup('n.json');
    const r = fmx(['convert', file, '--base', base, '--to', 'json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--base writes the edit into an INI file, but the output format is json');
    const ini = fmx(['convert', file, '--base', base]);
    expect(ini.status, ini.stderr).toBe(0);
    expect(ini.stdout).toBe(before);
  });

  it('two inputs that would write the same --out-dir file are named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-wb-'));
    for (const d of ['a', 'b']) {
      mkdirSync(join(dir, d));
      copyFileSync(samplePath(NOVA), join(dir, d, 'm.ini'));
    }
    const r = fmx(['convert', 'a/m.ini', 'b/m.ini', '--to', 'csv', '--out-dir', 'col'], { cwd: dir });
    expect([r.status, r.stderr]).toEqual([2, "fmx: 'a/m.ini' and 'b/m.ini' would both be written to 'col/m.csv': convert them into different --out-dir directories\n"]);
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });
});

describe('--dry-run and the summary line', () => {
  it('convert --base --dry-run prints the change list and writes nothing; without it a summary goes to stderr', () => {
    const { dir, base, file, before } = setup('n.csv');
    const t = readCsv(file);
    const [row, col] = wideCell(t, 'operation.attach-volume', 'ironic');
    t[row]![col] = 'complete';
    writeCsv(file, t);
    const dry = fmx(['convert', file, '--base', base, '--in-place', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(`${base} -> ${file}: 1 change: 1 implementation change\n\nImplementations\n  Ironic: Attach block volume to instance: missing -> complete\n`);
    expect(readFileSync(base, 'utf8')).toBe(before);
    const real = fmx(['convert', file, '--base', base, '--in-place']);
    expect([real.status, real.stderr]).toEqual([0, `${base}: written: 1 change: 1 implementation change\n`]);
    expect(lineDiff(before, readFileSync(base, 'utf8')).added).toEqual(['driver.ironic=complete']);
    expect(readdirSync(dir).sort()).toEqual([NOVA, 'n.csv'].sort());
  });
});

describe('7. messages', () => {
  it('empty standard input says it is empty', () => {
    for (const from of ['ini', 'json', 'md', 'csv', 'txt', 'html', 'xlsx']) {
      const r = fmx(['convert', '-', '--from', from], { input: '' });
      expect([from, r.status, r.stderr]).toEqual([from, 1, `-:1:1: empty input (nothing on standard input): no ${from === 'xlsx' ? 'workbook' : 'matrix'} to read\n`]);
    }
  });

  it("-o naming a directory never shows the temporary file's name", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmx-wb-'));
    const r = fmx(['convert', samplePath(NOVA), '-o', dir]);
    expect([r.status, r.stderr]).toEqual([1, `${dir}: cannot write: it is a directory (name a file, or use --out-dir)\n`]);
  });

  it('the diff text header counts the lines it lists', () => {
    const { dir, base, before } = setup('n.json');
    // One cell changed in status and notes: one line, counted once.
    const edited = before.replace('driver.ironic=missing', 'driver.ironic=partial\ndriver-notes.ironic=Only some').replace(/\n$/, '\n');
    const file = join(dir, 'edited.ini');
    writeFileSync(file, edited);
    const r = fmx(['diff', base, file]);
    const listed = r.stdout.split('\n').filter((l) => /^ {2}\S/.test(l) && !/^ {2}[~+-] /.test(l));
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`: ${listed.length} changes?: ${listed.length} implementation changes?$`));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
