/**
 * `fmx log --check`: changes that look accidental, each with a reason.
 *
 * Only cells of drivers present before and after count (a new driver's cells
 * come with it). Three rules:
 * - `unnamed-driver`: the commit changed a cell's status for a driver its
 *   message does not name, while the message names other drivers whose cells
 *   it changed (a patch for one vendor that touched another's cell).
 * - `unrelated-feature`: the message names features (by a word of the key or
 *   title that no other feature has, or "unsupported" for the feature that
 *   records support) and the commit changed a driver's cell in none of them,
 *   while it did not touch the named ones for that driver.
 * - `revert`: the commit put a cell back to the status it had before a
 *   recent commit (at most REVERT_WINDOW commits older) changed it, when that
 *   commit's message named the driver and this one's does not.
 *
 * A driver is named by its key, by a piece of its key, or by a word of its
 * title that at most two drivers of the matrix share (see `distinctive`); a
 * feature by a piece of its key or a word of its title that no other feature
 * has (its whole key only when that is not a common word such as `support`).
 */

import type { Change } from '../diff/compare.js';
import type { Matrix } from '../model/matrix.js';
import { stepChanges } from './changes.js';
import type { Step, Walk } from './walk.js';

export type Rule = 'unnamed-driver' | 'unrelated-feature' | 'revert';

export interface Flag {
  commit: string;
  rule: Rule;
  feature: string;
  driver: string;
  old: string | null;
  new: string | null;
  reason: string;
}

/** How many commits back a change may be undone and count as a revert. */
export const REVERT_WINDOW = 20;


/** Lower-case word stems of a text: `Unsupported` -> `unsupported`, `multi-attach` -> `multiattach` too. */
function words(text: string): Set<string> {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  for (const w of lower.split(/[^a-z0-9]+/)) if (w.length >= 2) out.add(stem(w));
  // Hyphenated and dotted words both ways: `multi-attach`, `multiattach`.
  for (const w of lower.split(/[^a-z0-9.\-_/]+/)) {
    const joined = w.replace(/[.\-_/]/g, '');
    if (joined.length >= 3) out.add(stem(joined));
  }
  return out;
}

/** A crude stem, enough to make `migrate`, `migration` and `migrating` one word. */
function stem(w: string): string {
  for (const suffix of ['ing', 'ion', 'ed', 'es', 'e', 's']) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix) && !(suffix === 's' && w.endsWith('ss'))) return w.slice(0, -suffix.length);
  }
  return w;
}

/** Words of a title too common to name a driver or a feature. */
const COMMON = new Set(
  'a an as at be by in is it of on or to up we if no vs the and for with from into driver drivers storage volume volumes block array arrays system systems series iscsi fc nfs nvme tcp rdma fibre channel san nas unified cinder support supported mark add added update fix'.split(' ').map((w) => stem(w)),
);

/** For each entry, its words that name it: key pieces and title words shared by at most `max` entries. */
function distinctive(entries: readonly { key: string; title: string | null }[], max: number, wholeKeys: boolean): Map<string, Set<string>> {
  const own = entries.map((e) => {
    const ws = new Set<string>([...words(e.key.replace(/^[a-z]+\./, '')), ...words(e.title ?? '')]);
    for (const w of [...ws]) if (COMMON.has(w) || /^\d+$/.test(w)) ws.delete(w);
    return ws;
  });
  const df = new Map<string, number>();
  for (const ws of own) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  const out = new Map<string, Set<string>>();
  entries.forEach((e, i) => {
    const ws = new Set([...own[i]!].filter((w) => df.get(w)! <= max));
    const whole = e.key.toLowerCase().replace(/^[a-z]+\./, '').replace(/[.\-_/]/g, '');
    if (whole.length >= 3 && (wholeKeys || !COMMON.has(stem(whole)))) ws.add(stem(whole));
    out.set(e.key, ws);
  });
  return out;
}

/** The keys whose naming words the message uses, each with the first such word. */
function named(message: Set<string>, names: Map<string, Set<string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, ws] of names) {
    for (const w of ws) {
      if (message.has(w)) {
        out.set(key, w);
        break;
      }
    }
  }
  return out;
}

/** `key ('word')` for each named key. */
const namesList = (m: ReadonlyMap<string, string>, keys?: readonly string[]) => (keys ?? [...m.keys()]).map((k) => `${k} ('${m.get(k)}')`).join(', ');

/** A message as far as it speaks for itself: git's "This reverts commit X." line goes. */
const ownMessage = (m: string) => m.replace(/^This reverts commit [0-9a-f]+\.?$/gim, '');

/** Words that mark a driver supported or unsupported: they name the feature that records support. */
const SUPPORT_WORDS = /\bunsupport|\bmark(?:ed|s|ing)?\b[^.\n]*\bsupported\b/i;

/** The feature that records whether a driver is supported at all (cinder's `operation.supported`). */
function supportFeature(m: Matrix): string | null {
  const f = m.features.find((x) => /(^|\.)supported$/.test(x.key) || /^supported\b/i.test(x.title ?? ''));
  return f ? f.key : null;
}

type StatusChange = { feature: string; driver: string; old: string | null; new: string | null };

/** Cell status changes (implementation-changed status, implementation-added/removed) of drivers present on both sides. */
function cellChanges(changes: readonly Change[], old: Matrix, nu: Matrix): StatusChange[] {
  const status = (m: Matrix, f: string, d: string) => m.features.find((x) => x.key === f)?.implementations.find((i) => i.driver === d)?.status ?? null;
  const out: StatusChange[] = [];
  for (const c of changes) {
    if (c.kind === 'implementation-changed' && c.field === 'status') out.push({ feature: c.feature, driver: c.driver, old: c.old as string, new: c.new as string });
    else if (c.kind === 'implementation-added') out.push({ feature: c.feature, driver: c.driver, old: null, new: status(nu, c.feature, c.driver) });
    else if (c.kind === 'implementation-removed') out.push({ feature: c.feature, driver: c.driver, old: status(old, c.feature, c.driver), new: null });
  }
  return out;
}

/** The flags of every commit of the walk (commits without flags are absent). */
export function check(w: Walk): Map<string, Flag[]> {
  const flags = new Map<string, Flag[]>();
  // Per cell, the recent deliberate changes: newest first as the walk goes, so collect all then look back.
  const made: { step: Step; cells: StatusChange[]; names: ReadonlyMap<string, string> }[] = [];
  for (const step of w.steps) {
    const sc = stepChanges(step);
    if (!sc || !step.version?.matrix || !step.base?.matrix) {
      made.push({ step, cells: [], names: new Map() });
      continue;
    }
    const m = step.version.matrix;
    const message = words(ownMessage(step.message || step.subject));
    const subject = words(step.subject);
    const drivers = named(message, distinctive([...m.drivers, ...step.base.matrix.drivers.filter((d) => !m.drivers.some((x) => x.key === d.key))], 2, true));
    const cells = cellChanges(sc.changes, sc.old, sc.new);
    made.push({ step, cells, names: drivers });
    const out: Flag[] = [];
    const title = (key: string) => m.drivers.find((d) => d.key === key)?.title ?? key;

    // unnamed-driver
    // The drivers the commit touched (cells, declarations) that its message names.
    const touched = new Set<string>(cells.map((c) => c.driver));
    for (const c of sc.changes) if (c.kind.startsWith('driver-')) touched.add((c as { driver: string }).driver);
    const namedList = [...drivers.keys()].filter((d) => touched.has(d));
    if (namedList.length) {
      for (const c of cells) {
        if (drivers.has(c.driver)) continue;
        out.push(flag(step, 'unnamed-driver', c, `${title(c.driver)} (${c.driver}) is not named in the message, which names ${namesList(drivers, namedList)}`));
      }
    }

    // unrelated-feature
    // Features are named in the subject only: bodies tell stories with every word.
    const features = named(subject, distinctive(m.features, 1, false));
    const support = supportFeature(m);
    const said = SUPPORT_WORDS.exec(step.subject);
    if (support && said) features.set(support, said[0]);
    if (features.size) {
      for (const c of cells) {
        if (features.has(c.feature)) continue;
        if (cells.some((x) => x.driver === c.driver && features.has(x.feature))) continue;
        const f = m.features.find((x) => x.key === c.feature);
        out.push(flag(step, 'unrelated-feature', c, `${c.feature} (${f?.title ?? c.feature}) changed for ${c.driver}, but the subject names ${namesList(features)}`));
      }
    }
    if (out.length) flags.set(step.commit, out);
  }

  // revert: look at older commits (later in the walk) for the change this one undoes.
  made.forEach((entry, i) => {
    for (const c of entry.cells) {
      if (entry.names.has(c.driver)) continue;
      for (let j = i + 1; j < made.length && j <= i + REVERT_WINDOW; j++) {
        const prior = made[j]!.cells.find((x) => x.feature === c.feature && x.driver === c.driver);
        if (!prior) continue;
        if (prior.old === c.new && prior.new === c.old && made[j]!.names.has(c.driver)) {
          const list = flags.get(entry.step.commit) ?? [];
          list.push(
            flag(entry.step, 'revert', c, `undoes ${made[j]!.step.commit.slice(0, 12)} ("${made[j]!.step.subject}"), which set ${c.feature} for ${c.driver} from ${c.new ?? 'nothing'} to ${c.old ?? 'nothing'}`),
          );
          flags.set(entry.step.commit, list);
        }
        break;
      }
    }
  });
  return flags;
}

function flag(step: Step, rule: Rule, c: StatusChange, reason: string): Flag {
  return { commit: step.commit, rule, feature: c.feature, driver: c.driver, old: c.old, new: c.new, reason };
}
