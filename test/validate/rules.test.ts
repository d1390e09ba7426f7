/**
 * `fmx validate`: every rule on a minimal input, with its exact position and
 * the words a maintainer needs; and every upstream sample passes.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { RULES, validateIniText, validateMatrix } from '../../src/validate/validate.js';
import { closest, editDistance } from '../../src/suggest.js';
import { validateBytes } from '../../src/validate/input.js';
import { readIniText } from '../../src/formats/ini/read.js';
import { INI_SAMPLES, ROOT, sampleBytes } from '../helpers/samples.js';

const SM_HEAD = `[driver.a]
title=Driver A

[driver.b]
title=Driver B
`;

/** A support-matrix file: two drivers and the given feature sections. */
function sm(features: string): string {
  return SM_HEAD + '\n' + features;
}

function check(text: string): Diagnostic[] {
  return validateIniText(text, 'm.ini');
}

/** The one finding of `ruleId`, failing when there is none or several. */
function only(list: Diagnostic[], ruleId: string): Diagnostic {
  const hits = list.filter((d) => d.ruleId === ruleId);
  expect(hits, `${ruleId} in ${JSON.stringify(list, null, 1)}`).toHaveLength(1);
  return hits[0]!;
}

function ids(list: Diagnostic[]): string[] {
  return list.map((d) => d.ruleId!);
}

const GOOD_FEATURE = `[operation.x]
title=X
status=optional
driver.a=complete
driver.b=missing
`;

describe('a clean file', () => {
  it('has no findings', () => {
    expect(check(sm(GOOD_FEATURE))).toEqual([]);
  });
});

describe('errors: what upstream rejects', () => {
  it('feature-title-missing', () => {
    const d = only(check(sm('[operation.x]\nstatus=optional\ndriver.a=complete\ndriver.b=missing\n')), 'feature-title-missing');
    expect(d).toMatchObject({ line: 7, column: 1, severity: 'error' });
    expect(d.message).toContain("'title' option missing in '[operation.x]' section");
  });

  it('driver-title-missing', () => {
    const d = only(check(`[driver.a]\nlink=https://example.org\n\n${GOOD_FEATURE.replace('driver.b=missing\n', '')}`), 'driver-title-missing');
    expect(d).toMatchObject({ line: 1, column: 1, severity: 'error' });
    expect(d.message).toContain("driver 'a' has no title");
  });

  it('driver-link-missing (feature-classification only)', () => {
    const d = only(check('[target.k]\ntitle=K\n\n[operation.x]\ntitle=X\nk=complete\n'), 'driver-link-missing');
    expect(d).toMatchObject({ line: 1, column: 1 });
    expect(ids(check(sm(GOOD_FEATURE)))).not.toContain('driver-link-missing');
  });

  it('driver-key-malformed (targets dialect)', () => {
    const d = only(check('[targets]\ndriver-impl-a-b-c-d=ABCD\n\n[x]\ntitle=X\ndriver-impl-a-b-c-d=complete\n'), 'driver-key-malformed');
    expect(d).toMatchObject({ line: 2, column: 1 });
  });

  it('feature-status-invalid, with a suggestion', () => {
    const d = only(check(sm(GOOD_FEATURE.replace('status=optional', 'status=optionel'))), 'feature-status-invalid');
    expect(d).toMatchObject({ line: 9, column: 8 });
    expect(d.message).toBe(
      "status 'optionel' of [operation.x] must be one of mandatory, optional, choice, condition, mature, immature (did you mean 'optional'?)",
    );
  });

  it('feature-status-invalid: the targets renderer knows fewer statuses', () => {
    const t = '[targets]\ndriver-impl-a=A\n\n[x]\ntitle=X\nstatus=mature\ndriver-impl-a=complete\n';
    expect(only(check(t), 'feature-status-invalid').message).toContain('mandatory, choice, condition, optional');
  });

  it.each(['choice()', 'choice(a', '(g)'])('feature-status-malformed: %s', (status) => {
    const d = only(check(sm(GOOD_FEATURE.replace('status=optional', `status=${status}`))), 'feature-status-malformed');
    expect(d.message).toContain('crashes');
    expect(d.line).toBe(9);
  });

  it('feature-maturity-invalid (case-insensitive, as upstream lower-cases it)', () => {
    const fc = (m: string) => `[target.k]\ntitle=K\nlink=https://k.example\n\n[operation.x]\ntitle=X\nmaturity=${m}\nk=complete\n`;
    expect(only(check(fc('experimantal')), 'feature-maturity-invalid').message).toContain("did you mean 'experimental'");
    expect(ids(check(fc('Complete')))).toEqual([]);
  });

  it('cell-undeclared-driver, with a suggestion', () => {
    const d = only(check(sm(GOOD_FEATURE + 'driver.bb=complete\n')), 'cell-undeclared-driver');
    expect(d).toMatchObject({ line: 12, column: 1, severity: 'error' });
    expect(d.message).toContain('driver.bb in [operation.x] is a cell for a driver that is not declared');
  });

  it('cell-undeclared-driver: a driver key with capitals can never have a cell', () => {
    const text = '[driver.KVM]\ntitle=KVM\n\n[operation.x]\ntitle=X\ndriver.kvm=complete\n';
    const list = check(text);
    expect(only(list, 'cell-undeclared-driver').message).toContain("declared as 'KVM'");
    expect(ids(list)).toContain('cell-missing');
  });

  it('cell-undeclared-driver is a warning (unknown-option) where upstream does not look', () => {
    const list = check(sm(GOOD_FEATURE + '\n[storage.y]\ntitle=Y\ndriver.a=complete\ndriver.b=missing\ndriver.libvrit=complete\n'));
    expect(ids(list)).not.toContain('cell-undeclared-driver');
    expect(only(list, 'unknown-option').severity).toBe('warning');
  });

  it('cell-status-invalid, with the inline comment explained', () => {
    const list = check(sm(GOOD_FEATURE.replace('driver.a=complete', 'driver.a=complete  # since Rocky')));
    const d = only(list, 'cell-status-invalid');
    expect(d).toMatchObject({ line: 10, column: 10 });
    expect(d.message).toContain('no inline comments');
    expect(only(list, 'inline-comment')).toMatchObject({ line: 10, column: 20 });
  });

  it('cell-status-invalid: a typo', () => {
    const d = only(check(sm(GOOD_FEATURE.replace('driver.b=missing', 'driver.b=mising'))), 'cell-status-invalid');
    expect(d.message).toContain("did you mean 'missing'");
  });

  it('cell-missing: upstream crashes with KeyError', () => {
    const d = only(check(sm(GOOD_FEATURE.replace('driver.b=missing\n', ''))), 'cell-missing');
    expect(d).toMatchObject({ line: 7, column: 1 });
    expect(d.message).toContain('KeyError');
    expect(d.message).toContain('driver.b');
  });

  it('a lone % is reported, and the other rules still run', () => {
    const list = check(sm(GOOD_FEATURE.replace('title=X', 'title=100% done').replace('driver.b=missing\n', '')));
    const d = only(list, 'ini-interpolation-syntax');
    expect(d).toMatchObject({ line: 8, column: 10, severity: 'error' });
    expect(ids(list)).toContain('cell-missing');
  });

  it('%(missing)s', () => {
    expect(only(check(sm(GOOD_FEATURE.replace('title=X', 'title=%(nope)s'))), 'ini-interpolation-missing').line).toBe(8);
  });

  it('syntax errors come from the reader, all of them', () => {
    const list = check(sm(GOOD_FEATURE + 'not an option\n[operation.x]\ntitle=Y\n'));
    expect(ids(list).slice(0, 2)).toEqual(['ini-invalid-line', 'ini-duplicate-section']);
    expect(list[0]).toMatchObject({ line: 12, column: 1 });
  });

  it('empty file, no drivers', () => {
    expect(ids(check(''))).toEqual(['matrix-empty']);
    expect(ids(check('[a]\nb=c\n'))).toEqual(['matrix-no-drivers']);
  });
});

describe('warnings: what upstream lets through', () => {
  it('feature-not-rendered', () => {
    const d = only(check(sm(GOOD_FEATURE + '\n[storage.y]\ntitle=Y\ndriver.a=complete\ndriver.b=missing\n')), 'feature-not-rendered');
    expect(d).toMatchObject({ line: 13, column: 1, severity: 'warning' });
    expect(d.message).toContain("'Y' is missing from the published page");
  });

  it('cell-notes-orphan: nova operation.resize has driver-notes.vz-vm', () => {
    const text = sm(GOOD_FEATURE + 'driver-notes.vz-vm=Only with ploop\n').replace(/driver\.b\b/g, 'driver.libvirt-vz-vm');
    const d = only(check(text), 'cell-notes-orphan');
    expect(d).toMatchObject({ line: 12, column: 1 });
    expect(d.message).toBe("driver-notes.vz-vm in [operation.x] is never shown: there is no driver 'vz-vm' (did you mean 'driver-notes.libvirt-vz-vm'?)");
  });

  it('cell-notes-orphan: a declared driver without a cell in this feature', () => {
    const list = check(sm(GOOD_FEATURE.replace('driver.b=missing', 'driver-notes.b=x')));
    expect(only(list, 'cell-notes-orphan').message).toContain("'b' has no cell in [operation.x]");
    expect(ids(list)).toContain('cell-missing');
  });

  it('cell-notes-hidden: nova feature_matrix.py cuts 12 characters off the cell name', () => {
    const text = '[target.libvirt-kvm]\ntitle=KVM\nlink=https://k.example\n\n[operation.x]\ntitle=X\nlibvirt-kvm=partial\ndriver-notes-libvirt-kvm=no UEFI\n';
    const d = only(check(text), 'cell-notes-hidden');
    expect(d).toMatchObject({ line: 8, column: 1 });
    expect(d.message).toContain("'driver-notes-'");
  });

  it('partial-without-notes', () => {
    const list = check(sm(GOOD_FEATURE.replace('driver.a=complete', 'driver.a=partial')));
    expect(only(list, 'partial-without-notes')).toMatchObject({ line: 10, column: 1, severity: 'warning' });
    const ok = check(sm(GOOD_FEATURE.replace('driver.a=complete', 'driver.a=partial\ndriver-notes.a=No live snapshots')));
    expect(ok).toEqual([]);
  });

  it('default-section, and its values are not reported once per section', () => {
    const list = check('[DEFAULT]\nnotes=shared\nfoo=bar\n\n' + sm(GOOD_FEATURE));
    const d = only(list, 'default-section');
    expect(d).toMatchObject({ line: 1, column: 1 });
    expect(d.message).toContain("'notes', 'foo'");
    // foo lands in every driver and feature; it is reported once, at its line.
    expect(list.filter((x) => x.ruleId === 'unknown-option').map((x) => x.line)).toEqual([3]);
  });

  it('duplicate-title: features and drivers', () => {
    const list = check(sm(GOOD_FEATURE + '\n[operation.y]\ntitle= x \ndriver.a=complete\ndriver.b=missing\n').replace('title=Driver B', 'title=Driver A'));
    const dups = list.filter((d) => d.ruleId === 'duplicate-title');
    expect(dups.map((d) => d.line)).toEqual([5, 14]);
    expect(dups[1]!.message).toContain('[operation.x] and [operation.y]');
  });

  it('unknown-option with did you mean: tittle, note', () => {
    const list = check(sm(GOOD_FEATURE.replace('title=X', 'title=X\ntittle=Y\nnote=Z')));
    const found = list.filter((d) => d.ruleId === 'unknown-option');
    expect(found.map((d) => [d.line, d.message])).toEqual([
      [9, "no renderer reads option 'tittle' of [operation.x] (did you mean 'title'?)"],
      [10, "no renderer reads option 'note' of [operation.x] (did you mean 'notes'?)"],
    ]);
  });

  it('unknown-option: a misspelt target in feature-classification is ignored by nova, so a warning', () => {
    const text = '[target.libvirt-kvm]\ntitle=KVM\nlink=https://k.example\n\n[operation.x]\ntitle=X\nlibvirt-kvm=complete\nlibvrit-kvm=complete\n';
    const d = only(check(text), 'unknown-option');
    expect(d.severity).toBe('warning');
  });

  it('unknown-option: options of another dialect', () => {
    const d = only(check(sm(GOOD_FEATURE.replace('status=optional', 'maturity=complete'))), 'unknown-option');
    expect(d.message).toContain("does not read option 'maturity'");
  });

  it('inline-comment in notes; not for "bug #123" nor ; in cli', () => {
    const list = check(sm(GOOD_FEATURE.replace('title=X', 'title=X\nnotes=Works. ; TODO check\ncli=a ; b\napi=see bug #123')));
    expect(only(list, 'inline-comment')).toMatchObject({ line: 9, column: 14 });
  });

  it('link-not-http', () => {
    const list = check(sm(GOOD_FEATURE).replace('title=Driver A', 'title=Driver A\nlink=ftp://x.example/a'));
    expect(only(list, 'link-not-http')).toMatchObject({ line: 3, column: 6 });
    expect(check(sm(GOOD_FEATURE).replace('title=Driver A', 'title=Driver A\nlink='))).toEqual([]);
  });

  it('title-empty', () => {
    expect(only(check(sm(GOOD_FEATURE.replace('title=X', 'title='))), 'title-empty').line).toBe(8);
  });

  it('list-empty-item: nova 14 cli ends with ;', () => {
    expect(only(check(sm(GOOD_FEATURE.replace('title=X', 'title=X\ncli=nova rebuild;'))), 'list-empty-item').line).toBe(9);
  });

  it('input-bom', () => {
    const d = only(validateIniText(sm(GOOD_FEATURE), 'm.ini', true), 'input-bom');
    expect(d).toMatchObject({ line: 1, column: 1, severity: 'warning' });
  });

  it('line-endings-mixed; CRLF alone or CR alone is fine', () => {
    const lf = sm(GOOD_FEATURE);
    expect(check(lf.replace(/\n/g, '\r\n'))).toEqual([]);
    expect(check(lf.replace(/\n/g, '\r'))).toEqual([]);
    const mixed = lf.replace('title=X\n', 'title=X\r\n');
    expect(only(check(mixed), 'line-endings-mixed')).toMatchObject({ line: 8 });
  });
});

describe('the other formats go through the same rules', () => {
  it('a JSON model: rules without INI positions', async () => {
    const { matrix } = readIniText(sm(GOOD_FEATURE.replace('driver.a=complete', 'driver.a=partial')), 'm.ini');
    const list = await validateBytes(new TextEncoder().encode(JSON.stringify(matrix)), 'm.json', 'json');
    expect(ids(list)).toEqual(['partial-without-notes']);
  });

  it('validateMatrix: a model with unknown statuses and missing cells', () => {
    const { matrix } = readIniText(sm(GOOD_FEATURE), 'm.ini');
    matrix.features[0]!.implementations[0]!.status = 'yes';
    matrix.features[0]!.implementations.pop();
    expect(ids(validateMatrix(matrix, 'm.csv'))).toEqual(['cell-status-invalid', 'cell-missing']);
  });

  it('findings are capped per rule', () => {
    const feats = Array.from({ length: 1100 }, (_, i) => `[operation.f${i}]\ntitle=F${i}\ndriver.a=partial\ndriver.b=missing\n`).join('\n');
    const list = check(sm(feats)).filter((d) => d.ruleId === 'partial-without-notes');
    expect(list).toHaveLength(1001);
    expect(list.at(-1)!.message).toBe('100 more findings of partial-without-notes not shown');
  });
});

describe('did you mean', () => {
  it('edit distance counts transpositions as one', () => {
    expect(editDistance('tittle', 'title')).toBe(1);
    expect(editDistance('libvrit', 'libvirt')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
  it('suggests nothing far away or for huge words', () => {
    expect(closest('zzzz', ['title', 'notes'])).toBeNull();
    expect(closest('t'.repeat(100_000), ['title'])).toBeNull();
  });
});

describe('the upstream samples', () => {
  it.each(INI_SAMPLES)('%s has no errors', (name) => {
    const list = validateIniText(sampleBytes(name).toString('utf8'), name);
    expect(list.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('nova 33.0.0: 15 features are not on the published page, and the vz notes are orphans', () => {
    const list = validateIniText(sampleBytes('nova-33.0.0-support-matrix.ini').toString('utf8'), 'nova');
    expect(list.filter((d) => d.ruleId === 'feature-not-rendered')).toHaveLength(15);
    expect(list.filter((d) => d.ruleId === 'cell-notes-orphan').map((d) => d.line)).toEqual([585, 587]);
  });

  it('octavia lb: note= instead of notes=', () => {
    const list = validateIniText(sampleBytes('octavia-master-feature-matrix-lb.ini').toString('utf8'), 'lb');
    expect(only(list, 'unknown-option').message).toContain("did you mean 'notes'");
  });
});

describe('the validate manual (docs/validate.md)', () => {
  const doc = readFileSync(ROOT + 'docs/validate.md', 'utf8');

  it('lists every rule id', () => {
    for (const r of RULES) expect(doc, r.id).toContain('`' + r.id + '`');
  });

  it('the rules table is RULES, row for row', () => {
    const lines = doc.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| id | severity |'));
    expect(header).toBeGreaterThan(-1);
    const rows: string[][] = [];
    for (const l of lines.slice(header + 2)) {
      if (!l.startsWith('|')) break;
      rows.push(l.split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, '')));
    }
    expect(rows).toEqual(RULES.map((r) => ['`' + r.id + '`', r.severity, r.description, r.upstream ?? '— (fmx only)']));
  });

  it("the table of what --strict finds in the samples is today's", () => {
    const lines = doc.split('\n');
    const header = lines.find((l) => l.startsWith('| file | `'))!;
    const rules = header.split('|').slice(2, -1).map((c) => c.trim().replace(/`/g, ''));
    const table = new Map<string, string[]>();
    for (const l of lines.slice(lines.indexOf(header) + 2)) {
      if (!l.startsWith('|')) break;
      const cells = l.split('|').slice(1, -1).map((c) => c.trim().replace(/\*/g, ''));
      table.set(cells[0]!, cells.slice(1));
    }
    const totals = new Map<string, number>();
    for (const name of INI_SAMPLES) {
      const counts = new Map<string, number>();
      for (const d of validateIniText(sampleBytes(name).toString('utf8'), name)) {
        expect(rules, d.ruleId).toContain(d.ruleId);
        counts.set(d.ruleId!, (counts.get(d.ruleId!) ?? 0) + 1);
        totals.set(d.ruleId!, (totals.get(d.ruleId!) ?? 0) + 1);
      }
      const row = rules.map((r) => (counts.get(r) ? String(counts.get(r)) : ''));
      if (counts.size) expect(table.get(name), name).toEqual(row);
      else expect(table.has(name), name).toBe(false);
    }
    expect(table.get(`all ${INI_SAMPLES.length} files`)).toEqual(rules.map((r) => String(totals.get(r) ?? 0)));
  });
});
