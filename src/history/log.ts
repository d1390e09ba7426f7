/**
 * `fmx log`: each commit of the walk (newest first) with what it changed, as
 * `fmx diff` reports it (the `fmx/diff` change objects), optionally narrowed
 * to one feature, one driver or one cell.
 *
 * The `fmx/log` version 1 contract: schema/log.schema.json.
 */

import type { Change } from '../diff/compare.js';
import { stepChanges } from './changes.js';
import { error } from '../diagnostics.js';
import { didYouMeanKeys, keySuggestions } from '../suggest.js';
import { titleKey } from '../model/keys.js';
import { newMatrix, type Matrix } from '../model/matrix.js';
import type { Flag } from './check.js';
import type { Step, Walk } from './walk.js';

export const LOG_FORMAT = 'fmx/log';
export const LOG_VERSION = 1;

export interface LogCommit {
  commit: string;
  date: string;
  author: string;
  subject: string;
  path: string;
  /** Why this version could not be read (its changes are then unknown: empty). Absent when it was read. */
  error?: string;
  changes: Change[];
  /** With `--check`: the changes that look accidental. */
  flags?: Omit<Flag, 'commit'>[];
}

export interface LogReport {
  format: typeof LOG_FORMAT;
  version: typeof LOG_VERSION;
  path: string;
  commits: LogCommit[];
}

/** The versions a step's changes are between (for the text and Markdown reports). */
export interface LogEntry extends LogCommit {
  /** How reports name the old side. */
  oldName: string;
  old: Matrix;
  new: Matrix;
}

export interface LogFilter {
  feature?: string;
  driver?: string;
}

/** The log entries of a walk, narrowed by the filter (commits with nothing left go; unreadable ones stay). */
export function logEntries(w: Walk, filter: LogFilter = {}): LogEntry[] {
  const feature = filter.feature === undefined ? undefined : resolve(w, 'feature', filter.feature);
  const driver = filter.driver === undefined ? undefined : resolve(w, 'driver', filter.driver);
  const out: LogEntry[] = [];
  for (const step of w.steps) {
    const head = { commit: step.commit, date: step.date, author: step.author, subject: step.subject, path: step.path };
    const made = stepChanges(step);
    if (!made) {
      const empty = newMatrix('support-matrix');
      out.push({ ...head, error: step.version!.error!, changes: [], oldName: step.baseName, old: empty, new: empty });
      continue;
    }
    const changes = feature === undefined && driver === undefined ? made.changes : narrow(made, feature, driver);
    if (changes.length === 0 && (feature !== undefined || driver !== undefined)) continue;
    out.push({ ...head, changes, oldName: step.baseName, old: made.old, new: made.new });
  }
  return out;
}

/**
 * The changes of one feature, one driver, or with both, one cell. A feature
 * added or removed with a cell of the driver asked for is that cell's
 * `implementation-added` (`-removed`); so is a driver added or removed with a
 * cell in the feature asked for. (Where the driver asked for is itself
 * added, its `driver-added` says it all, as in `fmx diff`; the same for a
 * feature.)
 */
function narrow(made: { old: Matrix; new: Matrix; changes: Change[] }, feature: string | undefined, driver: string | undefined): Change[] {
  const out: Change[] = [];
  const seen = new Set<string>();
  const cell = (kind: 'implementation-added' | 'implementation-removed', f: string, d: string) => {
    const m = kind === 'implementation-added' ? made.new : made.old;
    if (!m.features.some((x) => x.key === f && x.implementations.some((i) => i.driver === d))) return;
    const id = `${kind}\0${f}\0${d}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ kind, feature: f, driver: d });
  };
  const whole = (kind: Change['kind'], key: string) => made.changes.some((c) => c.kind === kind && ('feature' in c ? c.feature : c.driver) === key);
  for (const c of made.changes) {
    if (c.kind === 'feature-added' || c.kind === 'feature-removed') {
      if (feature !== undefined && c.feature !== feature) continue;
      if (driver === undefined) out.push(c);
      else if (feature !== undefined || !(whole('driver-added', driver) || whole('driver-removed', driver))) cell(c.kind === 'feature-added' ? 'implementation-added' : 'implementation-removed', c.feature, driver);
    } else if (c.kind === 'driver-added' || c.kind === 'driver-removed') {
      if (driver !== undefined && c.driver !== driver) continue;
      if (feature === undefined) out.push(c);
      else if (driver !== undefined || !(whole('feature-added', feature) || whole('feature-removed', feature))) cell(c.kind === 'driver-added' ? 'implementation-added' : 'implementation-removed', feature, c.driver);
    } else if ((feature === undefined || ('feature' in c && c.feature === feature)) && (driver === undefined || ('driver' in c && c.driver === driver))) out.push(c);
  }
  return out;
}

export function logReport(path: string, entries: readonly LogEntry[], flags?: ReadonlyMap<string, Flag[]>): LogReport {
  return {
    format: LOG_FORMAT,
    version: LOG_VERSION,
    path,
    commits: entries.map((e) => {
      const c: LogCommit = {
        commit: e.commit,
        date: e.date,
        author: e.author,
        subject: e.subject,
        path: e.path,
        ...(e.error !== undefined ? { error: e.error } : {}),
        changes: e.changes,
      };
      if (flags) c.flags = (flags.get(e.commit) ?? []).map(({ commit: _, ...f }) => f);
      return c;
    }),
  };
}

/**
 * A feature or driver named on the command line: its key in some version of
 * the walk (newest first), else the key of the one whose title matches.
 */
export function resolve(w: Walk, what: 'feature' | 'driver', name: string): string {
  const entries = (m: Matrix) => (what === 'feature' ? m.features : m.drivers);
  const versions = w.steps.flatMap((s) => [s.version?.matrix, s.base?.matrix]).filter((m): m is Matrix => !!m);
  for (const m of versions) if (entries(m).some((e) => e.key === name)) return name;
  const wanted = titleKey(name);
  const keys = new Set<string>();
  for (const m of versions) for (const e of entries(m)) if (e.title !== null && titleKey(e.title) === wanted) keys.add(e.key);
  if (keys.size === 1) return [...keys][0]!;
  if (keys.size > 1) throw error('fmx', `the ${what} title '${name}' names several keys: ${[...keys].join(', ')}; give the key`, undefined, undefined, 'history-filter');
  const known = versions.flatMap((m): { key: string; title: string | null }[] => entries(m));
  throw error('fmx', `no ${what} '${name}' (key or title) in any version of the file${didYouMeanKeys(keySuggestions(name, known))}`, undefined, undefined, 'history-filter');
}
