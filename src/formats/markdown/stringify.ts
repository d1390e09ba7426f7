/**
 * The reference Markdown printer: unified with remark-stringify and
 * remark-gfm's printing half (GFM tables), over the tree of `./tree.ts`.
 * The writer uses it only where the direct printer (`./print.ts`) declines;
 * the tests hold the two to the same bytes.
 */

import type { Parents, Root, RootContent } from 'mdast';
import { unified, type Processor } from 'unified';
import { gfmToMarkdown } from 'mdast-util-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';

/** The tree printed by remark-stringify; `escapeEverything`: with the library's own text escaping throughout. */
export function stringifyTree(tree: Root, escapeEverything = false): string {
  return unified()
    .use(gfmToMarkdownOnly)
    .use(remarkStringify, escapeEverything ? STRINGIFY : { ...STRINGIFY, handlers: { text: textHandler } })
    .stringify(tree);
}

/**
 * One top-level block as remark-stringify prints it among its siblings,
 * printed before a marker (so that the document's final line ending, added
 * only where the text lacks one, is not mistaken for the block's own); null
 * if the marker is not joined to it by a blank line as expected.
 */
export function stringifyBlock(block: RootContent): string | null {
  const out = stringifyTree({ type: 'root', children: [block, { type: 'html', value: BLOCK_END }] });
  return out.endsWith(`\n\n${BLOCK_END}\n`) ? out.slice(0, -(BLOCK_END.length + 3)) : null;
}

const BLOCK_END = '<!--fmx end of block-->';

/**
 * remark-gfm's part for printing (GFM tables, and the escapes its other
 * constructs need) without its parser extensions: what `remark-gfm` adds to
 * remark-stringify, exactly, minus the micromark modules a writer never runs
 * (a few dozen modules fewer to load at start-up).
 */
export function gfmToMarkdownOnly(this: Processor): void {
  const data = this.data();
  (data.toMarkdownExtensions ??= []).push(gfmToMarkdown());
}

type ToMarkdownHandle = NonNullable<NonNullable<StringifyOptions['handlers']>['text']>;
type State = Parameters<ToMarkdownHandle>[2];
type Info = Parameters<ToMarkdownHandle>[3];
type Unsafe = State['unsafe'][number];

/**
 * Text as mdast-util-to-markdown prints it, sooner. Its `safe` runs every
 * one of some 60 escaping patterns over every text node (most of the time
 * of writing a large matrix); here a value is given back as it is when no
 * pattern can match any of its characters, and handed to `safe` otherwise.
 * Exact by construction: `safe` changes only characters that some pattern
 * in scope matches (and backslashes before punctuation, which send the value
 * to `safe`), and `inertText` asks the same patterns, at the same places,
 * with the same surrounding text.
 */
function textHandler(node: { value: string }, parent: Parents | undefined, state: State, info: Info): string {
  const value = node.value;
  if (!value.includes('\\') && inertText(state, value, info.before ?? '', info.after ?? '')) return value;
  const siblings = parent ? parent.children : [];
  const index = state.indexStack[state.indexStack.length - 1]!;
  return state.safe(value, { ...info, afterNode: siblings[index + 1], beforeNode: siblings[index - 1] });
}

/** Per construct stack: the characters some pattern in scope escapes, and per character a test of its patterns. */
const checkers = new WeakMap<Unsafe[], Map<string, { chars: RegExp; tests: Map<string, RegExp | null> }>>();

function inertText(state: State, value: string, before: string, after: string): boolean {
  let byStack = checkers.get(state.unsafe);
  if (!byStack) checkers.set(state.unsafe, (byStack = new Map()));
  const key = state.stack.join(' ');
  let checker = byStack.get(key);
  if (!checker) byStack.set(key, (checker = compileChecker(state.unsafe, state.stack)));
  checker.chars.lastIndex = 0;
  if (!checker.chars.test(value)) return true;
  const whole = before + value + after;
  const { chars, tests } = checker;
  chars.lastIndex = 0;
  for (let m = chars.exec(value); m !== null; m = chars.exec(value)) {
    const test = tests.get(m[0])!;
    if (test === null) return false;
    test.lastIndex = before.length + m.index;
    if (test.test(whole)) return false;
  }
  return true;
}

function compileChecker(unsafe: Unsafe[], stack: readonly string[]): { chars: RegExp; tests: Map<string, RegExp | null> } {
  const inList = (list: Unsafe['inConstruct'], none: boolean) => {
    const l = typeof list === 'string' ? [list] : list;
    return !l || l.length === 0 ? none : l.some((c) => stack.includes(c));
  };
  const byChar = new Map<string, Unsafe[]>();
  for (const p of unsafe) {
    if (!inList(p.inConstruct, true) || inList(p.notInConstruct, false)) continue;
    byChar.set(p.character, [...(byChar.get(p.character) ?? []), p]);
  }
  const escape = (c: string) => c.replace(/[$()*+.?[\\\]^{|}/-]/g, '\\$&');
  const tests = new Map<string, RegExp | null>();
  for (const [c, patterns] of byChar) {
    // A pattern bound to a neighbouring node is not tested here: its character always goes to `safe`.
    if (patterns.some((p) => p.beforeNode || p.afterNode)) {
      tests.set(c, null);
      continue;
    }
    const alternatives = patterns.map((p) => {
      const lookBehind = (p.atBreak ? '[\\r\\n][\\t ]*' : '') + (p.before ? `(?:${p.before})` : '');
      return `${lookBehind ? `(?<=${lookBehind})` : ''}${escape(c)}${p.after ? `(?=${p.after})` : ''}`;
    });
    tests.set(c, new RegExp(alternatives.join('|'), patterns.some((p) => p.unicode) ? 'uy' : 'y'));
  }
  const chars = byChar.size ? new RegExp(`[${[...byChar.keys()].map(escape).join('')}]`, 'g') : /(?!)/g;
  return { chars, tests };
}

/**
 * `<` that would open an e-mail autolink (`<56$w9%@yA>` reads back as a link
 * to it, brackets gone): mdast-util-to-markdown escapes `<` before a letter,
 * `!`, `/` or `?` only.
 */
const EMAIL_AUTOLINK: NonNullable<StringifyOptions['unsafe']>[number] = {
  character: '<',
  after: "[\\w.!#$%&'*+/=?^`{|}~-]+@",
  inConstruct: 'phrasing',
  notInConstruct: ['autolink', 'destinationLiteral', 'destinationRaw', 'reference', 'titleQuote', 'titleApostrophe'],
};

export const STRINGIFY: StringifyOptions = { bullet: '-', emphasis: '*', strong: '*', fence: '`', rule: '-', unsafe: [EMAIL_AUTOLINK] };
