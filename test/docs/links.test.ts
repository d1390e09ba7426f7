/**
 * The manual holds together: every relative link in README.md and docs/*.md
 * points to a file that exists (and, for `#anchor`, to a heading that
 * exists), the README stays short, and its quick start is the two commands.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/samples.js';

const MAX_README_LINES = 320;
const QUICK_START = ['npm ci && npm start', 'npm ci && npm test'];

/** The Markdown outside fenced code blocks and inline code spans, line for line. */
function prose(text: string): string[] {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
      return '';
    }
    if (m) {
      fence = m[1]!;
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, '');
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings (repeats get -1, -2, ... as on GitHub). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const visible = prose(text);
  for (const [i, raw] of text.split('\n').entries()) {
    if (!visible[i] && raw.trim() !== '') continue; // inside a code block
    const m = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

interface Broken {
  line: number;
  target: string;
  why: string;
}

/** Relative links of `text` (a file in `dir`) that do not resolve. */
function brokenLinks(text: string, file: string, read: (path: string) => string | null = readOrNull): Broken[] {
  const out: Broken[] = [];
  const lines = prose(text);
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [path, fragment] = target.split('#', 2) as [string, string | undefined];
      const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path));
      const content = path === '' ? text : read(resolved);
      if (content === null) {
        out.push({ line: i + 1, target, why: 'no such file' });
        continue;
      }
      if (fragment !== undefined && resolved.endsWith('.md') && !anchors(content).has(fragment)) {
        out.push({ line: i + 1, target, why: 'no such heading' });
      }
    }
  });
  return out;
}

function readOrNull(path: string): string | null {
  if (!existsSync(path)) return null;
  return statSync(path).isDirectory() ? '' : readFileSync(path, 'utf8');
}

const DOCS = [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];

describe('the checker', () => {
  it('finds a missing file, a missing heading, and ignores code, URLs and good links', () => {
    const files: Record<string, string> = { '/d/a.md': '# Title\n\n## Some `code` here\n', '/d/sub/b.md': 'x' };
    const read = (p: string) => files[p] ?? null;
    const text = [
      '# Doc', // 1
      'See [a](a.md), [b](sub/b.md), [t](a.md#title), [c](a.md#some-code-here), [self](#doc).', // 2
      '[gone](missing.md) and [bad](a.md#nope) and [web](https://example.org/x.md) and [self](#nowhere)', // 3
      '`[not a link](missing.md)`', // 4
      '```', // 5
      '[in code](missing.md)', // 6
      '```', // 7
    ].join('\n');
    expect(brokenLinks(text, '/d/doc.md', read)).toEqual([
      { line: 3, target: 'missing.md', why: 'no such file' },
      { line: 3, target: 'a.md#nope', why: 'no such heading' },
      { line: 3, target: '#nowhere', why: 'no such heading' },
    ]);
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('What `--strict` finds in the upstream files')).toBe('what---strict-finds-in-the-upstream-files');
    expect(slug('`fmx set`: one edit from the command line')).toBe('fmx-set-one-edit-from-the-command-line');
    expect(slug('Errors: `FmxError`')).toBe('errors-fmxerror');
  });
});

describe('the manual', () => {
  it('has docs/ pages', () => {
    expect(DOCS.length).toBeGreaterThan(5);
  });

  it.each(DOCS.map((f) => relative(ROOT, f)))('%s: every relative link resolves', (name) => {
    const file = join(ROOT, name);
    expect(brokenLinks(readFileSync(file, 'utf8'), file)).toEqual([]);
  });

  it(`README.md is at most ${MAX_README_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    expect(lines.length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it('README.md gives the quick start as the two commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Quick start');
    expect(start).toBeGreaterThan(-1);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    for (const command of QUICK_START) expect(section).toContain(command);
  });
});
