/** THE title matcher (src/model/keys.ts): ids first, folded titles, ambiguity reported, never first-match-wins. */
import { describe, expect, it } from 'vitest';
import { adoptKeys, ambiguityMessage, driverIds, matchKeys, orderLike } from '../../src/model/keys.js';
import { newFeature, newMatrix, type Matrix } from '../../src/model/matrix.js';

const known = [
  { key: 'libvirt-kvm-x86', title: 'Libvirt KVM (x86)', ids: driverIds('libvirt-kvm-x86') },
  { key: 'hyperv', title: 'Hyper-V', ids: driverIds('hyperv') },
  { key: 'ironic', title: 'Ironic', ids: driverIds('ironic') },
];

describe('matchKeys', () => {
  it('matches titles with white space, typography and case folded', () => {
    const m = matchKeys([{ title: '  libvirt\nkvm  (X86) ' }, { title: 'HYPER-V' }, { title: 'Nobody' }], known);
    expect(m).toEqual({ keys: ['libvirt-kvm-x86', 'hyperv', null], ambiguous: [] });
    const quotes = matchKeys([{ title: '\u201cSmart\u201d \u2014 title' }], [{ key: 'k', title: '"smart" --- Title' }]);
    expect(quotes.keys).toEqual(['k']);
  });

  it('takes an id before the title, and gives a known entry out once', () => {
    // the id says ironic whatever the title says; the title Hyper-V then finds hyperv
    const m = matchKeys([{ title: 'Hyper-V', id: 'driver_ironic' }, { title: 'Hyper-V', id: null }], known);
    expect(m.keys).toEqual(['ironic', 'hyperv']);
  });

  it('a title two known entries share is ambiguous: reported with both keys, no key given', () => {
    const twins = [
      { key: 'a', title: 'Same' },
      { key: 'b', title: 'same ' },
    ];
    const m = matchKeys([{ title: 'Same' }], twins);
    expect(m.keys).toEqual([null]);
    expect(m.ambiguous).toEqual([{ title: 'Same', keys: ['a', 'b'], wanted: 1 }]);
    expect(ambiguityMessage('driver', m.ambiguous[0]!, '--keys-from', (s) => `'${s}'`)).toBe(
      "--keys-from has 2 drivers titled 'Same' ('a', 'b'): ambiguous, so the driver titled so keeps its made-up key",
    );
  });

  it('a title two wanted entries share is ambiguous too (not first-match-wins)', () => {
    const m = matchKeys([{ title: 'Ironic' }, { title: 'ironic' }], known);
    expect(m.keys).toEqual([null, null]);
    expect(m.ambiguous).toEqual([{ title: 'Ironic', keys: ['ironic'], wanted: 2 }]);
  });

  it('ids resolve what titles cannot', () => {
    const twins = [
      { key: 'a', title: 'Same', ids: ['a'] },
      { key: 'b', title: 'Same', ids: ['b'] },
    ];
    expect(matchKeys([{ title: 'Same', id: 'b' }, { title: 'Same', id: 'a' }], twins)).toEqual({ keys: ['b', 'a'], ambiguous: [] });
    // one id claimed: the other title names exactly one entry left
    expect(matchKeys([{ title: 'Same', id: 'b' }, { title: 'Same' }], twins).keys).toEqual(['b', 'a']);
  });
});

describe('adoptKeys and orderLike', () => {
  const ref = (): Matrix => {
    const m = newMatrix('support-matrix');
    m.drivers.push({ key: 'ironic', title: 'Ironic', link: null }, { key: 'hyperv', title: 'Hyper-V', link: null });
    const f = newFeature('operation.attach', 'Attach');
    f.implementations.push({ driver: 'ironic', status: 'complete', notes: null, release: null }, { driver: 'hyperv', status: 'missing', notes: null, release: null });
    m.features.push(f);
    return m;
  };

  it('renames drivers, features and cells; a made-up key a matched entry takes is renumbered; provenance follows', () => {
    const page = newMatrix('support-matrix');
    page.provenance = { inferredKeys: true, foldedText: true };
    page.drivers.push({ key: 'hyperv', title: 'Hyper V (other)', link: null }, { key: 'x', title: 'hyper-v', link: null });
    const f = newFeature('attach', 'attach');
    f.implementations.push({ driver: 'x', status: 'missing', notes: null, release: null }, { driver: 'hyperv', status: 'complete', notes: null, release: null });
    page.features.push(f);
    const r = adoptKeys(page, ref());
    expect(r.matrix.drivers.map((d) => d.key)).toEqual(['hyperv-2', 'hyperv']);
    expect(r.matrix.features[0]!.key).toBe('operation.attach');
    expect(r.matrix.features[0]!.implementations.map((i) => i.driver)).toEqual(['hyperv', 'hyperv-2']);
    expect(r.unmatched).toEqual([{ kind: 'driver', key: 'hyperv', title: 'Hyper V (other)' }]);
    expect(r.matrix.provenance).toEqual({ inferredKeys: true, foldedText: true });
    expect(page.drivers[0]!.key).toBe('hyperv'); // the input is not changed

    page.drivers[0]!.title = 'Ironic';
    const all = adoptKeys(page, ref());
    expect(all.unmatched).toEqual([]);
    expect(all.matrix.provenance).toEqual({ foldedText: true });
    orderLike(all.matrix, ref());
    expect(all.matrix.drivers.map((d) => d.key)).toEqual(['ironic', 'hyperv']);
    expect(all.matrix.features[0]!.implementations.map((i) => i.driver)).toEqual(['ironic', 'hyperv']);
  });
});
