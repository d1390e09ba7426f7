/**
 * fmx's HTML page, without a browser: every sample and the hostile model read
 * back from the page to the same model; hostile values stay text (no element,
 * attribute or link the writer did not make); ids are unique and safe for any
 * key; cell history shows; size. The page in a browser: browser.test.ts.
 * Golden file: test/golden/html/ (regenerate: FMX_UPDATE_GOLDEN=1 npx vitest run test/formats/html).
 */

import type { Element, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { FmxError } from '../../../src/diagnostics.js';
import { read } from '../../../src/formats/html/read.js';
import { emitHtml } from '../../../src/formats/html/write.js';
import { cellId, featureId, idPart, MODEL_ELEMENT_ID } from '../../../src/formats/html/layout.js';
import { sniffFormat } from '../../../src/formats/registry.js';
import type { CellHistory } from '../../../src/model/history.js';
import { readFileSync } from 'node:fs';
import { expectGolden } from '../../helpers/golden.js';
import { samplePath } from '../../helpers/samples.js';
import { HOSTILE, INI_SAMPLES, collectingOptions, hostileModel, plain, sampleModel } from '../models.js';

function readBack(html: string) {
  const { read: opts, warnings } = collectingOptions('x.html');
  return { ...read(Buffer.from(html, 'utf8'), opts), warnings };
}

function parse(html: string): Root {
  return unified().use(rehypeParse).parse(html) as Root;
}

describe('html round trip', () => {
  it.each(INI_SAMPLES)('%s: INI -> html -> model equals INI -> model', (name) => {
    const m = sampleModel(name);
    const html = emitHtml(m);
    const back = readBack(html);
    expect(plain(back.matrix)).toEqual(plain(m));
    expect(back.warnings).toEqual([]);
    expect(back.matrix.provenance).toBeUndefined();
    expect(back.omits).toBeUndefined();
    expect(sniffFormat(Buffer.from(html))).toBe('html');
  });

  it('golden: the small sphinx-feature-classification sample', () => {
    expectGolden('html/sphinx-feature-classification-fake-support-matrix.html', emitHtml(sampleModel('sphinx-feature-classification-fake-support-matrix.ini')));
  });

  it.each(['support-matrix', 'targets', 'feature-classification'] as const)('hostile model (%s) round trips', (dialect) => {
    const m = hostileModel(dialect);
    const back = readBack(emitHtml(m));
    expect(plain(back.matrix)).toEqual(plain(m));
    expect(back.warnings).toEqual([]);
  });

  it('a lone surrogate and every control character come back', () => {
    const m = hostileModel();
    m.features[0]!.notes = 'a\ud800b\u0000c\u001f\u2028</script><!--';
    m.drivers[0]!.title = '\udfff';
    expect(plain(readBack(emitHtml(m)).matrix)).toEqual(plain(m));
  });

  it("a published page: its prose is on fmx's page, and the model (document included) comes back", () => {
    const { read: opts } = collectingOptions('nova.html');
    const upstream = read(readFileSync(samplePath('rendered/nova-33.0.0-support-matrix.html')), opts).matrix;
    expect(upstream.document?.postscript.length).toBeGreaterThan(0);
    const html = emitHtml(upstream);
    expect(plain(readBack(html).matrix)).toEqual(plain(upstream));
    expect(html).toContain(`<h1 class="fmx-pre">${upstream.document!.title}</h1>`);
    const first = upstream.document!.postscript[1]!;
    expect(html).toContain(`<p class="fmx-pre">${first.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`);
  });

  it('cinder master: under 400 KB', () => {
    const size = Buffer.byteLength(emitHtml(sampleModel('cinder-master-support-matrix.ini')));
    expect(size).toBeLessThan(400 * 1024);
  });
});

describe('fmx page reader', () => {
  const page = emitHtml(sampleModel('nova-33.0.0-support-matrix.ini'));

  it('the model wins over the grid: an edited grid does not change what is read', () => {
    const edited = page.replace(/class="c-complete"/g, 'class="c-missing"');
    expect(plain(readBack(edited).matrix)).toEqual(plain(sampleModel('nova-33.0.0-support-matrix.ini')));
  });

  it('a broken model is an error at the element, not a guess', () => {
    const broken = page.replace(/("dialect":)"support-matrix"/, '$1"nope"');
    const at = broken.split('\n').findIndex((l) => l.includes(`id="${MODEL_ELEMENT_ID}"`)) + 1;
    try {
      readBack(broken);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FmxError);
      const d = (e as FmxError).diagnostics[0]!;
      expect(d.message).toMatch(/fmx:model.*\/dialect: expected one of support-matrix/);
      expect(d.line).toBe(at);
    }
    expect(() => readBack(page.replace(/"format":"fmx\/matrix"/, '"format":'))).toThrow(/not valid JSON/);
  });
});

describe('html is inert', () => {
  const m = hostileModel();
  const html = emitHtml(m);
  const tree = parse(html);
  const elements: Element[] = [];
  visit(tree, 'element', (e: Element) => void elements.push(e));

  it('two scripts, both ours: the model (JSON) and the page script admitted by hash', () => {
    const scripts = elements.filter((e) => e.tagName === 'script');
    expect(scripts.map((s) => s.properties.type ?? null)).toEqual(['application/json', null]);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
  });

  it('no element the writer does not make, no event handler, no style attribute', () => {
    const allowed = new Set(['html', 'head', 'meta', 'link', 'title', 'style', 'body', 'header', 'main', 'footer', 'h1', 'h2', 'h3', 'h4', 'p', 'form', 'label', 'input', 'fieldset', 'legend', 'details', 'summary', 'button', 'ul', 'li', 'div', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'i', 'section', 'dl', 'dt', 'dd', 'code', 'strong', 'br', 'small', 'script']);
    expect(elements.map((e) => e.tagName).filter((t) => !allowed.has(t))).toEqual([]);
    for (const e of elements) {
      for (const k of Object.keys(e.properties)) expect(k, e.tagName).not.toMatch(/^on|^style$/i);
    }
  });

  it('links only http(s) (or the page itself); anything else is shown as text', () => {
    const hrefs = elements.filter((e) => e.tagName === 'a').map((e) => String(e.properties.href));
    for (const h of hrefs) expect(h).toMatch(/^(#|https?:\/\/)/);
    expect(hrefs).toContain('https://example.org/x_(y)');
    expect(hrefs.some((h) => /javascript/i.test(h))).toBe(false);
    expect(html).toContain('(link: <span class="fmx-pre">javascript:alert(1)</span>)');
  });

  it('every hostile title and note is in the page as text', () => {
    const texts: string[] = [];
    visit(tree, 'text', (t: { value: string }) => void texts.push(t.value));
    const all = texts.join('\n');
    for (const v of HOSTILE.filter((v) => v.trim() !== '' && !v.includes('\r'))) expect(all, v).toContain(v);
  });
});

describe('ids', () => {
  it('distinct keys give distinct id parts without --, a leading or trailing -, white space or :', () => {
    const keys = [...new Set([...HOSTILE, '-', '--', 'a-', '-a', 'a--b', 'a-b', 'a_b', 'a__b', 'a_2d_b', '_', '__', 'a b', 'a:b', 'é', '🎉', '', 'A', 'a'])];
    const parts = keys.map(idPart);
    expect(new Set(parts).size).toBe(keys.length);
    for (const p of parts) {
      expect(p).not.toMatch(/--|^-|-$|[\s:]/);
      expect(p).not.toBe('');
    }
    expect(idPart('libvirt-kvm-x86')).toBe('libvirt-kvm-x86');
    expect(cellId('operation.attach-volume', 'libvirt-kvm-x86')).toBe('operation.attach-volume--libvirt-kvm-x86');
  });

  it('every id in the hostile page is unique', () => {
    const ids: string[] = [];
    visit(parse(emitHtml(hostileModel())), 'element', (e: Element) => {
      if (typeof e.properties.id === 'string') ids.push(e.properties.id);
    });
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(featureId('__proto__'));
  });
});

describe('cell history', () => {
  const m = sampleModel('nova-33.0.0-support-matrix.ini');
  const f = m.features[0]!;
  const cell = f.implementations[1]!;
  const history: CellHistory[] = [
    { feature: f.key, driver: cell.driver, commit: '0123456789abcdef0123', date: '2024-03-01', author: 'A <b>Dev</b>', subject: 'Mark <script>x</script> complete', release: '29.0.0' },
  ];
  const html = emitHtml(m, history);

  it("shows when a cell last changed and the commit, in its popup and in the feature's details", () => {
    const td = new RegExp(`<td id="${cellId(f.key, cell.driver)}"[^>]*data-tip="([^"]*)"`).exec(html);
    expect(td?.[1]).toContain('Last changed 2024-03-01 (29.0.0) in 0123456789ab: Mark &lt;script&gt;x&lt;/script&gt; complete (A &lt;b&gt;Dev&lt;/b&gt;)');
    expect(html).toContain('<small>Last changed 2024-03-01 (29.0.0) in 0123456789ab: Mark &lt;script&gt;x&lt;/script&gt; complete');
    expect(html.match(/Last changed/g)).toHaveLength(2);
    expect(plain(readBack(html).matrix)).toEqual(plain(m));
  });
});
