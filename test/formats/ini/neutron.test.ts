/**
 * neutron's own renderer (doc/source/ext/support_matrix.py, 2016-2017) and
 * its two dialects, checked on every version neutron published with it
 * (test/fixtures/neutron/README.md): `networking-targets` (`[targets]` with
 * `networking-KEY=Title`) and `networking-labels` (`[target.KEY]` with
 * `label=networking-...`, cells keyed by the label).
 */

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { FmxError } from '../../../src/diagnostics.js';
import { diffMatrices } from '../../../src/diff/compare.js';
import { patchIni } from '../../../src/formats/ini/patch.js';
import { readIniText } from '../../../src/formats/ini/read.js';
import { emitFreshIni, printIni } from '../../../src/formats/ini/write.js';
import { toPlain, type Matrix } from '../../../src/model/matrix.js';
import { validateIniText } from '../../../src/validate/validate.js';
import { lineDiff } from '../../helpers/linediff.js';
import { python3, runOracle } from '../../helpers/python.js';
import { fmx } from '../../helpers/cli.js';
import { ROOT } from '../../helpers/samples.js';

const DIR = ROOT + 'test/fixtures/neutron/';
const ALL = readdirSync(DIR).filter((f) => f.endsWith('.ini')).sort();
/** The versions published by neutron's own renderer (before it moved to sphinx-feature-classification on 2017-12-07). */
const OWN = ALL.filter((f) => !f.includes('2017-12-07'));
const text = (f: string) => readFileSync(DIR + f, 'utf8');
const read = (f: string) => readIniText(text(f), f).matrix;

describe('neutron fixtures', () => {
  it('are every version of both files before December 2017, and the first of the next renderer', () => {
    expect(OWN).toHaveLength(8);
    expect(ALL).toHaveLength(10);
  });

  it.each(OWN)('%s reads as its own dialect, every cell to a driver', (f) => {
    const m = read(f);
    const labels = f.replace(/^[a-z]+-/, '') >= '2017-07';
    expect(m.dialect).toBe(labels ? 'networking-labels' : 'networking-targets');
    expect(m.drivers.map((d) => d.key)).toEqual(['ovs', labels ? 'linuxbridge' : 'linux-bridge', 'odl', 'midonet', 'ovn']);
    for (const feature of m.features) {
      expect(feature.extras, feature.key).toBeUndefined();
      expect(feature.implementations.map((i) => i.driver)).toEqual(m.drivers.map((d) => d.key));
    }
    expect(m.features.length).toBeGreaterThanOrEqual(4);
  });

  it.each(ALL)('%s prints back byte for byte, and validates clean (no error, no warning)', (f) => {
    const t = text(f);
    const { doc, matrix } = readIniText(t, f);
    expect(printIni(doc)).toBe(t);
    expect(patchIni(doc, matrix, 'out.ini')).toBe(t);
    const findings = validateIniText(t, f);
    // The first file of sphinx-feature-classification has its own (real) warnings: partial without notes, an operations.* typo.
    if (OWN.includes(f)) expect(findings).toEqual([]);
    else expect(findings.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.skipIf(!python3())('read to what CPython configparser gives under the renderer’s rules', () => {
    const oracle = runOracle<{ model?: unknown; error?: string }[]>('configparser_model.py', ALL.map((f) => DIR + f));
    for (const [i, f] of ALL.entries()) {
      expect(oracle[i]!.error, f).toBeUndefined();
      expect(toPlain(read(f)), f).toEqual(oracle[i]!.model);
    }
  });
});

describe('fmx diff across the change of renderer', () => {
  it('the last networking-labels version against the first [driver.*] one shows only the real changes', () => {
    const changes = diffMatrices(read('general-2017-11-24-b1f05504ed.ini'), read('general-2017-12-07-3ac866950f.ini'));
    const kinds = changes.map((c) => c.kind);
    // No driver or feature added or removed: the bare ids match.
    expect(kinds.filter((k) => /added|removed/.test(k))).toEqual([]);
    const summary = changes.map((c) => {
      const x = c as { kind: string; driver?: string; feature?: string; field?: string; old?: unknown; new?: unknown };
      return `${x.kind} ${x.driver ?? ''} ${x.feature ?? ''} ${x.field ?? ''}: ${JSON.stringify(x.old)} -> ${JSON.stringify(x.new)}`;
    });
    // The two links that were empty are now absent.
    expect(summary.filter((s) => s.startsWith('driver-changed'))).toEqual([
      'driver-changed ovs  link: "" -> null',
      'driver-changed linuxbridge  link: "" -> null',
    ]);
    // required became mandatory (sphinx-feature-classification's word), incomplete became missing.
    const statuses = summary.filter((s) => s.includes(' status: '));
    expect(statuses.filter((s) => s.includes('"required" -> "mandatory"'))).toHaveLength(4);
    expect(statuses.filter((s) => s.includes('"incomplete" -> "missing"'))).toHaveLength(9);
    expect(statuses).toHaveLength(13);
    // The rest are the notes whose API reference links moved.
    const notes = summary.filter((s) => s.includes(' notes: '));
    expect(notes).toHaveLength(9);
    for (const n of notes) expect(n).toContain('https://docs.openstack.org/api-ref/network/v2/');
    expect(changes).toHaveLength(2 + 13 + 9);
  });

  it('fmx diff says the same', () => {
    const r = fmx(['diff', DIR + 'general-2017-11-24-b1f05504ed.ini', DIR + 'general-2017-12-07-3ac866950f.ini']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('24 changes: 2 driver changes, 13 feature changes, 9 implementation changes');
    expect(r.stdout).not.toMatch(/^\s+[-+] /m);
  });

  it('the provider network matrix likewise', () => {
    const changes = diffMatrices(read('provider-2017-07-25-098ff08bc6.ini'), read('provider-2017-12-07-3ac866950f.ini'));
    expect(changes.filter((c) => /added|removed/.test(c.kind))).toEqual([]);
    expect(changes).toHaveLength(2 + 7);
  });

  it('the two forms of neutron’s own renderer compare cell by cell where the key did not change', () => {
    const changes = diffMatrices(read('general-2017-04-17-3f639701ac.ini'), read('general-2017-07-25-098ff08bc6.ini'));
    // Only Linux Bridge changed its key (linux-bridge -> linuxbridge).
    const moved = changes.filter((c) => /driver-(added|removed)/.test(c.kind)).map((c) => (c as { driver?: string }).driver);
    expect(moved.sort()).toEqual(['linux-bridge', 'linuxbridge']);
  });
});

describe('writing the neutron dialects', () => {
  const edit = (f: string, apply: (m: Matrix) => void) => {
    const t = text(f);
    const { matrix, doc } = readIniText(t, f);
    const m = structuredClone(matrix);
    apply(m);
    const out = patchIni(doc, m, 'out.ini');
    expect(cellsByDriver(readIniText(out, 'out.ini').matrix)).toEqual(cellsByDriver(m));
    return lineDiff(t, out);
  };

  it.each(OWN)('%s: a changed cell changes one line', (f) => {
    const d = edit(f, (m) => void (m.features[1]!.implementations[1]!.status = 'partial'));
    expect(d.removed).toHaveLength(1);
    expect(d.added).toEqual([d.removed[0]!.replace(/=.*/, '=partial')]);
  });

  it('an added driver is declared and gets cells in the dialect’s spelling', () => {
    const add = (m: Matrix) => {
      const labels = m.dialect === 'networking-labels';
      m.drivers.push({ key: 'sriov', title: 'SR-IOV', link: labels ? 'https://example.org/sriov' : null, ...(labels ? { extras: [{ name: 'label', value: 'networking-sriov' }] } : {}) });
      for (const feature of m.features) feature.implementations.push({ driver: 'sriov', status: 'unknown', notes: null, release: null });
    };
    const targets = edit('provider-2016-05-18-c0130c57e5.ini', add);
    expect(targets.removed).toEqual([]);
    expect(targets.added[0]).toBe('networking-sriov=SR-IOV');
    expect(targets.added.filter((l) => l === 'networking-sriov=unknown')).toHaveLength(4);
    const labels = edit('provider-2017-07-25-098ff08bc6.ini', add);
    expect(labels.removed).toEqual([]);
    expect(labels.added.filter((l) => l !== '').slice(0, 4)).toEqual(['[target.sriov]', 'label=networking-sriov', 'title=SR-IOV', 'link=https://example.org/sriov']);
    expect(labels.added.filter((l) => l === 'networking-sriov=unknown')).toHaveLength(4);
  });

  it('a driver added without a label gets networking-KEY, written first', () => {
    const d = edit2('provider-2017-07-25-098ff08bc6.ini');
    expect(d.filter((l) => l !== '').slice(0, 3)).toEqual(['[target.sriov]', 'label=networking-sriov', 'title=SR-IOV']);
  });

  it('a removed driver takes its declaration and its cells (named by the label)', () => {
    const d = edit('provider-2017-07-25-098ff08bc6.ini', (m) => {
      m.drivers = m.drivers.filter((x) => x.key !== 'linuxbridge');
      for (const f of m.features) f.implementations = f.implementations.filter((i) => i.driver !== 'linuxbridge');
    });
    expect(d.added).toEqual([]);
    expect(d.removed.filter((l) => l.startsWith('networking-linux-bridge='))).toHaveLength(4);
    expect(d.removed).toContain('[target.linuxbridge]');
  });

  it.each(OWN)('%s: a fresh file in the dialect reads back to the same model', (f) => {
    const m = read(f);
    const fresh = emitFreshIni(m);
    expect(toPlain(readIniText(fresh, 'fresh.ini').matrix)).toEqual(toPlain(m));
  });
});

describe('validate by neutron’s renderer', () => {
  const labels = text('provider-2017-07-25-098ff08bc6.ini');
  const ids = (t: string) => validateIniText(t, 't.ini').map((d: Diagnostic) => `${d.severity} ${d.ruleId}`);

  it('knows its statuses: incomplete is a cell status, missing is not; required is a feature status, optional is not', () => {
    expect(ids(labels.replace('networking-ovs=complete', 'networking-ovs=missing'))).toEqual(['error cell-status-invalid']);
    const bad = validateIniText(labels.replace('status=mature', 'status=optional'), 't.ini');
    expect(bad.map((d) => d.ruleId)).toEqual(['feature-status-invalid']);
    expect(bad[0]!.message).toContain('immature, mature, required, deprecated');
  });

  it('says that it fails on cell notes, which fmx reads anyway', () => {
    const t = labels.replace('networking-ovs=complete', 'networking-ovs=complete\nnetworking-notes-ovs=Only with VXLAN.');
    expect(readIniText(t, 't.ini').matrix.features[0]!.implementations[0]!.notes).toBe('Only with VXLAN.');
    const found = validateIniText(t, 't.ini');
    expect(found.map((d) => d.ruleId)).toEqual(['cell-notes-unsupported']);
    expect(found[0]!.message).toContain('never shows cell notes');
  });

  it('needs label, title and link in [target.KEY]; a cell for an undeclared label fails', () => {
    expect(ids(labels.replace('label=networking-ovs\n', ''))).toContain('error driver-label-missing');
    expect(ids(labels.replace(/(\[target\.odl\]\n(?:.*\n)*?)link=.*\n/, '$1'))).toEqual(['error driver-link-missing']);
    expect(ids(labels.replace('networking-ovs=complete', 'networking-ovs=complete\nnetworking-foo=complete'))).toEqual(['error cell-undeclared-driver']);
  });

  it('a [targets] that declares no driver is a warning, or an error when nothing at all was read', () => {
    const warnings: Diagnostic[] = [];
    const m = readIniText('[targets]\nfoo=Bar\n\n[operation.x]\ntitle=X\nnetwork-ovs=complete\n', 't.ini', false, (d) => warnings.push(d)).matrix;
    expect(m.drivers).toEqual([]);
    expect(m.features[0]!.extras).toEqual([{ name: 'network-ovs', value: 'complete' }]);
    expect(warnings.map((w) => [w.ruleId, w.severity, w.line])).toEqual([['matrix-drivers-empty', 'warning', 1]]);
    let err: FmxError | null = null;
    try {
      readIniText('[targets]\nfoo=Bar\n', 't.ini');
    } catch (e) {
      if (e instanceof FmxError) err = e;
    }
    expect(err?.diagnostics[0]).toMatchObject({ ruleId: 'matrix-no-drivers', line: 1 });
  });
});

/** Add a driver without a label: the lines added. */
function edit2(f: string): string[] {
  const t = text(f);
  const { matrix, doc } = readIniText(t, f);
  const m = structuredClone(matrix);
  m.drivers.push({ key: 'sriov', title: 'SR-IOV', link: '' });
  for (const feature of m.features) feature.implementations.push({ driver: 'sriov', status: 'unknown', notes: null, release: null });
  const out = patchIni(doc, m, 'out.ini');
  const back = readIniText(out, 'out.ini').matrix;
  expect(back.drivers.at(-1)!.extras).toEqual([{ name: 'label', value: 'networking-sriov' }]);
  expect(back.features.every((x) => x.implementations.some((i) => i.driver === 'sriov'))).toBe(true);
  const d = lineDiff(t, out);
  expect(d.removed).toEqual([]);
  return d.added;
}

function cellsByDriver(m: Matrix): Matrix {
  const p = toPlain(m);
  for (const f of p.features) f.implementations.sort((a, b) => (a.driver < b.driver ? -1 : a.driver > b.driver ? 1 : 0));
  return p;
}
