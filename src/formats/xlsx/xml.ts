/**
 * The XML both sides of XLSX need: escaping for the writer, and for the
 * reader a small linear tokenizer (one pass, no tree) over the parts fmx reads: sheets, shared strings, comments,
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

/**
 * Walk `xml` once, left to right, with `indexOf` and character codes (no
 * regular expression, no match arrays); returns false where it is not
 * well-formed enough to read (a tag or section left open, a stray `<`).
 */
export function scanXml(xml: string, h: XmlHandler): boolean {
  const n = xml.length;
  let pos = 0;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    if (lt === -1) {
      h.text?.(xml.slice(pos), false);
      return true;
    }
    if (lt > pos) h.text?.(xml.slice(pos, lt), false);
    const c = xml.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      let end: number;
      if (xml.startsWith('<![CDATA[', lt)) {
        end = xml.indexOf(']]>', lt + 9);
        if (end === -1) return false;
        h.text?.(xml.slice(lt + 9, end), true);
        pos = end + 3;
      } else if (xml.startsWith('<!--', lt)) {
        end = xml.indexOf('-->', lt + 4);
        if (end === -1) return false;
        pos = end + 3;
      } else if (xml.startsWith('<!DOCTYPE', lt)) {
        // Skipped, internal subset and all: no entity it declares is expanded.
        const gt = xml.indexOf('>', lt);
        const open = xml.indexOf('[', lt);
        end = open !== -1 && open < gt ? xml.indexOf('>', xml.indexOf(']', open)) : gt;
        if (gt === -1 || end === -1) return false;
        pos = end + 1;
      } else return false;
      continue;
    }
    if (c === 63 /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) return false;
      pos = end + 2;
      continue;
    }
    const closing = c === 47; /* / */
    let i = closing ? lt + 2 : lt + 1;
    const nameStart = i;
    let colon = -1;
    for (; i < n; i++) {
      const ch = xml.charCodeAt(i);
      if (ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13) break;
      if (ch === 58) colon = i;
      else if (ch === 60) return false;
    }
    if (i === nameStart || i >= n) return false;
    const name = xml.slice(colon === -1 ? nameStart : colon + 1, i);
    const attrStart = i;
    let quote = 0;
    for (; i < n; i++) {
      const ch = xml.charCodeAt(i);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 62) break;
      else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 60) return false;
    }
    if (i >= n) return false;
    pos = i + 1;
    if (closing) {
      h.close?.(name);
      continue;
    }
    const empty = xml.charCodeAt(i - 1) === 47;
    h.open(name, xml.slice(attrStart, empty ? i - 1 : i), empty);
    if (empty) h.close?.(name);
  }
  return true;
}

/** A part's bytes as text (UTF-8, or UTF-16 with its byte order mark). */
export function partText(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  return new TextDecoder('utf-8').decode(b);
}
