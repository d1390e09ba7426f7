/**
 * The XML both sides of XLSX need: escaping for the writer, and for the
 * reader a small linear tokenizer (one pass, one sticky regular expression,
 * no tree) over the parts fmx reads: sheets, shared strings, comments,
 * the workbook and its relationships. Namespace prefixes are dropped
 * (`x:row` is `row`); no DTD, no entity but the five predefined ones and
 * character references is expanded.
 */

/** Text for an element's content: `&`, `<`, `>` escaped. */
export function escapeText(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Text for an attribute value in double quotes. */
export function escapeAttr(s: string): string {
  if (!/[&<>"\n\r\t]/.test(s)) return s;
  return s.replace(/[&<>"\n\r\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ENTITY = /&(?:#(\d+)|#x([0-9A-Fa-f]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character data as XML reads it: line ends normalised to LF, references expanded. */
export function decodeText(raw: string): string {
  let s = raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') !== -1) {
    s = s.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name) return NAMED[name]!;
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  }
  return s;
}

/** An attribute's value from a tag's raw attribute text, by local name (any prefix but xmlns). */
export function attr(raw: string, name: string): string | null {
  // One walk over `name = "value"` pairs (the tokenizer has checked their shape).
  const n = raw.length;
  let i = 0;
  while (i < n) {
    let c = raw.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && (c = raw.charCodeAt(i)) !== 61 && c !== 32 && c !== 9 && c !== 10 && c !== 13) i++;
    const full = raw.slice(start, i);
    while (i < n && raw.charCodeAt(i) !== 61) i++;
    i++;
    while (i < n && (c = raw.charCodeAt(i)) !== 34 && c !== 39) i++;
    const end = raw.indexOf(c === 34 ? '"' : "'", i + 1);
    if (end === -1) return null;
    const colon = full.indexOf(':');
    if ((colon === -1 ? full : full.slice(colon + 1)) === name && !full.startsWith('xmlns')) return decodeText(raw.slice(i + 1, end));
    i = end + 1;
  }
  return null;
}

export interface XmlHandler {
  /** An element opens (`empty`: it is `<x/>`); `name` without prefix, `attrs` the raw attribute text. */
  open(name: string, attrs: string, empty: boolean): void;
  close?(name: string): void;
  /** Character data (raw: decode with `decodeText`); CDATA sections come decoded. */
  text?(raw: string, cdata: boolean): void;
}

const TOKEN = /<([/]?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|([^<]+)/y;

/** Walk `xml` once; returns false where it is not well-formed enough to read (a stray `<`). */
export function scanXml(xml: string, h: XmlHandler): boolean {
  TOKEN.lastIndex = 0;
  let pos = 0;
  const n = xml.length;
  while (pos < n) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(xml);
    if (m === null) return false;
    pos = TOKEN.lastIndex;
    if (m[2] !== undefined) {
      if (m[1] === '/') h.close?.(m[2]);
      else {
        const empty = m[4] === '/';
        h.open(m[2], m[3] ?? '', empty);
        if (empty) h.close?.(m[2]);
      }
    } else if (m[6] !== undefined) h.text?.(m[6], false);
    else if (m[5] !== undefined) h.text?.(m[5], true);
  }
  return true;
}

/** A part's bytes as text (UTF-8, or UTF-16 with its byte order mark). */
export function partText(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  return new TextDecoder('utf-8').decode(b);
}
