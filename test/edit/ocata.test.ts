/**
 * The Ocata case of issue 13: the published nova 15.0.0 page, read with
 * --keys-from, saved in each editable format, one cell edited
 * (operation.attach-volume x ironic: missing -> complete), written back with
 * --base: the INI diff is that one line, whatever the format. The saved file
 * says that its model came from a page (provenance), so the notes the page
 * could not show and its folded text are the base's, not edits.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmx } from '../helpers/cli.js';
import { lineDiff } from '../helpers/linediff.js';
import { ROOT } from '../helpers/samples.js';

const PAGE = ROOT + 'samples/rendered/nova-15.0.0-support-matrix.txt';
const BASE = ROOT + 'samples/nova-15.0.0-support-matrix.ini';

/** Each format's file with the one cell edited. */
const EDITS: Record<string, { args: string[]; edit: (text: string) => string }> = {
  'p.json': {
    args: [],
    edit(text) {
      const m = JSON.parse(text);
      const f = m.features.find((x: { key: string }) => x.key === 'operation.attach-volume');
      const c = f.implementations.find((x: { driver: string }) => x.driver === 'ironic');
      expect(c.status).toBe('missing');
      c.status = 'complete';
      return JSON.stringify(m, null, 2) + '\n';
    },
  },
  'wide.csv': {
    args: [],
    edit(text) {
      const lines = text.split('\n');
      const col = lines[0]!.split(',').findIndex((h) => h.endsWith('[ironic]'));
      const n = lines.findIndex((l) => l.startsWith('operation.attach-volume,'));
      const cells = lines[n]!.split(',');
      expect(cells[col]).toBe('missing');
      cells[col] = 'complete';
      lines[n] = cells.join(',');
      return lines.join('\n');
    },
  },
  'long.csv': {
    args: ['--layout', 'long'],
    edit(text) {
      const from = text.indexOf('\noperation.attach-volume,');
      const at = text.indexOf(',ironic,Ironic,,missing,', from);
      expect(from).toBeGreaterThan(0);
      expect(at).toBeGreaterThan(from);
      expect(text.slice(from, at)).not.toContain('\noperation.detach-volume,');
      return text.slice(0, at) + ',ironic,Ironic,,complete,' + text.slice(at + ',ironic,Ironic,,missing,'.length);
    },
  },
  'p.md': {
    args: [],
    edit(text) {
      const lines = text.split('\n');
      const header = lines.findIndex((l) => l.startsWith('| Feature '));
      const col = lines[header]!.split('|').findIndex((c) => /^Ironic(<!--|$)/.test(c.trim()));
      const row = lines.findIndex((l) => l.startsWith('| [Attach block volume to instance]'));
      const cells = lines[row]!.split('|');
      expect(cells[col]!.trim()).toBe('✘');
      cells[col] = ' ✔ ';
      lines[row] = cells.join('|');
      const heading = lines.findIndex((l) => l.startsWith('### Attach block volume to instance'));
      const item = lines.findIndex((l, n) => n > heading && l === '- **Ironic**: ✘ missing');
      lines[item] = '- **Ironic**: ✔ complete';
      return lines.join('\n');
    },
  },
};

/** A Python with openpyxl (`python3` on PATH, else Debian's), to edit the workbook as a spreadsheet program would. */
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0);
if (!python) console.log('the Ocata XLSX case is skipped: no python3 with openpyxl (Debian: apt-get install python3-openpyxl)');

/** The workbook's Summary cell edited and the file saved again by openpyxl (another program's workbook). */
const XLSX_EDIT = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Summary']
head = [c.value for c in ws[1]]
col = next(i for i, v in enumerate(head) if v and str(v).startswith('Ironic')) + 1
row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == 'Attach block volume to instance')
assert ws.cell(row, col).value == 'missing', ws.cell(row, col).value
ws.cell(row, col).value = 'complete'
wb.save(sys.argv[1])
`;

describe('the Ocata page, edited in every format and written back', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fmx-ocata-'));
  const base = readFileSync(BASE, 'utf8');
  const cases: [string, string[], (file: string) => void][] = [
    ...Object.entries(EDITS).map(([name, { args, edit }]): [string, string[], (file: string) => void] => [
      name,
      args,
      (file) => writeFileSync(file, edit(readFileSync(file, 'utf8'))),
    ]),
    ['p.xlsx', [], (file) => execFileSync(python!, ['-c', XLSX_EDIT, file])],
  ];
  for (const [name, args, edit] of cases) {
    it.skipIf(name.endsWith('.xlsx') && !python)(`${name}: one cell edited gives a one-line INI diff`, () => {
      const file = path.join(dir, name);
      const saved = fmx(['convert', PAGE, '--keys-from', BASE, '-o', file, ...args]);
      expect(saved.status, saved.stderr).toBe(0);
      edit(file);
      const out = path.join(dir, name + '.ini');
      const r = fmx(['convert', file, '--base', BASE, '-o', out]);
      expect(r.status, r.stderr).toBe(0);
      const changed = lineDiff(base, readFileSync(out, 'utf8'));
      expect(changed.removed).toEqual(['driver-impl-ironic=missing']);
      expect(changed.added).toEqual(['driver-impl-ironic=complete']);
    }, 30_000);
  }
});
