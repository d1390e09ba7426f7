/**
 * The human reports of `fmx log` and `fmx blame`: text (one block per commit
 * as `git log` prints, the changes as `fmx diff` prints them; one block per
 * feature and a line per driver), Markdown, and a plain HTML table.
 */

import { safe, Titles } from '../diff/report.js';
import { writeTextReport } from '../diff/text.js';
import { mdCode, mdText, writeMarkdownReport } from '../diff/markdown.js';
import type { Matrix } from '../model/matrix.js';
import type { BlameCell } from './blame.js';
import type { LogEntry } from './log.js';
import type { Flag } from './check.js';

const short = (c: string | null) => (c === null ? '-' : c.slice(0, 12));
const day = (d: string | null) => (d === null ? '-' : d.slice(0, 10));

/** `fmx log` as text: git's header, then the diff report of the commit (and its flags with --check). */
export function logText(entries: readonly LogEntry[], flags?: ReadonlyMap<string, Flag[]>): string {
  const out: string[] = [];
  for (const e of entries) {
    if (out.length) out.push('');
    out.push(`commit ${e.commit}`, `Author: ${safe(e.author)}`, `Date:   ${e.date}`, `Path:   ${safe(e.path)}`, '', `    ${safe(e.subject)}`, '');
    if (e.error !== undefined) {
      out.push(`  cannot be read (compared past): ${safe(e.error)}`);
      continue;
    }
    const body = writeTextReport({ oldName: e.oldName, newName: short(e.commit), old: e.old, new: e.new, changes: e.changes }).trimEnd();
    for (const line of body.split('\n')) out.push(line === '' ? '' : `  ${line}`);
    for (const f of flags?.get(e.commit) ?? []) out.push(`  ! ${f.rule}: ${safe(f.reason)}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** `fmx log` as Markdown: a section per commit holding the diff report one heading level down. */
export function logMarkdown(path: string, entries: readonly LogEntry[], flags?: ReadonlyMap<string, Flag[]>): string {
  const out: string[] = [`# History of ${mdCode(path)}`];
  for (const e of entries) {
    out.push('', `## ${mdCode(short(e.commit))} ${mdText(e.subject)}`, '', `${mdText(e.author)}, ${mdText(e.date)}, ${mdCode(e.path)}`);
    if (e.error !== undefined) {
      out.push('', `Cannot be read (compared past): ${mdText(e.error)}`);
      continue;
    }
    const fl = flags?.get(e.commit) ?? [];
    if (fl.length) {
      out.push('');
      for (const f of fl) out.push(`- **${mdText(f.rule)}**: ${mdText(f.reason)}`);
    }
    const body = writeMarkdownReport({ oldName: e.oldName, newName: short(e.commit), old: e.old, new: e.new, changes: e.changes }).trimEnd();
    // One heading level down; the report's own first heading is the commit's.
    const lines = body.split('\n');
    const start = lines[0]!.startsWith('# ') ? 2 : 0;
    out.push('');
    for (const line of lines.slice(start)) out.push(line.startsWith("#") ? `#${line}` : line);
  }
  return out.join('\n') + '\n';
}

/** `fmx blame` as text: a block per feature, a line per driver, columns aligned within the block. */
export function blameText(head: Matrix, cells: readonly BlameCell[]): string {
  const titles = new Titles(head, head);
  const out: string[] = [];
  for (const [feature, group] of byFeature(cells)) {
    if (out.length) out.push('');
    out.push(safe(`${titles.feature(feature)} (${feature})`));
    const rows = group.map((c) => [safe(c.driver), safe(c.status), short(c.commit), day(c.date), safe(c.release ?? '-'), safe(c.author ?? '-'), safe(c.subject ?? '-')]);
    const widths = [0, 1, 2, 3, 4, 5].map((i) => Math.max(...rows.map((r) => [...r[i]!].length)));
    for (const r of rows) out.push(('  ' + r.map((v, i) => (i < 6 ? v + ' '.repeat(widths[i]! - [...v].length) : v)).join('  ')).trimEnd());
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** `fmx blame` as Markdown: a table per feature. */
export function blameMarkdown(path: string, rev: string, head: Matrix, cells: readonly BlameCell[]): string {
  const titles = new Titles(head, head);
  const cell = (s: string) => mdText(s).replace(/\|/g, '\\|');
  const out: string[] = [`# Blame of ${mdCode(path)} at ${mdCode(rev)}`];
  for (const [feature, group] of byFeature(cells)) {
    out.push('', `## ${mdText(titles.feature(feature))} (${mdCode(feature)})`, '');
    out.push('| Driver | Status | Commit | Date | Release | Author | Subject |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of group) {
      out.push(
        `| ${cell(titles.driver(c.driver))} (${mdCode(c.driver)}) | ${cell(c.status)} | ${c.commit === null ? '-' : mdCode(short(c.commit))} | ${day(c.date)} | ${cell(c.release ?? '-')} | ${cell(c.author ?? '-')} | ${cell(c.subject ?? '-')} |`,
      );
    }
  }
  return out.join('\n') + '\n';
}

function byFeature(cells: readonly BlameCell[]): [string, BlameCell[]][] {
  const groups = new Map<string, BlameCell[]>();
  for (const c of cells) {
    const g = groups.get(c.feature);
    if (g) g.push(c);
    else groups.set(c.feature, [c]);
  }
  return [...groups];
}
