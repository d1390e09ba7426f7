/**
 * cinder's page of 2021-01-16 (test/fixtures/cinder-quoted-title/): a driver
 * title with literal quotes is `“...”` in the summary header and `”...”` in
 * the details. The page readers match them as diff does (model/keys.ts
 * titleKey), so the page has one driver per INI driver and diffs clean.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../../../src/diff/compare.js';
import { readIniBytes } from '../../../src/formats/ini/read.js';
import { ROOT } from '../../helpers/samples.js';
import { readPage } from './inputs.js';

const DIR = ROOT + 'test/fixtures/cinder-quoted-title/';
const NAME = 'cinder-2021-01-16-support-matrix';
const ini = readIniBytes(readFileSync(DIR + NAME + '.ini'), NAME + '.ini').matrix;

describe.each([
  ['html', 'html'],
  ['html2text.txt', 'txt'],
  ['pandoc.txt', 'txt'],
] as const)('%s', (suffix, format) => {
  const file = `${NAME}.${suffix}`;
  const { loaded, warnings } = readPage(readFileSync(DIR + file), format, file);
  const page = loaded.matrix;

  it('has one driver per INI driver, the quoted one once with all its cells', () => {
    // Text copies: the site's navigation after the page, and the summary's order of two Inspur columns, which
    // the renderer sorted by an INI title with no-break spaces that a text copy no longer shows.
    const other = warnings.filter((w) => w.ruleId !== 'page-after-notes' && !(w.ruleId === 'page-summary-mismatch' && /Inspur|disagrees/.test(w.message)));
    expect(other.map((w) => w.message)).toEqual([]);
    expect(page.drivers).toHaveLength(ini.drivers.length);
    const quoted = page.drivers.filter((d) => d.title?.includes('PowerStore'));
    expect(quoted).toHaveLength(1);
    const cells = page.features.filter((f) => f.implementations.some((i) => i.driver === quoted[0]!.key));
    expect(cells).toHaveLength(page.features.length);
  });

  it('diffs clean against its INI', () => {
    expect(diffMatrices(page, ini, { pageSides: { old: true } })).toEqual([]);
  });
});

describe('the quoted title on the page', () => {
  it('is “...” in the summary and ”...” in the details, and the INI has plain quotes', () => {
    const html = readFileSync(DIR + NAME + '.html', 'utf8');
    expect(html).toContain('<strong>“Dell EMC PowerStore Storage Driver (iSCSI, FC)”</strong>');
    expect(html).toContain('<strong>”Dell EMC PowerStore Storage Driver (iSCSI, FC)”: </strong>');
    expect(ini.drivers.find((d) => d.key === 'dell_emc_powerstore')!.title).toBe('"Dell EMC PowerStore Storage Driver (iSCSI, FC)"');
  });

  it('the HTML reads without a warning', () => {
    const { warnings } = readPage(readFileSync(DIR + NAME + '.html'), 'html', NAME + '.html');
    expect(warnings).toEqual([]);
  });
});
