/**
 * A published page against an INI: the Ocata page (nova 15.0.0, as text),
 * with --keys-from the 15.0.0 INI, against the 16.0.0 INI gives the same
 * changes as the 15.0.0 INI against the 16.0.0 INI; and today's pages
 * (HTML and two text dumps) show no change from the INI they were rendered from.
 */
import { describe, expect, it } from 'vitest';
import { comparable, novaIni, runDiff } from './helpers.js';

const OCATA_PAGE = 'samples/rendered/nova-15.0.0-support-matrix.txt';

describe('page against INI', () => {
  it('the Ocata page with --keys-from gives the changes of its INI', async () => {
    const fromIni = await runDiff(novaIni('15.0.0'), novaIni('16.0.0'), { format: 'json' });
    const fromPage = await runDiff(OCATA_PAGE, novaIni('16.0.0'), { format: 'json', keysFrom: novaIni('15.0.0') });
    expect(fromPage.code).toBe(1);
    const expected = JSON.parse(fromIni.stdout).changes;
    expect(expected).toHaveLength(15);
    expect(JSON.parse(fromPage.stdout).changes.map(comparable)).toEqual(expected.map(comparable));
  });

  it('the Ocata page without --keys-from matches by title', async () => {
    const r = await runDiff(OCATA_PAGE, novaIni('16.0.0'), { format: 'json' });
    const changes = JSON.parse(r.stdout).changes as { kind: string; feature?: string; driver?: string }[];
    expect(changes).toHaveLength(15);
    // only the feature gone in 16.0.0 has no INI key to take
    expect(changes.filter((c) => c.feature === 'operation.service-control.wtf.com')).toEqual([]);
    expect(changes.filter((c) => c.kind === 'implementation-changed' && c.driver === 'ironic')).toHaveLength(5);
  });

  it('the Ocata page against its own INI: no changes', async () => {
    const r = await runDiff(OCATA_PAGE, novaIni('15.0.0'), { keysFrom: novaIni('15.0.0') });
    expect([r.code, r.stdout]).toEqual([0, `${OCATA_PAGE} -> ${novaIni('15.0.0')}: no changes\n`]);
  });

  it.each([
    ['nova-33.0.0-support-matrix.html', novaIni('33.0.0')],
    ['nova-33.0.0-support-matrix.w3m.txt', novaIni('33.0.0')],
    ['nova-33.0.0-support-matrix.pandoc.txt', novaIni('33.0.0')],
    ['cinder-master-support-matrix.w3m.txt', 'samples/cinder-master-support-matrix.ini'],
    ['cinder-master-support-matrix.pandoc.txt', 'samples/cinder-master-support-matrix.ini'],
  ])('%s against its INI: no changes', async (page, ini) => {
    // the page as the new side for the text dumps, as the old side for HTML
    const [a, b] = page.endsWith('.html') ? [`samples/rendered/${page}`, ini] : [ini, `samples/rendered/${page}`];
    const r = await runDiff(a, b, { format: 'json' });
    expect(JSON.parse(r.stdout).changes).toEqual([]);
    expect(r.code).toBe(0);
  });
});
