/**
 * A workbook's cells as text, from the ZIP's parts: the workbook and its
 * relationships (relative or absolute part names, as openpyxl writes them),
 * shared strings (rich text runs joined, phonetic runs left out), inline
 * strings, and each sheet's comments. One pass over each part; no styles,
 * no formulas (a formula cell gives its cached value).
 */

import { error } from '../../diagnostics.js';
import type { Field, Row } from '../tabular/long.js';
import { parseRef, sheetRef, unescapeCellText } from './layout.js';
import { attr, decodeText, partText, scanXml } from './xml.js';

export interface Sheet {
  name: string;
  /** Rows that hold a cell, in order; `fields[c - 1]` is column c, `line` the row number. */
  rows: Row[];
  /** Comment text by cell reference (`B7`). */
  comments: Map<string, string>;
}

interface Rel {
  type: string;
  target: string;
}

export class Workbook {
  readonly sheetNames: string[] = [];
  private readonly paths: string[] = [];
  private readonly parts: Map<string, Buffer>;
  private shared: string[] | null = null;
  private sharedPath: string | null = null;

  constructor(
    parts: Map<string, Buffer>,
    private readonly file: string,
  ) {
    // Part names are case-insensitive; some writers name them with a leading '/'.
    this.parts = new Map();
    for (const [name, data] of parts) this.parts.set(name.replace(/^\/+/, '').toLowerCase(), data);
    const root = this.rels('');
    const main = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const xml = this.text(main);
    if (xml === null) throw this.bad('the archive holds no spreadsheet');
    const rels = this.rels(main);
    const ok = scanXml(xml, {
      open: (name, attrs) => {
        if (name !== 'sheet') return;
        const id = attr(attrs, 'id');
        const rel = id === null ? undefined : rels.get(id);
        this.sheetNames.push(attr(attrs, 'name') ?? `Sheet${this.sheetNames.length + 1}`);
        this.paths.push(rel?.target ?? '');
      },
    });
    if (!ok) throw this.bad('its list of sheets is damaged');
    if (this.sheetNames.length === 0) throw this.bad('it has no sheet');
    this.sharedPath = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ?? null;
  }

  private bad(why: string) {
    return error(this.file, `not a readable XLSX workbook: ${why}`, undefined, undefined, 'xlsx-invalid');
  }

  private text(path: string): string | null {
    const b = this.parts.get(path.toLowerCase());
    return b === undefined ? null : partText(b);
  }

  /** The relationships of a part (`''`: the package's own), targets resolved to part names. */
  private rels(path: string): Map<string, Rel> {
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash + 1);
    const xml = this.text(`${dir}_rels/${path.slice(slash + 1)}.rels`);
    const out = new Map<string, Rel>();
    if (xml === null) return out;
    scanXml(xml, {
      open: (name, attrs) => {
        if (name !== 'Relationship') return;
        const id = attr(attrs, 'Id');
        const target = attr(attrs, 'Target');
        if (id === null || target === null || attr(attrs, 'TargetMode') === 'External') return;
        out.set(id, { type: attr(attrs, 'Type') ?? '', target: resolve(dir, target) });
      },
    });
    return out;
  }

  private sharedStrings(): string[] {
    if (this.shared) return this.shared;
    const xml = this.sharedPath === null ? null : this.text(this.sharedPath);
    const out: string[] = [];
    if (xml !== null) {
      const r = richText();
      scanXml(xml, {
        open: (name, attrs, empty) => {
          if (name === 'si') r.start();
          else r.open(name, attrs, empty);
        },
        close: (name) => {
          if (name === 'si') out.push(r.end());
          else r.close(name);
        },
        text: (raw, cdata) => r.text(raw, cdata),
      });
    }
    return (this.shared = out);
  }

  /** The sheet at `index` (0-based, in the workbook's order). */
  sheet(index: number): Sheet {
    const name = this.sheetNames[index]!;
    const path = this.paths[index]!;
    const xml = this.text(path);
    if (xml === null) throw this.bad(`sheet ${JSON.stringify(name)} is missing`);
    const rows = readRows(
      xml,
      () => this.sharedStrings(),
      () => this.bad(`sheet ${JSON.stringify(name)} is damaged`),
      (col, row) => error(this.file, `${sheetRef(name, col, row)}: the sheet's cells lie too far apart to be a table (an empty cell costs memory too): refused`, undefined, undefined, 'input-too-large'),
    );
    const comments = new Map<string, string>();
    for (const rel of this.rels(path).values()) {
      if (!rel.type.endsWith('/comments')) continue;
      const text = this.text(rel.target);
      if (text !== null) readComments(text, comments);
    }
    return { name, rows, comments };
  }
}

/** `target` relative to the folder `dir` (or absolute: `/xl/...`) as a part name. */
function resolve(dir: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : dir + target;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

/** Text runs of a string item (`<si>`, `<is>`, a comment's `<text>`): every `<t>` but phonetic ones. */
function richText() {
  let parts: string[] = [];
  let inT = false;
  let phonetic = 0;
  let buf = '';
  return {
    start() {
      parts = [];
    },
    open(name: string, _attrs: string, empty: boolean) {
      if (name === 'rPh') phonetic++;
      else if (name === 't' && !empty && phonetic === 0) {
        inT = true;
        buf = '';
      }
    },
    close(name: string) {
      if (name === 'rPh') phonetic--;
      else if (name === 't' && inT) {
        inT = false;
        parts.push(buf);
      }
    },
    text(raw: string, cdata: boolean) {
      if (inT) buf += cdata ? raw : decodeText(raw);
    },
    end(): string {
      return unescapeCellText(parts.join(''));
    },
  };
}

/**
 * A sheet's rows, one pass: cell types s (shared), inlineStr, str, b, e, n, d.
 * The empty cells between cells count against a budget as large as the XML,
 * so that a few bytes naming a far cell (XFD1) cannot claim gigabytes.
 */
function readRows(xml: string, shared: () => string[], bad: () => Error, tooSparse: (col: number, row: number) => Error): Row[] {
  const rows: Row[] = [];
  let budget = Math.max(1 << 20, xml.length);
  let fields: Field[] | null = null;
  let rowNumber = 0;
  let col = 0;
  let type = '';
  let inV = false;
  let v: string | null = null;
  let inline = false;
  const r = richText();
  const ok = scanXml(xml, {
    open(name, attrs, empty) {
      switch (name) {
        case 'row': {
          const n = attrs ? attr(attrs, 'r') : null;
          rowNumber = n === null ? rowNumber + 1 : Number(n);
          fields = [];
          col = 0;
          return;
        }
        case 'c': {
          const ref = attr(attrs, 'r');
          const p = ref === null ? null : parseRef(ref);
          col = p ? p.col : col + 1;
          type = attr(attrs, 't') ?? 'n';
          v = null;
          inline = false;
          return;
        }
        case 'v':
          inV = !empty;
          v = '';
          return;
        case 'is':
          inline = true;
          r.start();
          return;
        default:
          if (inline) r.open(name, attrs, empty);
      }
    },
    close(name) {
      switch (name) {
        case 'v':
          inV = false;
          return;
        case 'is':
          inline = false;
          v = r.end();
          return;
        case 'c': {
          if (fields === null || v === null) return;
          let value: string | undefined;
          if (type === 's') value = shared()[Number(v)] ?? '';
          else if (type === 'inlineStr') value = v;
          else if (type === 'str') value = unescapeCellText(v);
          else if (type === 'b') value = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
          else value = v;
          budget -= Math.max(0, col - fields.length);
          if (budget < 0) throw tooSparse(col, rowNumber);
          while (fields.length < col - 1) fields.push(null);
          fields[col - 1] = value;
          return;
        }
        case 'row':
          if (fields !== null && fields.length) rows.push({ fields, line: rowNumber });
          fields = null;
          return;
        default:
          if (inline) r.close(name);
      }
    },
    text(raw, cdata) {
      if (inV) v += cdata ? raw : decodeText(raw);
      else if (inline) r.text(raw, cdata);
    },
  });
  if (!ok) throw bad();
  return rows;
}

/** Comments of a sheet by cell; an author's name that a spreadsheet puts first (`Name:` + line break) is left out. */
function readComments(xml: string, out: Map<string, string>): void {
  const authors: string[] = [];
  let inAuthor = false;
  let author = '';
  let ref: string | null = null;
  let authorId = -1;
  const r = richText();
  scanXml(xml, {
    open(name, attrs, empty) {
      if (name === 'author') {
        inAuthor = !empty;
        author = '';
      } else if (name === 'comment') {
        ref = attr(attrs, 'ref');
        authorId = Number(attr(attrs, 'authorId') ?? -1);
        r.start();
      } else if (ref !== null) r.open(name, attrs, empty);
    },
    close(name) {
      if (name === 'author') {
        if (inAuthor) authors.push(author);
        inAuthor = false;
      } else if (name === 'comment') {
        if (ref !== null) {
          let text = r.end();
          const by = authors[authorId];
          if (by && by !== 'fmx' && text.startsWith(`${by}:\n`)) text = text.slice(by.length + 2);
          out.set(ref.toUpperCase(), text);
        }
        ref = null;
      } else if (ref !== null) r.close(name);
    },
    text(raw, cdata) {
      if (inAuthor) author += cdata ? raw : decodeText(raw);
      else if (ref !== null) r.text(raw, cdata);
    },
  });
}
