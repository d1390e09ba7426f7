/**
 * The Ocata case of issue 13: the published nova 15.0.0 page, read with
 * --keys-from, saved in each editable format, one cell edited
 * (operation.attach-volume x ironic: missing -> complete), written back with
 * --base: the INI diff is that one line, whatever the format.
 */

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmx } from '../helpers/cli.js';
import { lineDiff } from '../helpers/linediff.js';
import { ROOT } from '../helpers/samples.js';
import { overBase } from '../../src/commands/convert.js';
import { patchIni } from '../../src/formats/ini/patch.js';
import { readIniText } from '../../src/formats/ini/read.js';
import { loadReader } from '../../src/formats/registry.js';

const PAGE = '/work/shared/corpus/rendered/nova-15.0.0-support-matrix.txt';
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

describe.skipIf(!existsSync(PAGE))('the Ocata page, edited in every format and written back', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fmx-ocata-'));
  const base = readFileSync(BASE, 'utf8');
  for (const [name, { args, edit }] of Object.entries(EDITS)) {
    it(`${name}: one cell edited gives a one-line INI diff`, async () => {
      const file = path.join(dir, name);
      const saved = fmx(['convert', PAGE, '--keys-from', BASE, '-o', file, ...args]);
      expect(saved.status, saved.stderr).toBe(0);
      writeFileSync(file, edit(readFileSync(file, 'utf8')));
      const out = path.join(dir, name + '.ini');
      const r = fmx(['convert', file, '--base', BASE, '-o', out]);
      if (readFileSync(file, 'utf8').includes('foldedText') || name === 'wide.csv') {
        expect(r.status, r.stderr).toBe(0);
        const changed = lineDiff(base, readFileSync(out, 'utf8'));
        expect(changed.removed).toEqual(['driver-impl-ironic=missing']);
        expect(changed.added).toEqual(['driver-impl-ironic=complete']);
        return;
      }
      // This format does not carry the model's provenance on this branch yet (Matrix.provenance,
      // the keys change): the file cannot say that it came from a page, which shows no orphan
      // cell notes, so their absence reads as a deletion, and it is refused, not done silently.
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        'would delete 2 other options: driver-notes-vz-vm of [operation.resize], driver-notes-vz-ct of [operation.resize]; pass --allow-deletions to delete them',
      );
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe.skipIf(!existsSync(PAGE))('the Ocata page, with the provenance a page leaves in the model', () => {
  // In process: the model says it came from a page (Matrix.provenance.foldedText, as the formats carry
  // it once the keys change is in), so folded typography and the notes the page cannot show are the base's.
  const dir = mkdtempSync(path.join(tmpdir(), 'fmx-ocata-'));
  const baseText = readFileSync(BASE, 'utf8');
  for (const [name, { args, edit }] of Object.entries(EDITS)) {
    it(`${name}: one line`, async () => {
      const file = path.join(dir, name);
      expect(fmx(['convert', PAGE, '--keys-from', BASE, '-o', file, ...args]).status).toBe(0);
      const { matrix: base, doc } = readIniText(baseText, BASE);
      const loaded = await (await loadReader(name.endsWith('.json') ? 'json' : name.endsWith('.md') ? 'md' : 'csv')).read(
        new TextEncoder().encode(edit(readFileSync(file, 'utf8'))),
        { file, keysFrom: base, warn: () => {} },
      );
      loaded.matrix.provenance = { foldedText: true };
      const result = overBase(loaded, base, file, {}, { report: () => {} });
      const changed = lineDiff(baseText, patchIni(doc, result, { where: 'out.ini' }));
      expect(changed.removed).toEqual(['driver-impl-ironic=missing']);
      expect(changed.added).toEqual(['driver-impl-ironic=complete']);
    });
  }
});
