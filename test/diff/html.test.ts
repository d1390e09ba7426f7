/**
 * `fmx diff --format html`: the matrix page's grid over both versions, changed
 * cells old -> new, added and removed features, drivers and cells marked, the
 * list of changes below; hostile titles and notes stay text.
 */

import type { Element, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../../src/diff/compare.js';
import { writeHtmlReport } from '../../src/diff/html.js';
import { diffCommand } from '../../src/commands/diff.js';
import { cellId } from '../../src/formats/html/layout.js';
import type { Matrix } from '../../src/model/matrix.js';
import { hostileModel, sampleModel } from '../formats/models.js';
import { samplePath } from '../helpers/samples.js';

function report(old: Matrix, nu: Matrix): { html: string; tree: Root; byId: Map<string, Element> } {
  const html = writeHtmlReport({ oldName: 'old.ini', newName: 'new.ini', old, new: nu, changes: diffMatrices(old, nu) });
  const tree = unified().use(rehypeParse).parse(html) as Root;
  const byId = new Map<string, Element>();
  visit(tree, 'element', (e: Element) => {
    if (typeof e.properties.id === 'string') byId.set(e.properties.id, e);
  });
  return { html, tree, byId };
}

const classes = (e: Element | undefined) => (e?.properties.className as string[] | undefined) ?? [];

describe('diff as HTML', () => {
  const old = sampleModel('nova-12.0.0-support-matrix.ini');
  const nu = sampleModel('nova-33.0.0-support-matrix.ini');
  const { html, tree, byId } = report(old, nu);
  const changes = diffMatrices(old, nu);

  it('the grid holds both versions: every feature and driver of either', () => {
    const rows: string[] = [];
    const cols: string[] = [];
    visit(tree, 'element', (e: Element) => {
      if (e.tagName === 'tr' && typeof e.properties.dataKey === 'string') rows.push(e.properties.dataKey);
      if (e.tagName === 'th' && typeof e.properties.dataKey === 'string') cols.push(e.properties.dataKey);
    });
    expect(new Set(rows)).toEqual(new Set([...old.features, ...nu.features].map((f) => f.key)));
    expect(new Set(cols)).toEqual(new Set([...old.drivers, ...nu.drivers].map((d) => d.key)));
    expect(html).toContain('class="fmx-grid"');
  });

  it('a changed status shows old -> new and is marked changed; added and removed are marked', () => {
    const st = changes.find((c) => c.kind === 'implementation-changed' && c.field === 'status');
    expect(st).toBeDefined();
    if (st?.kind !== 'implementation-changed') return;
    const td = byId.get(cellId(st.feature, st.driver))!;
    expect(classes(td)).toContain('m-changed');
    expect(toText(td)).toMatch(new RegExp(`^\\W*${st.old}\\W* to \\W*${st.new} \\(changed\\)$`));
    const addedDriver = changes.find((c) => c.kind === 'driver-added')!;
    const removedFeature = changes.find((c) => c.kind === 'feature-removed')!;
    if (addedDriver.kind !== 'driver-added' || removedFeature.kind !== 'feature-removed') return;
    expect(classes(byId.get(cellId(nu.features[0]!.key, addedDriver.driver)))).toContain('m-added');
    expect(classes(byId.get(cellId(removedFeature.feature, old.drivers[0]!.key)))).toContain('m-removed');
    expect(html).toMatch(new RegExp(`<tr data-key="${removedFeature.feature.replace(/\./g, '\\.')}" class="m-removed">`));
  });

  it('lists the changes below, with the same summary as the text report', () => {
    expect(html).toContain('100 changes: 2 drivers added, 3 drivers removed, 27 features added, 8 features removed, 30 feature changes, 30 implementation changes.');
    expect(html).toContain('<h2 id="fmx:changes">Changes</h2>');
    expect((html.match(/<li>Added: /g) ?? []).length).toBe(2);
  });

  it('hostile titles and notes stay text; notes changes are a word diff', () => {
    const a = hostileModel();
    const b = structuredClone(a);
    b.features[2]!.notes = '<script>alert(2)</script> new words';
    b.features[4]!.implementations[0]!.status = '<img src=x onerror=alert(1)>';
    b.drivers.push({ key: '"><script>', title: '<b>x</b>', link: 'javascript:alert(1)' });
    const r = report(a, b);
    const tags = new Set<string>();
    visit(r.tree, 'element', (e: Element) => {
      tags.add(e.tagName);
      for (const k of Object.keys(e.properties)) expect(k).not.toMatch(/^on/i);
    });
    expect([...tags].filter((t) => ['img', 'b', 'iframe', 'svg'].includes(t))).toEqual([]);
    expect(r.html.match(/<script/g)).toHaveLength(1);
    expect(r.html).toMatch(/<ins>[^<]*new words<\/ins>|<ins>&lt;script&gt;alert\(2\)&lt;\/script&gt; new words<\/ins>/);
  });

  it('fmx diff --format html writes the page (exit 1: changes)', async () => {
    let out = '';
    const code = await diffCommand(samplePath('nova-32.0.0-support-matrix.ini'), samplePath('nova-33.0.0-support-matrix.ini'), { format: 'html' }, {
      write: async (t) => void (out += t),
      reporter: { report: () => {} },
      isTTY: false,
      env: {},
    });
    expect(code).toBe(1);
    expect(out).toMatch(/^<!DOCTYPE html>/);
    expect(out).toContain('1 change: 1 implementation change.');
    expect(out).toContain(`id="${cellId('console.vnc', 'ironic')}" class="c-partial m-changed"`);
  });
});
