/**
 * The page reader's own HTML parser (src/formats/html/dom.ts) builds the tree
 * a browser builds, as rehype-parse (parse5) did before it: the same elements,
 * text, classes, ids, links and lines, on every published page in the
 * repository, on those pages with their optional end tags, tbody, doctype or
 * line endings changed, and on generated tag soup; plus the tree-building
 * quirks published pages rely on, spelled out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Element, Root, RootContent } from 'hast';
import fc from 'fast-check';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import { getAttr, LineTable, MAX_DEPTH, parseHtml, TooDeep, type HtmlElement, type HtmlNode } from '../../../src/formats/html/dom.js';
import { ROOT } from '../../helpers/samples.js';

const rehype = unified().use(rehypeParse);
const SPACE = /[ \t\n\f\r]+/;

type Shape = string | [string, Shape[]];

/** What the reader looks at, from rehype's tree: tag, id, classes, href, role, type, line; text; comments. */
function fromHast(n: Root | RootContent): Shape[] {
  if (n.type === 'root') return n.children.flatMap(fromHast);
  if (n.type === 'text') return [`#${n.value}@${n.position?.start.line ?? '-'}`];
  if (n.type === 'comment') return ['!'];
  if (n.type !== 'element') return [];
  const p = n.properties;
  const cls = Array.isArray(p.className) ? p.className.map(String) : [];
  const head = JSON.stringify([n.tagName, p.id ?? null, cls, typeof p.href === 'string' ? p.href : null, p.role ?? null, p.type === undefined ? null : String(p.type)]);
  const kids = n.tagName === 'template' ? [] : (n as Element).children.flatMap(fromHast);
  return [[`${head}@${n.position?.start.line ?? '-'}`, kids]];
}

function fromDom(n: HtmlNode, lines: LineTable): Shape[] {
  if (n.type === 'text') return [`#${n.value}@${n.start < 0 ? '-' : lines.line(n.start)}`];
  if (n.type === 'comment') return ['!'];
  if (n.tagName === '#root') return n.children.flatMap((c) => fromDom(c, lines));
  const c = (getAttr(n.attrs, 'class') ?? '').trim();
  const cls = c === '' ? [] : c.split(SPACE);
  const a = (k: string) => getAttr(n.attrs, k) ?? null;
  const head = JSON.stringify([n.tagName, a('id'), cls, a('href'), a('role'), a('type')]);
  return [[`${head}@${n.start < 0 ? '-' : lines.line(n.start)}`, n.children.flatMap((k) => fromDom(k, lines))]];
}

function expectSameTree(html: string): void {
  const want = fromHast(rehype.parse(html));
  const got = fromDom(parseHtml(html).root, new LineTable(html));
  expect(got).toEqual(want);
}

function htmlFiles(dir: string): string[] {
  return readdirSync(ROOT + dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => `${dir}/${f}`)
    .sort();
}

const PAGES = [...htmlFiles('samples/rendered'), ...htmlFiles('test/fixtures'), ...htmlFiles('test/golden/html')];

/** The ways people and tools change a page without changing what it shows. */
const VARIANTS: [string, (s: string) => string][] = [
  ['as published', (s) => s],
  ['no optional end tags', (s) => s.replace(/<\/(p|li|td|th|tr|dd|dt|tbody|thead)>/g, '')],
  ['no tbody', (s) => s.replace(/<\/?tbody>/g, '')],
  ['upper-case tags', (s) => s.replace(/<(\/?)([a-z][a-z0-9]*)/g, (_, a: string, t: string) => `<${a}${t.toUpperCase()}`)],
  ['CRLF line ends', (s) => s.replace(/\n/g, '\r\n')],
  ['no doctype', (s) => s.replace(/<!DOCTYPE[^>]*>/i, '')],
  ['a table inside a paragraph', (s) => s.replace(/<table/g, '<p>intro<table')],
  ['end tags of inline elements dropped', (s) => s.replace(/<\/(strong|em|code|span)>/g, '')],
];

describe('same tree as rehype-parse', () => {
  test('the pages exist', () => expect(PAGES.length).toBeGreaterThanOrEqual(8));
  describe.each(PAGES)('%s', (page) => {
    const text = readFileSync(ROOT + page, 'utf8');
    test.each(VARIANTS)('%s', (_name, change) => expectSameTree(change(text)));
  });

  test('generated tag soup', () => {
    const tags = 'p li ul ol dl dt dd table caption colgroup col tbody thead tr td th strong em code tt a b i nobr span div br h1 h3 pre form button select option optgroup img hr main section body html head input font center blockquote'.split(' ');
    const token = fc.oneof(
      fc.tuple(fc.constantFrom(...tags), fc.constantFrom('', ' class="body x"', ' id="a" href="#f"', ' CLASS=sp_impl_complete')).map(([t, a]) => `<${t}${a}>`),
      fc.constantFrom(...tags).map((t) => `</${t}>`),
      fc.constantFrom('Status: optional', ' ', '\n', 'x', '&amp;', '&copy', '&#1234;', '&notit;', '<', 'a\r\nb', 'q\0r'),
      fc.constantFrom('<!-- c -->', '<script>a</b></script>', '<title>t&amp;</title>', '<textarea>\nq</textarea>', '<style>p{}</style>', '<template>t<p>u</template>', '<p.x#y>', '</br>', '<!DOCTYPE html>'),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => expectSameTree(tokens.join(''))),
      { numRuns: 400, seed: 15 },
    );
  });
});

function body(html: string): HtmlElement {
  const html5 = parseHtml(html).root.children[0] as HtmlElement;
  return html5.children.find((c): c is HtmlElement => c.type === 'element' && c.tagName === 'body')!;
}

/** The tree under the body as nested tags and text, for the quirks below. */
function outline(n: HtmlNode): string {
  if (n.type === 'text') return JSON.stringify(n.value);
  if (n.type === 'comment') return '<!---->';
  return `${n.tagName}(${n.children.map(outline).join(' ')})`;
}

describe('tree-building quirks published pages rely on', () => {
  test.each([
    ['a paragraph ends where a list starts', '<p>a<ul><li>b</ul>', 'body(p("a") ul(li("b")))'],
    ['list items end at the next one', '<ul><li>a<li>b</ul>', 'body(ul(li("a") li("b")))'],
    ['a paragraph in a list item ends with the item', '<ul><li><p>a<li>b</ul>', 'body(ul(li(p("a")) li("b")))'],
    ['cells and rows end at the next one; tbody is implied', '<table><tr><td>a<td>b<tr><td>c</table>', 'body(table(tbody(tr(td("a") td("b")) tr(td("c")))))'],
    ['</p> with no paragraph open makes an empty one', '<div></p>a</div>', 'body(div(p() "a"))'],
    ['<br> and </br> are line breaks', 'a<br>b</br>c', 'body("a" br() "b" br() "c")'],
    ['character references, with and without semicolons', '<p>&amp; &lt;&gt; &copy &#x2714; &#10004; &notit; &bogus;</p>', 'body(p("& <> © ✔ ✔ ¬it; &bogus;"))'],
    ['text strayed into a table goes before it', '<table>x<tr><td>a</table>', 'body("x" table(tbody(tr(td("a")))))'],
    ['formatting closed by a block is reopened after it', '<p><strong>a<p>b</strong>', 'body(p(strong("a")) p(strong("b")))'],
    ['script and style are raw text', '<script>a<b>c</script><style>p>q{}</style>', 'body(script("a<b>c") style("p>q{}"))'],
    ['a newline right after <pre> is not content', '<pre>\nx</pre>', 'body(pre("x"))'],
    ['nothing inside a template is content', '<template><p>x</p></template>y', 'body(template() "y")'],
  ])('%s', (_name, html, want) => {
    expect(outline(body(`<!DOCTYPE html><body>${html}`))).toBe(want);
  });

  test('a script keeps its text as written, and the parser lists it', () => {
    const html = '<script type="application/json" id="m">{"a":"<b>&amp;"}</script>';
    const doc = parseHtml(html);
    expect(doc.scripts).toHaveLength(1);
    expect(doc.scripts![0]!.children).toEqual([{ type: 'text', value: '{"a":"<b>&amp;"}', start: html.indexOf('{') }]);
  });

  test('attributes: lower-cased names, first of duplicates, references decoded, unquoted values', () => {
    const p = body('<P ID=a id=b TITLE="x&amp;y" data-q=\'z\' class = c>t</P>').children[0] as HtmlElement;
    expect(p.attrs).toEqual(['id', 'a', 'title', 'x&y', 'data-q', 'z', 'class', 'c']);
  });

  test('lines count LF, CRLF and CR alike', () => {
    const text = 'a\nb\r\nc\rd';
    const t = new LineTable(text);
    expect([0, 2, 5, 7].map((o) => t.line(o))).toEqual([1, 2, 3, 4]);
  });

  test(`nesting deeper than ${MAX_DEPTH} open elements is refused`, () => {
    expect(() => parseHtml('<div>'.repeat(MAX_DEPTH + 10))).toThrow(TooDeep);
    expect(() => parseHtml('<div>'.repeat(1000) + 'x')).not.toThrow();
  });
});
