/** The comparison itself (src/diff.ts) and the report helpers, in-process on small models. */
import { describe, expect, it } from 'vitest';
import { alignKeys, diffMatrices, type Change } from '../../src/diff/compare.js';
import { adoptKeys } from '../../src/model/keys.js';
import { driverTallies, summaryLine, wordDiff } from '../../src/diff/report.js';
import { newFeature, newMatrix, type Matrix } from '../../src/model/matrix.js';
import { readIniBytes } from '../../src/formats/ini/read.js';
import { sampleBytes } from '../helpers/samples.js';
import { comparable } from './helpers.js';

function matrix(build: (m: Matrix) => void, dialect: Matrix['dialect'] = 'support-matrix'): Matrix {
  const m = newMatrix(dialect);
  build(m);
  return m;
}

/** Two drivers, two features, every cell filled. */
function base(): Matrix {
  return matrix((m) => {
    m.drivers.push({ key: 'kvm', title: 'Libvirt KVM', link: null }, { key: 'ironic', title: 'Ironic', link: null });
    const attach = newFeature('operation.attach', 'Attach volume');
    attach.status = 'optional';
    attach.notes = 'Attach a "volume" to a\nrunning instance -- see docs...';
    attach.cli = ['nova volume-attach <server> <volume>'];
    attach.implementations.push(
      { driver: 'kvm', status: 'complete', notes: null, release: null },
      { driver: 'ironic', status: 'missing', notes: 'needs  work', release: null },
    );
    const crash = newFeature('operation.crash', 'Trigger crash dump');
    crash.implementations.push({ driver: 'kvm', status: 'complete', notes: null, release: null });
    m.features.push(attach, crash);
  });
}

const clone = (m: Matrix): Matrix => structuredClone(m);


describe('diffMatrices', () => {
  it('reads page-ness and made-up keys from provenance: what a page cannot carry is not a change', () => {
    const ini = base();
    ini.features[0]!.maturity = 'complete';
    ini.features[0]!.implementations[0]!.release = '2024.1';
    const page = clone(base());
    page.drivers[0]!.key = 'libvirt-kvm';
    for (const f of page.features) for (const i of f.implementations) if (i.driver === 'kvm') i.driver = 'libvirt-kvm';
    // without provenance: another driver, and a maturity and a release removed
    expect(diffMatrices(ini, page).map((c) => c.kind)).toEqual(['driver-removed', 'driver-added', 'feature-changed']);
    page.provenance = { inferredKeys: true, foldedText: true };
    expect(diffMatrices(ini, page)).toEqual([]);
    expect(diffMatrices(page, ini)).toEqual([]);
  });

  it('finds nothing between a matrix and itself, or a reordered copy in another dialect', () => {
    expect(diffMatrices(base(), base())).toEqual([]);
    const moved = clone(base());
    moved.dialect = 'targets';
    moved.drivers.reverse();
    moved.features.reverse();
    for (const f of moved.features) f.implementations.reverse();
    expect(diffMatrices(base(), moved)).toEqual([]);
  });

  it('reports each kind of change with raw values, in the documented order', () => {
    const b = clone(base());
    b.drivers.splice(1, 1); // ironic removed
    b.drivers.push({ key: 'powervm', title: 'PowerVM', link: null });
    b.drivers[0]!.link = 'https://example.org/kvm';
    b.features[1]!.cli = ['nova trigger-crash-dump <server>'];
    b.features[1]!.implementations[0]!.status = 'partial';
    b.features[1]!.implementations.push({ driver: 'powervm', status: 'complete', notes: null, release: null });
    b.features.splice(0, 1);
    const fresh = newFeature('operation.new', 'New');
    fresh.implementations.push({ driver: 'kvm', status: 'complete', notes: null, release: null });
    b.features.unshift(fresh);
    const expected: Change[] = [
      { kind: 'driver-removed', driver: 'ironic' },
      { kind: 'driver-added', driver: 'powervm' },
      { kind: 'driver-changed', driver: 'kvm', field: 'link', old: null, new: 'https://example.org/kvm' },
      { kind: 'feature-removed', feature: 'operation.attach' },
      { kind: 'feature-added', feature: 'operation.new' },
      { kind: 'feature-changed', feature: 'operation.crash', field: 'cli', old: [], new: ['nova trigger-crash-dump <server>'] },
      { kind: 'implementation-changed', feature: 'operation.crash', driver: 'kvm', field: 'status', old: 'complete', new: 'partial' },
    ];
    // powervm's new cell is part of powervm being added, not an implementation-added
    expect(diffMatrices(base(), b)).toEqual(expected);
  });

  it('reports cells added and removed for a feature and a driver in both versions', () => {
    const b = clone(base());
    b.features[0]!.implementations.splice(1, 1);
    b.features[1]!.implementations.push({ driver: 'ironic', status: 'unknown', notes: null, release: '2024.1' });
    expect(diffMatrices(base(), b)).toEqual([
      { kind: 'implementation-removed', feature: 'operation.attach', driver: 'ironic' },
      { kind: 'implementation-added', feature: 'operation.crash', driver: 'ironic' },
    ]);
    const c = clone(b);
    c.features[1]!.implementations[1]!.release = '2025.1';
    expect(diffMatrices(b, c)).toEqual([
      { kind: 'implementation-changed', feature: 'operation.crash', driver: 'ironic', field: 'release', old: '2024.1', new: '2025.1' },
    ]);
  });

  it('folds white space and typography unless exact', () => {
    const b = clone(base());
    const attach = b.features[0]!;
    attach.notes = '  Attach a \u201cvolume\u201d to a running\n\n instance \u2013 see docs\u2026 ';
    attach.cli = ['nova  volume-attach <server>\t<volume>'];
    attach.implementations[1]!.notes = 'needs work';
    b.drivers[0]!.title = 'Libvirt\nKVM';
    expect(diffMatrices(base(), b)).toEqual([]);
    const exact = diffMatrices(base(), b, { exact: true });
    expect(exact.map((c) => ('field' in c ? `${c.kind}:${c.field}` : c.kind))).toEqual([
      'driver-changed:title',
      'feature-changed:notes',
      'feature-changed:cli',
      'implementation-changed:notes',
    ]);
    // a different word is a change even when folded; the raw values are reported
    attach.notes = attach.notes.replace('running', 'stopped');
    expect(diffMatrices(base(), b)).toEqual([
      { kind: 'feature-changed', feature: 'operation.attach', field: 'notes', old: base().features[0]!.notes, new: attach.notes },
    ]);
  });

  it('compares lists element by element', () => {
    const b = clone(base());
    b.features[0]!.cli = ['nova volume-attach <server>', '<volume>'];
    expect(diffMatrices(base(), b)).toHaveLength(1);
    b.features[0]!.cli = [];
    expect(diffMatrices(base(), b)).toEqual([
      { kind: 'feature-changed', feature: 'operation.attach', field: 'cli', old: ['nova volume-attach <server> <volume>'], new: [] },
    ]);
  });

  it('treats a null status as optional, and empty as null, only when a side is a page', () => {
    const a = base();
    const b = clone(a);
    b.features[1]!.status = 'optional';
    b.features[1]!.notes = '';
    expect(diffMatrices(a, b).map((c) => ('field' in c ? c.field : c.kind))).toEqual(['status', 'notes']);
    expect(diffMatrices(a, b, { pageSides: { new: true } })).toEqual([]);
    expect(diffMatrices(b, a, { pageSides: { old: true } })).toEqual([]);
    b.features[1]!.status = 'mandatory';
    expect(diffMatrices(a, b, { pageSides: { new: true } })).toEqual([
      { kind: 'feature-changed', feature: 'operation.crash', field: 'status', old: null, new: 'mandatory' },
    ]);
  });

  it('matches a side whose keys were made up from titles by title', () => {
    const page = clone(base());
    page.drivers = page.drivers.map((d) => ({ ...d, key: d.title!.toLowerCase().replace(/\W+/g, '-') }));
    page.features[0]!.key = 'attach-volume';
    page.features[1]!.key = 'trigger-crash-dump';
    page.features[1]!.title = 'Trigger  crash dump';
    for (const f of page.features) for (const i of f.implementations) i.driver = i.driver === 'kvm' ? 'libvirt-kvm' : i.driver;
    page.features[0]!.implementations[1]!.status = 'complete';
    // without matching: libvirt-kvm and both features differ in key (ironic's made-up key is its key)
    expect(diffMatrices(base(), page).map((c) => c.kind)).toEqual([
      'driver-removed',
      'driver-added',
      'feature-removed',
      'feature-removed',
      'feature-added',
      'feature-added',
    ]);
    expect(diffMatrices(base(), page, { inferredKeys: { new: true } })).toEqual([
      { kind: 'implementation-changed', feature: 'operation.attach', driver: 'ironic', field: 'status', old: 'missing', new: 'complete' },
    ]);
    expect(diffMatrices(page, base(), { inferredKeys: { old: true } })).toEqual([
      { kind: 'implementation-changed', feature: 'operation.attach', driver: 'ironic', field: 'status', old: 'complete', new: 'missing' },
    ]);
  });

  it('when both sides made their keys up, the old side takes the new side\'s', () => {
    const a = matrix((m) => m.drivers.push({ key: 'hyper-v', title: 'Hyper-V', link: null }));
    const b = matrix((m) => m.drivers.push({ key: 'hyper_v', title: 'Hyper-V', link: null }));
    expect(alignKeys(a, b, { old: true, new: true }).old.drivers[0]!.key).toBe('hyper_v');
    expect(diffMatrices(a, b, { inferredKeys: { old: true, new: true } })).toEqual([]);
    expect(diffMatrices(a, b)).toHaveLength(2);
  });

  it('leaves out features a page rendered by sphinx-feature-classification cannot show', () => {
    const ini = base();
    ini.features.push(newFeature('console.vnc', 'VNC'));
    const page = clone(base());
    page.features[1]!.status = 'optional';
    expect(diffMatrices(page, ini, { pageSides: { old: true } })).toEqual([]);
    expect(diffMatrices(ini, page, { pageSides: { new: true } })).toEqual([]);
    expect(diffMatrices(ini, page)).toEqual([
      { kind: 'feature-removed', feature: 'console.vnc' },
      { kind: 'feature-changed', feature: 'operation.crash', field: 'status', old: null, new: 'optional' },
    ]);
    // a page that shows other features (nova's own renderer of 2017) is compared whole
    page.features.push(newFeature('storage.block', 'Block storage'));
    expect(diffMatrices(page, ini, { pageSides: { old: true } })).toEqual([
      { kind: 'feature-removed', feature: 'storage.block' },
      { kind: 'feature-added', feature: 'console.vnc' },
    ]);
  });

  it('does not compare URLs in notes against a page (copied pages lose links)', () => {
    const ini = base();
    ini.features[0]!.implementations[0]!.notes = 'https://bugs.launchpad.net/nova/+bug/1192192';
    ini.features[1]!.notes = 'See https://example.org/x for more.';
    const page = clone(base());
    page.features[1]!.notes = 'See for more.';
    expect(diffMatrices(page, ini, { pageSides: { old: true } })).toEqual([]);
    expect(diffMatrices(page, ini).map((c) => c.kind)).toEqual(['implementation-changed', 'feature-changed']);
    expect(diffMatrices(page, ini, { pageSides: { old: true }, exact: true })).toHaveLength(2);
    page.features[1]!.notes = 'See nothing more.';
    expect(diffMatrices(page, ini, { pageSides: { old: true } })).toHaveLength(1);
  });

  it('keeps made-up keys where a title is ambiguous or unknown', () => {
    const ref = base();
    ref.features[1]!.title = 'Attach volume'; // two features with one title
    const page = matrix((m) => {
      m.drivers.push({ key: 'x', title: 'Ironic', link: null }, { key: 'y', title: 'Nobody', link: null });
      m.features.push(newFeature('f', 'Attach volume'));
    });
    const adopted = adoptKeys(page, ref).matrix;
    expect(adopted.drivers.map((d) => d.key)).toEqual(['ironic', 'y']);
    expect(adopted.features.map((f) => f.key)).toEqual(['f']);
    expect(page.drivers[0]!.key).toBe('x'); // the input is not changed
  });

  it('treats __proto__ and constructor as ordinary keys, and pairs repeated keys in order', () => {
    const a = matrix((m) => {
      m.drivers.push({ key: '__proto__', title: 'P', link: null }, { key: 'constructor', title: 'C', link: null });
      const f = newFeature('constructor', 'Feature');
      f.implementations.push({ driver: '__proto__', status: 'missing', notes: null, release: null });
      m.features.push(f, newFeature('toString', 'one'), newFeature('toString', 'two'));
    });
    const b = clone(a);
    b.features[0]!.implementations[0]!.status = 'complete';
    b.features[2]!.title = 'three';
    expect(diffMatrices(a, b)).toEqual([
      { kind: 'implementation-changed', feature: 'constructor', driver: '__proto__', field: 'status', old: 'missing', new: 'complete' },
      { kind: 'feature-changed', feature: 'toString', field: 'title', old: 'two', new: 'three' },
    ]);
  });

  it('gives the same changes for a simulated Ocata page as for its INI', () => {
    // What a page reader gives for nova 15.0.0: keys made up from titles, no
    // line breaks, smart quotes, `optional` where the INI has no status.
    const ini15 = readIniBytes(sampleBytes('nova-15.0.0-support-matrix.ini'), 'nova-15.0.0').matrix;
    const ini16 = readIniBytes(sampleBytes('nova-16.0.0-support-matrix.ini'), 'nova-16.0.0').matrix;
    const smart = (s: string | null) => (s === null ? null : s.replace(/\s+/g, ' ').replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019'));
    const page = clone(ini15);
    const slug = (t: string | null) => (t ?? '').toLowerCase().replace(/\W+/g, '-');
    const driverSlug = new Map(page.drivers.map((d) => [d.key, slug(d.title)]));
    page.drivers = page.drivers.map((d) => ({ ...d, key: slug(d.title) }));
    page.features = page.features.map((f) => ({
      ...f,
      key: slug(f.title),
      status: f.status ?? 'optional',
      notes: smart(f.notes),
      implementations: f.implementations.map((i) => ({ ...i, driver: driverSlug.get(i.driver)!, notes: smart(i.notes) })).reverse(),
    }));
    const expected = diffMatrices(ini15, ini16);
    expect(expected.length).toBeGreaterThan(5);
    const got = diffMatrices(page, ini16, { inferredKeys: { old: true }, pageSides: { old: true } });
    // the same changes; the page's old values are the page's text, and a
    // feature gone in 16.0.0 has no INI key to take (--keys-from gives it one)
    const titleOf = new Map(ini15.features.map((f) => [f.key, f.title]));
    const madeUp = (c: Change) => (c.kind === 'feature-removed' ? { ...c, feature: slug(titleOf.get(c.feature)!) } : c);
    expect(expected.some((c) => c.kind === 'feature-removed')).toBe(true);
    expect(got.map(comparable)).toEqual(expected.map(madeUp).map(comparable));
    const notesOf = (list: Change[]) => list.filter((c) => 'field' in c && c.field === 'notes').map((c) => ('old' in c ? c.old : null));
    expect(notesOf(expected).every((v) => typeof v === 'string' && v.includes('\n'))).toBe(true);
    expect(notesOf(got).every((v) => typeof v === 'string' && !v.includes('\n'))).toBe(true);
  });
});

describe('report helpers', () => {
  it('summarises by kind', () => {
    expect(summaryLine([])).toBe('no changes');
    expect(
      summaryLine([
        { kind: 'driver-added', driver: 'a' },
        { kind: 'implementation-changed', feature: 'f', driver: 'a', field: 'status', old: 'missing', new: 'complete' },
        { kind: 'implementation-changed', feature: 'g', driver: 'a', field: 'status', old: 'missing', new: 'complete' },
      ]),
    ).toBe('3 changes: 1 driver added, 2 implementation changes');
  });

  it('counts gains and losses per driver', () => {
    const a = base();
    const b = clone(a);
    b.features[0]!.implementations[1]!.status = 'partial'; // ironic gains
    b.features[0]!.implementations[0]!.status = 'missing'; // kvm loses
    b.features[1]!.implementations[0]!.notes = 'new note'; // kvm, other
    b.features[1]!.implementations.push({ driver: 'ironic', status: 'complete', notes: null, release: null }); // ironic gains
    const changes = diffMatrices(a, b);
    expect(driverTallies({ oldName: 'a', newName: 'b', old: a, new: b, changes })).toEqual([
      { driver: 'kvm', gained: 0, lost: 1, other: 1 },
      { driver: 'ironic', gained: 2, lost: 0, other: 0 },
    ]);
  });

  it('diffs words, ignoring white space and folding typography', () => {
    expect(wordDiff('one two three', 'one  two\nfour')).toEqual([
      { op: '=', words: ['one', 'two'] },
      { op: '-', words: ['three'] },
      { op: '+', words: ['four'] },
    ]);
    expect(wordDiff('say "hi" now', 'say \u201chi\u201d later')).toEqual([
      { op: '=', words: ['say', '\u201chi\u201d'] },
      { op: '-', words: ['now'] },
      { op: '+', words: ['later'] },
    ]);
    expect(wordDiff('a b c', 'a x c')).toEqual([
      { op: '=', words: ['a'] },
      { op: '-', words: ['b'] },
      { op: '+', words: ['x'] },
      { op: '=', words: ['c'] },
    ]);
  });

  it('cuts long unchanged runs around a change', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const changed = [...words];
    changed[20] = 'CHANGED';
    const ops = wordDiff(words.join(' '), changed.join(' '));
    expect(ops).toEqual([
      { op: '…' },
      { op: '=', words: words.slice(14, 20) },
      { op: '-', words: ['w20'] },
      { op: '+', words: ['CHANGED'] },
      { op: '=', words: words.slice(21, 27) },
      { op: '…' },
    ]);
  });

  it('stays correct beyond the LCS size limit', () => {
    const a = Array.from({ length: 600 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 600 }, (_, i) => `b${i}`).join(' ');
    const ops = wordDiff(`start ${a} end`, `start ${b} end`);
    expect(ops.map((o) => o.op)).toEqual(['=', '-', '+', '=']);
    expect(ops[1]).toMatchObject({ words: a.split(' ') });
  });
});

describe('reports of hostile text', () => {
  const hostile = 'A | *b* _c_ `d` <e> [f](g) # ~~h~~ \x1b[31mred\\';
  const input = () => {
    const a = matrix((m) => {
      m.drivers.push({ key: 'k`1', title: hostile, link: null });
      const f = newFeature('op.`x`', hostile);
      f.implementations.push({ driver: 'k`1', status: 'missing', notes: 'old \x1b]0;title\x07 words', release: null });
      m.features.push(f);
    });
    const b = clone(a);
    b.features[0]!.implementations[0]!.status = 'complete';
    b.features[0]!.implementations[0]!.notes = 'new \x1b]0;title\x07 words';
    return { oldName: 'old\x1b[2J.ini', newName: 'new.ini', old: a, new: b, changes: diffMatrices(a, b) };
  };

  it('text: no control character reaches the terminal', async () => {
    const { writeTextReport } = await import('../../src/diff/text.js');
    const plain = writeTextReport(input());
    expect(plain).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(plain).toContain('old\\x1b[2J.ini -> new.ini');
    expect(plain).toContain('notes: [-old-] {+new+} \\x1b]0;title\\x07 words');
    const coloured = writeTextReport(input(), { color: true });
    // the only escapes are the report's own colours
    expect(coloured.replace(/\x1b\[(?:0|1|31|32|33)m/g, '')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });

  it('Markdown: titles, keys and notes read back as written', async () => {
    const { writeMarkdownReport } = await import('../../src/diff/markdown.js');
    const md = writeMarkdownReport(input());
    expect(md).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    const { unified } = await import('unified');
    const { default: remarkParse } = await import('remark-parse');
    const { default: remarkGfm } = await import('remark-gfm');
    const { toString } = await import('mdast-util-to-string');
    const tree = unified().use(remarkParse).use(remarkGfm).parse(md);
    const visible = hostile.replace('\x1b', '\\x1b');
    const table = tree.children.find((n) => n.type === 'table');
    expect(table && table.type === 'table' && table.children[1]!.children.map((c) => toString(c))).toEqual([visible, '1', '0', '1']);
    const h3 = tree.children.find((n) => n.type === 'heading' && n.depth === 3);
    expect(h3 && toString(h3)).toBe(`${visible} (k\`1)`);
    const lists = tree.children.filter((n) => n.type === 'list');
    const last = lists[lists.length - 1]!;
    expect(toString(last)).toBe(`${visible}: missing → complete; notes: old new \\x1b]0;title\\x07 words`);
  });
});

describe('size', () => {
  // more lines than a function call takes arguments (about 120,000 in V8)
  const N = 150_000;
  it('reports more changes than fit in one call, and very long notes', async () => {
    const { writeTextReport } = await import('../../src/diff/text.js');
    const { writeMarkdownReport } = await import('../../src/diff/markdown.js');
    const a = newMatrix('support-matrix');
    const b = matrix((m) => {
      for (let i = 0; i < N; i++) m.drivers.push({ key: `d${i}`, title: null, link: null });
    });
    const changes = diffMatrices(a, b);
    expect(changes.length).toBe(N);
    const input = { oldName: 'a', newName: 'b', old: a, new: b, changes };
    expect(writeTextReport(input).split('\n').length).toBe(N + 4);
    expect(writeMarkdownReport(input).split('\n').filter((l) => l.startsWith('- Added:')).length).toBe(N);
    const ops = wordDiff('', 'word '.repeat(N));
    expect(ops.length).toBe(1);
    expect(ops[0]!.op === '+' && ops[0]!.words.length).toBe(N);
  });
});
