/**
 * What the three history commands share: run the walk in `-C DIR` with a
 * progress bar, and report each version that could not be read.
 */

import { statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';
import { error } from '../diagnostics.js';
import { progressBar } from './progress.js';
import type { Matrix } from '../model/matrix.js';
import { walk, type Step, type Walk } from './walk.js';

export interface WalkRequest {
  /** `-C DIR`. */
  dir?: string;
  path: string;
  range?: string;
  /** Releases will be asked for (`Walk.releases`): start naming them early. */
  releases?: boolean;
  /** `WalkOptions.enough`: the steps down to the file's creation may be all that is needed. */
  enough?: (steps: Step[]) => boolean;
  /** `WalkOptions.keep`. */
  keep?: (m: Matrix) => Matrix;
}

/** The walk, after warning once per unreadable version. A missing `-C` directory is an FmxError. */
export async function openWalk(req: WalkRequest, report: (d: Diagnostic) => void): Promise<Walk> {
  const cwd = req.dir ?? process.cwd();
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw error(cwd, 'no such directory (-C)', undefined, undefined, 'input-git');
  const bar = progressBar();
  let w: Walk;
  try {
    w = await walk({ cwd, path: req.path, range: req.range, progress: bar.tick, releases: req.releases, enough: req.enough, keep: req.keep });
  } finally {
    bar.end();
  }
  const seen = new Set<string>();
  for (const s of w.steps) {
    for (const v of [s.version, s.base]) {
      if (!v || v.matrix || seen.has(v.blob)) continue;
      seen.add(v.blob);
      report({ file: 'fmx', severity: 'warning', message: `a version cannot be read and is compared past: ${v.error}`, ruleId: 'history-unreadable' });
    }
  }
  if (w.steps.length === 0) throw error('fmx', `git lists no commit of ${req.path} in ${req.range ?? 'HEAD'}`, undefined, undefined, 'input-git');
  return w;
}
