/**
 * The XLSX reader's XML tokenizer and cell references: what a part may hold
 * that fmx's own writer never writes (CDATA, comments, a DTD whose entities
 * must not be expanded, `>` inside an attribute, CR LF line ends, prefixes).
 */

import { describe, expect, it } from 'vitest';
import { attr, decodeText, escapeAttr, escapeText, scanXml } from '../../../src/formats/xlsx/xml.js';
import { cellRef, parseRef, unescapeCellText, escapeCellText } from '../../../src/formats/xlsx/layout.js';

function events(xml: string): { ok: boolean; out: string[] } {
  const out: string[] = [];
  const ok = scanXml(xml, {
    open: (name, attrs, empty) => out.push(`<${name}${attrs}${empty ? '/' : ''}>`),
    close: (name) => out.push(`</${name}>`),
    text: (raw, cdata) => out.push(cdata ? `cdata:${raw}` : `text:${decodeText(raw)}`),
  });
  return { ok, out };
}

describe('XLSX XML tokenizer', () => {
  it('elements, prefixes, attributes with > and quotes inside, empty elements, text', () => {
    expect(events(`<?xml version="1.0"?>\n<x:a k="1 > 0" j='say "hi"'><b/>t &amp; &#x1F600; &#65;</x:a>`)).toEqual({
      ok: true,
      out: ['text:\n', `<a k="1 > 0" j='say "hi"'>`, '<b/>', '</b>', 'text:t & 😀 A', '</a>'],
    });
  });

  it('CDATA is text as it is; comments and processing instructions are skipped; CR LF and CR read as LF', () => {
    expect(events('<t><![CDATA[<not> &amp;]]><!-- <c> --><?pi x?>a\r\nb\rc</t>').out).toEqual(['<t>', 'cdata:<not> &amp;', 'text:a\nb\nc', '</t>']);
  });

  it('a DTD is skipped and its entities are never expanded (no billion laughs)', () => {
    const xml = '<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><t>&b;</t>';
    expect(events(xml).out).toEqual(['<t>', 'text:&b;', '</t>']);
  });

  it('what is not well-formed enough is refused, not guessed', () => {
    for (const bad of ['<t', '<t a="1>', '<a <b>', '<!-- open', '<![CDATA[ open', '<', '<!foo>']) expect(events(bad).ok, bad).toBe(false);
  });

  it('attributes by local name, xmlns declarations ignored, values decoded', () => {
    const raw = ` xmlns:r="urn:x" r:id="rId7" Target="a&amp;b" name = 'S &quot;1&quot;'`;
    expect([attr(raw, 'id'), attr(raw, 'Target'), attr(raw, 'name'), attr(raw, 'r'), attr(raw, 'missing')]).toEqual(['rId7', 'a&b', 'S "1"', null, null]);
  });

  it('escaping for the writer round-trips through the reader', () => {
    const s = 'a < b & c > d "q" \'s\'\n\t';
    expect(decodeText(escapeText(s))).toBe(s);
    expect(attr(` v="${escapeAttr(s)}"`, 'v')).toBe(s);
    const hostile = '\u0000\u0001\r\n_x0041_ _x00_ \uffff';
    expect(unescapeCellText(escapeCellText(hostile))).toBe(hostile);
  });

  it('cell references', () => {
    expect([cellRef(1, 1), cellRef(26, 2), cellRef(27, 3), cellRef(16384, 1048576)]).toEqual(['A1', 'Z2', 'AA3', 'XFD1048576']);
    expect([parseRef('A1'), parseRef('$AB$12'), parseRef('xfd1')]).toEqual([{ col: 1, row: 1 }, { col: 28, row: 12 }, { col: 16384, row: 1 }]);
    for (const bad of ['', '1A', 'A', 'A0', 'XFE1', 'A1B', 'A-1']) expect(parseRef(bad), bad).toBeNull();
  });
});

describe("XLSX parts mutated inside the archive (the ZIP intact, the XML not)", () => {
  it('read to a model or an FmxError naming the file and no part of the archive, never another exception', async () => {
    const { default: fc } = await import('fast-check');
    const { emitXlsx } = await import('../../../src/formats/xlsx/write.js');
    const { read } = await import('../../../src/formats/xlsx/read.js');
    const { readZip, writeZip } = await import('../../../src/formats/xlsx/zip.js');
    const { FmxError } = await import('../../../src/diagnostics.js');
    const { params } = await import('../../property/arbitraries.js');
    const { hostileModel } = await import('../models.js');
    const parts = [...readZip(emitXlsx(hostileModel()), 'x.xlsx', 1 << 30)].map(([name, data]) => ({ name, data: Buffer.from(data) }));
    const targets = parts.map((p, i) => i).filter((i) => /sheet\d|sharedStrings|comments|workbook|rels/.test(parts[i]!.name));
    const snippets = ['<', '>', '"', '&', '&#0;', '&#x110000;', ']]>', '<![CDATA[', '<!--', '</c>', '<c r="XFD1">', '<v>99999</v>', ' r="0"', 't="s"', '<is><t>x</t></is>', '\u0000', '\ud800'];
    const mutation = fc.record({ part: fc.constantFrom(...targets), at: fc.nat(), cut: fc.nat({ max: 40 }), insert: fc.constantFrom(...snippets) });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const mutated = parts.map((p) => ({ ...p }));
        for (const m of ms) {
          const p = mutated[m.part]!;
          const text = p.data.toString('utf8');
          const at = m.at % (text.length + 1);
          p.data = Buffer.from(text.slice(0, at) + m.insert + text.slice(at + m.cut), 'utf8');
        }
        try {
          const loaded = await read(writeZip(mutated), { file: 'm.xlsx', warn: () => {} });
          expect(Array.isArray(loaded.matrix.features)).toBe(true);
        } catch (e) {
          if (!(e instanceof FmxError)) throw new Error(`not an FmxError: ${(e as Error)?.stack ?? e}`);
          for (const d of e.diagnostics) {
            expect(d.file).toBe('m.xlsx');
            expect(d.message, 'names a part of the archive').not.toMatch(/xl\/|\.xml|\.rels|_rels/);
          }
        }
      }),
      params(150),
    );
  }, 120_000);
});
