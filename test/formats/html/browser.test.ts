/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * fmx's HTML page in a real browser: Debian's chromium (never a downloaded
 * build), driven by playwright-core, headless, with a fresh profile. The
 * pages of nova 33.0.0, cinder master and a feature-classification file are
 * opened from file:// and checked: every cell's status against the model,
 * filters (text, status, drivers; kept in the URL), a permalink revealing and
 * highlighting its cell, sticky headers, keyboard navigation and the notes
 * popup, no console error, no request leaving the page, axe-core without a
 * serious or critical violation. The hostile model runs no script, with and
 * without the page's Content-Security-Policy. Screenshots: out/screenshots/.
 * Skipped, with the reason printed, when no chromium is installed
 * (`apt-get install chromium`, or FMX_CHROMIUM=/path/to/chromium).
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitHtml } from '../../../src/formats/html/write.js';
import { diffMatrices } from '../../../src/diff/compare.js';
import { writeHtmlReport } from '../../../src/diff/html.js';
import { cellId, statusCategory } from '../../../src/formats/html/layout.js';
import type { Matrix } from '../../../src/model/matrix.js';
import { ROOT } from '../../helpers/samples.js';
import { hostileModel, sampleModel } from '../models.js';

const CHROMIUM = [process.env.FMX_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
if (!CHROMIUM) console.log('browser tests skipped: no chromium found (Debian: apt-get install chromium; or set FMX_CHROMIUM)');

const SHOTS = join(ROOT, 'out', 'screenshots');
const PAGES = ['nova-33.0.0-support-matrix.ini', 'cinder-master-support-matrix.ini', 'nova-master-feature-matrix-gp.ini'];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!CHROMIUM)('the HTML page in Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  let dir: string;
  let axeSource: string;
  /** Requests for anything but the page file itself. */
  const outside: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'fmx-chromium-'));
    dir = mkdtempSync(join(tmpdir(), 'fmx-pages-'));
    mkdirSync(SHOTS, { recursive: true });
    axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(pathToFileURL(dir).href + '/')) return route.continue();
      outside.push(url);
      return route.abort();
    });
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string, hash = ''): Promise<Page> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${name}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    await page.goto(pathToFileURL(file).href + hash);
    await page.waitForSelector('html[data-fmx-ready]', { state: 'attached', timeout: 5000 });
    return page;
  }

  /** What the grid shows: drivers and features by key, each cell's category and words. */
  const gridOf = (page: Page) =>
    page.evaluate(() => {
      const t = document.querySelector('table.fmx-grid') as HTMLTableElement;
      const visible = (e: Element) => (e as HTMLElement).offsetParent !== null;
      return {
        drivers: [...t.tHead!.rows[0]!.cells].slice(1).map((c) => c.getAttribute('data-key')),
        shownDrivers: [...t.tHead!.rows[0]!.cells].slice(1).filter(visible).map((c) => c.getAttribute('data-key')),
        rows: [...t.tBodies[0]!.rows].map((r) => ({
          key: r.getAttribute('data-key'),
          shown: visible(r),
          cells: [...r.cells].slice(1).map((c) => ({ id: c.id, cls: c.className.split(' ')[0], words: c.querySelector('.vh')!.textContent })),
        })),
      };
    });

  /** Check exactly the boxes named `name` whose values are `on`, each firing its change event. */
  const setBoxes = (page: Page, name: string, on: string[]) =>
    page.evaluate(
      ([name, on]) => {
        for (const b of document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) {
          if (b.checked === on.includes(b.value)) continue;
          b.checked = !b.checked;
          b.dispatchEvent(new Event('change'));
        }
      },
      [name, on] as const,
    );

  async function checkDark(page: Page): Promise<void> {
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
      const r = await axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.length }));
    });
    expect(dark).toEqual([]);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(22, 22, 22)');
  }

  const visibleRows = (page: Page) => page.locator('table.fmx-grid tbody tr:visible').count();

  for (const sample of PAGES) {
    const name = sample.replace(/\.ini$/, '.html');
    describe(sample, () => {
      let m: Matrix;
      let html: string;
      beforeAll(() => {
        m = sampleModel(sample);
        html = emitHtml(m);
      });

      it('shows every cell of the model with its status; no console error, no request out, axe clean; screenshot', async () => {
        const page = await open(name, html);
        const g = await gridOf(page);
        expect(g.drivers).toEqual(m.drivers.map((d) => d.key));
        expect(g.rows.map((r) => r.key)).toEqual(m.features.map((f) => f.key));
        const cells = g.rows.flatMap((r) => r.cells);
        expect(cells).toHaveLength(m.features.length * m.drivers.length);
        m.features.forEach((f, i) => {
          m.drivers.forEach((d, j) => {
            const impl = f.implementations.find((c) => c.driver === d.key);
            const cat = statusCategory(impl ? impl.status : null);
            const cell = g.rows[i]!.cells[j]!;
            expect(cell.id).toBe(cellId(f.key, d.key));
            expect(cell.cls).toBe(`c-${cat}`);
            expect(cell.words).toBe(cat === 'none' ? 'no entry' : cat === 'other' ? `other: ${impl!.status}` : cat);
          });
        });
        await page.screenshot({ path: join(SHOTS, name.replace(/\.html$/, '.png')) });

        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
        });
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
        // Dark mode keeps its contrast (nova's page: every status is in its grid or legend; once, for time).
        if (sample === PAGES[0]) await checkDark(page);
        expect(errors).toEqual([]);
        expect(outside).toEqual([]);
        await page.close();
      });

      it('filters by feature text, driver text, status and chosen drivers; the URL keeps the view', async () => {
        const page = await open(name, html);
        const f = m.features[Math.floor(m.features.length / 2)]!;
        const word = (f.title ?? f.key).split(/\s+/).find((w) => w.length > 3) ?? f.key;
        const expected = m.features.filter((x) => (x.title ?? '').toLowerCase().includes(word.toLowerCase()) || x.key.toLowerCase().includes(word.toLowerCase()));
        await page.fill('#fmx\\:fq', word);
        expect(await visibleRows(page)).toBe(expected.length);
        expect((await gridOf(page)).rows.filter((r) => r.shown).map((r) => r.key)).toEqual(expected.map((x) => x.key));
        const hash = await page.evaluate(() => location.hash);
        expect(new URLSearchParams(hash.slice(1)).get('f')).toBe(word);

        // The same URL opened again shows the same view.
        const again = await open(name, html, hash);
        expect(await again.inputValue('#fmx\\:fq')).toBe(word);
        expect(await visibleRows(again)).toBe(expected.length);
        await again.close();

        // Only features with a missing cell.
        await page.fill('#fmx\\:fq', '');
        // Four boxes set at once (a script, for speed), the fifth clicked as a person would.
        await setBoxes(page, 'fmx-s', ['missing', 'none']);
        await page.uncheck('input[name="fmx-s"][value="none"]');
        const withMissing = m.features.filter((x) => x.implementations.some((c) => c.status === 'missing' && m.drivers.some((d) => d.key === c.driver)));
        expect(await visibleRows(page)).toBe(withMissing.length);
        expect(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('s')).toBe('missing');
        await setBoxes(page, 'fmx-s', ['complete', 'partial', 'missing', 'unknown', 'other', 'none']);
        expect(await visibleRows(page)).toBe(m.features.length);

        // Drivers by text, then two chosen side by side.
        const d = m.drivers[m.drivers.length - 1]!;
        await page.fill('#fmx\\:dq', d.key);
        const byText = m.drivers.filter((x) => (x.title ?? '').toLowerCase().includes(d.key.toLowerCase()) || x.key.toLowerCase().includes(d.key.toLowerCase()));
        expect((await gridOf(page)).shownDrivers).toEqual(byText.map((x) => x.key));
        await page.fill('#fmx\\:dq', '');
        await page.click('details.fmx-choose summary');
        await page.click('button[data-all="0"]');
        const pair = [m.drivers[0]!.key, d.key];
        for (const k of pair) await page.check(`input[name="fmx-d"][value="${k}"]`);
        expect((await gridOf(page)).shownDrivers).toEqual(pair);
        expect(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).getAll('d')).toEqual(pair);
        expect(errors).toEqual([]);
        await page.close();
      });

      it('a permalink reveals and highlights its cell under the sticky headers, which stay in view when the grid scrolls', async () => {
        const f = m.features[m.features.length - 1]!;
        const d = m.drivers[m.drivers.length - 1]!;
        const id = cellId(f.key, d.key);
        const page = await open(name, html, '#' + id);
        const r = await page.evaluate((id) => {
          const c = document.getElementById(id)!;
          const wrap = document.querySelector('.fmx-wrap')!;
          const head = document.querySelector('table.fmx-grid thead th:nth-child(2)')!;
          const side = document.querySelector('table.fmx-grid tbody th')!;
          const rect = (e: Element) => e.getBoundingClientRect().toJSON() as DOMRect;
          return {
            cell: rect(c), wrap: rect(wrap), head: rect(head), side: rect(side),
            target: c.matches(':target'), outline: getComputedStyle(c).outlineStyle,
            focused: document.activeElement === c.querySelector('a'), viewport: innerHeight,
          };
        }, id);
        expect(r.target).toBe(true);
        expect(r.outline).toBe('solid');
        expect(r.focused).toBe(true);
        expect(r.cell.top).toBeGreaterThanOrEqual(r.head.bottom - 1);
        expect(r.cell.left).toBeGreaterThanOrEqual(r.side.right - 1);
        expect(r.cell.bottom).toBeLessThanOrEqual(Math.min(r.wrap.bottom, r.viewport) + 1);
        expect(r.cell.right).toBeLessThanOrEqual(r.wrap.right + 1);

        // Sticky: scrolled in both directions, the header row and the feature column stay at the box's edges.
        const s = await page.evaluate(() => {
          const wrap = document.querySelector('.fmx-wrap') as HTMLElement;
          const scrolls = { v: wrap.scrollHeight > wrap.clientHeight, h: wrap.scrollWidth > wrap.clientWidth };
          wrap.scrollTop = 0;
          wrap.scrollLeft = 0;
          const before = document.querySelector('table.fmx-grid thead th:last-child')!.getBoundingClientRect().top;
          wrap.scrollTop = wrap.scrollHeight;
          wrap.scrollLeft = wrap.scrollWidth;
          const w = wrap.getBoundingClientRect();
          const head = document.querySelector('table.fmx-grid thead th:last-child')!.getBoundingClientRect();
          const rows = document.querySelectorAll('table.fmx-grid tbody tr');
          const side = rows[rows.length - 1]!.querySelector('th')!.getBoundingClientRect();
          return { scrolls, before: before - w.top, top: w.top, left: w.left, headTop: head.top, sideLeft: side.left, scrolled: { top: wrap.scrollTop, left: wrap.scrollLeft } };
        });
        expect(s.scrolls.v || s.scrolls.h, 'the grid is larger than its box').toBe(true);
        if (s.scrolls.v) expect(s.scrolled.top).toBeGreaterThan(0);
        if (s.scrolls.h) expect(s.scrolled.left).toBeGreaterThan(0);
        // Scrolled down, the header row sits at the box's top; not scrollable down, it stays where it was (under the caption).
        expect(Math.abs(s.headTop - s.top - (s.scrolls.v ? 0 : s.before))).toBeLessThanOrEqual(2);
        expect(Math.abs(s.sideLeft - s.left)).toBeLessThanOrEqual(2);
        expect(errors).toEqual([]);
        await page.close();
      });
    });
  }

  it('keyboard: arrows move among cells, the popup shows the notes, Escape closes it; the print style', async () => {
    const m = sampleModel('nova-33.0.0-support-matrix.ini');
    const page = await open('keys.html', emitHtml(m));
    const fi = m.features.findIndex((f) => f.implementations.some((c, j) => j > 0 && c.notes));
    const f = m.features[fi]!;
    const noted = f.implementations.find((c) => c.notes)!;
    await page.focus(`[id="${cellId(f.key, m.drivers[0]!.key)}"] a`);
    const dj = m.drivers.findIndex((d) => d.key === noted.driver);
    for (let j = 0; j < dj; j++) await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement!.parentElement!.id);
    expect(focused).toBe(cellId(f.key, noted.driver));
    const tip = page.locator('#fmx\\:tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain(noted.notes!.split('\n')[0]!.slice(0, 40));
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement!.parentElement!.id)).toBe(cellId(m.features[fi + 1]!.key, noted.driver));
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.querySelectorAll('table.fmx-grid a[tabindex="0"]').length)).toBe(1);
    // Printed: no filters, the whole grid (no scroll box), colours kept.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.fmx-filters').isVisible()).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.fmx-wrap')!).overflow)).toBe('visible');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('td.c-complete')!).printColorAdjust)).toBe('exact');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the diff page: the same grid, its filters work, axe clean, no console error; screenshot', async () => {
    const old = sampleModel('nova-12.0.0-support-matrix.ini');
    const nu = sampleModel('nova-33.0.0-support-matrix.ini');
    const changes = diffMatrices(old, nu);
    const page = await open('diff.html', writeHtmlReport({ oldName: 'nova 12.0.0', newName: 'nova 33.0.0', old, new: nu, changes }));
    const rows = new Set([...old.features, ...nu.features].map((f) => f.key)).size;
    expect(await visibleRows(page)).toBe(rows);
    expect(await page.locator('table.fmx-grid td.m-changed').count()).toBe(
      new Set(changes.filter((c) => c.kind === 'implementation-changed').map((c) => c.kind === 'implementation-changed' && cellId(c.feature, c.driver))).size,
    );
    await page.fill('#fmx\\:fq', 'volume');
    expect(await visibleRows(page)).toBeLessThan(rows);
    await page.fill('#fmx\\:fq', '');
    await page.screenshot({ path: join(SHOTS, 'diff.png') });
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('the hostile model runs no script, with and without the CSP; its popups show text', async () => {
    const m = hostileModel();
    const payloads = [
      '<script>window.__fmxPwned=1</script>',
      '</script><script>window.__fmxPwned=2</script>',
      '<img src=x onerror="window.__fmxPwned=3">',
      '" onmouseover="window.__fmxPwned=4" x="',
      "' onfocus='window.__fmxPwned=5' autofocus x='",
      '<svg onload=window.__fmxPwned=6>',
      '<!--<script>window.__fmxPwned=7</script>-->',
      '<iframe srcdoc="<script>parent.__fmxPwned=8</script>">',
    ];
    payloads.forEach((p, i) => {
      const f = m.features[i]!;
      f.title = p;
      f.notes = p;
      if (f.implementations[0]) f.implementations[0].notes = p;
    });
    m.drivers[1]!.title = payloads[3]!;
    m.drivers[0]!.link = 'javascript:window.__fmxPwned=9';
    m.document!.title = payloads[1]!;
    const html = emitHtml(m);
    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(withoutCsp).not.toBe(html);
    for (const [name, page] of [['hostile.html', html], ['hostile-no-csp.html', withoutCsp]] as const) {
      await context.addInitScript(() => {
        window.alert = () => ((window as unknown as { __fmxPwned: number }).__fmxPwned = 99);
      });
      const p = await open(name, page);
      let dialogs = 0;
      p.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      // Every popup shown: hover and focus each cell.
      const n = await p.locator('table.fmx-grid td').count();
      for (let i = 0; i < n; i += 7) await p.locator('table.fmx-grid td a').nth(i).focus();
      await p.hover('table.fmx-grid td >> nth=0');
      expect(await p.evaluate(() => (window as unknown as { __fmxPwned?: number }).__fmxPwned)).toBeUndefined();
      expect(dialogs).toBe(0);
      expect(await p.locator('#fmx\\:tip').textContent()).not.toBe('');
      expect(await p.locator('img, svg, iframe').count()).toBe(0);
      await p.screenshot({ path: join(SHOTS, name.replace(/\.html$/, '.png')) });
      if (name === 'hostile-no-csp.html') {
        // The interception itself works: a request the test makes (the page without its CSP lets it out) is caught.
        expect(outside).toEqual([]);
        await p.evaluate(() => fetch('https://example.org/probe').catch(() => 0));
        expect(outside).toEqual(['https://example.org/probe']);
        outside.length = 0;
        await p.waitForTimeout(50);
        const probe = errors.filter((e) => /probe|ERR_FAILED|Failed to load/.test(e));
        errors.splice(0, errors.length, ...errors.filter((e) => !probe.includes(e)));
      }
      await p.close();
    }
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});
