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
 * title that at most two drivers of the matrix share (see `distinctive`).
 */

import type { Change } from '../diff/compare.js';
import type { Matrix } from '../model/matrix.js';
import { stepChanges } from './log.js';
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

/** Words of a title too common to name a driver or a feature. */
const COMMON = new Set(
  'the and for with driver drivers storage volume volumes block array arrays system systems series iscsi fc nfs nvme tcp rdma fibre channel san nas unified cinder support supported mark add added update fix'.split(' '),
);

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

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** For each entry, its words that name it: key pieces and title words shared by at most `max` entries. */
function distinctive(entries: readonly { key: string; title: string | null }[], max: number): Map<string, Set<string>> {
  const own = entries.map((e) => {
    const ws = new Set<string>([...words(e.key.replace(/^[a-z]+\./, '')), ...words(e.title ?? '')]);
    for (const w of [...ws]) if (COMMON.has(w) || /^\d+$/.test(w) || w.length < 3) ws.delete(w);
    return ws;
  });
  const df = new Map<string, number>();
  for (const ws of own) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  const out = new Map<string, Set<string>>();
  entries.forEach((e, i) => {
    const ws = new Set([...own[i]!].filter((w) => df.get(w)! <= max));
    const whole = e.key.toLowerCase().replace(/^[a-z]+\./, '').replace(/[.\-_/]/g, '');
    if (whole.length >= 3) ws.add(stem(whole));
    out.set(e.key, ws);
  });
  return out;
}

/** The keys whose naming words the message uses. */
function named(message: Set<string>, names: Map<string, Set<string>>): Set<string> {
  const out = new Set<string>();
  for (const [key, ws] of names) for (const w of ws) if (message.has(w)) out.add(key);
  return out;
}

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
  const made: { step: Step; cells: StatusChange[]; names: Set<string> }[] = [];
  for (const step of w.steps) {
    const sc = stepChanges(step);
    if (!sc || !step.version?.matrix || !step.base?.matrix) {
      made.push({ step, cells: [], names: new Set() });
      continue;
    }
    const m = step.version.matrix;
    const message = words(step.message || step.subject);
    const drivers = named(message, distinctive(m.drivers, 2));
    const cells = cellChanges(sc.changes, sc.old, sc.new);
    made.push({ step, cells, names: drivers });
    const out: Flag[] = [];
    const title = (key: string) => m.drivers.find((d) => d.key === key)?.title ?? key;

    // unnamed-driver
    const changedNamed = cells.some((c) => drivers.has(c.driver));
    if (changedNamed) {
      const namedList = [...drivers].filter((d) => cells.some((c) => c.driver === d));
      for (const c of cells) {
        if (drivers.has(c.driver)) continue;
        out.push(flag(step, 'unnamed-driver', c, `${title(c.driver)} (${c.driver}) is not named in the message, which names ${namedList.join(', ')}`));
      }
    }

    // unrelated-feature
    const features = named(message, distinctive(m.features, 1));
    const support = supportFeature(m);
    if (support && message.has('unsupport')) features.add(support);
    if (features.size) {
      for (const c of cells) {
        if (features.has(c.feature)) continue;
        if (cells.some((x) => x.driver === c.driver && features.has(x.feature))) continue;
        const f = m.features.find((x) => x.key === c.feature);
        out.push(flag(step, 'unrelated-feature', c, `${c.feature} (${f?.title ?? c.feature}) changed for ${c.driver}, but the message names ${[...features].join(', ')}`));
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
