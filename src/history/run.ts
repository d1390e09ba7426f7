/**
 * Blame as the commands ask for it: `fmx blame`, and `fmx convert --to html
 * --history` (which also finds where a file lies in git).
 */

import { dirname, basename, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { CellHistory } from '../model/history.js';
import type { Matrix } from '../model/matrix.js';
import { blame, CellIndex, cellHistories, explained, headMatrix, statuses, type BlameCell } from './blame.js';
import { openWalk } from './open.js';
import { git, type Step } from './walk.js';

export interface BlameRequest {
  /** `-C DIR` (default: the current directory). */
  dir?: string;
  path: string;
  rev?: string;
}

/** The matrix at REV and each of its cells with the commit that last changed it. */
export async function runBlame(req: BlameRequest, report: (d: Diagnostic) => void): Promise<{ head: Matrix; cells: BlameCell[] }> {
  // Once every cell is explained at the file's creation, older commits cannot change the answer:
  // the walk stops there, and the blame made to see it is the answer.
  // Older versions are kept as their cells' statuses only, numbered as they are read.
  const index = new CellIndex();
  let early: { commits: string; cells: BlameCell[] } | null = null;
  const listed = (steps: readonly Step[]) => steps.map((s) => s.commit).join(' ');
  const enough = (steps: Step[]) => {
    const cells = explained(steps, index);
    if (cells) early = { commits: listed(steps), cells };
    return !!cells;
  };
  const w = await openWalk({ dir: req.dir, path: req.path, range: req.rev, releases: true, enough, keep: index.keep }, report);
  const head = headMatrix(w, req.path, req.rev ?? 'HEAD');
  // The walk is the steps that were enough (unless a rename found meanwhile ended it elsewhere).
  const known = early as { commits: string; cells: BlameCell[] } | null;
  const cells = known && known.commits === listed(w.steps) ? known.cells : blame(w.steps, head, undefined, index);
  const releases = await w.releases(cells.flatMap((c) => (c.commit === null ? [] : [c.commit])));
  for (const c of cells) if (c.commit !== null) c.release = releases.get(c.commit) ?? null;
  return { head, cells };
}

/** Where git tracks a file of a work tree: the repository's top and the path from there; null when git does not track it. */
export async function locateInGit(file: string): Promise<{ dir: string; path: string } | null> {
  const here = dirname(resolve(file));
  try {
    // From the repository's top: the names the walk follows a rename to are the top's.
    const path = (await git(here, ['-c', 'core.quotePath=false', 'ls-files', '--full-name', '--error-unmatch', '--', basename(file)])).toString('utf8').split('\n')[0]!;
    const dir = (await git(here, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
    return path && dir ? { dir, path } : null;
  } catch {
    return null;
  }
}

/**
 * The last change of each cell of `m`, blamed at HEAD. A cell whose status
 * in `m` is not its status at HEAD (an uncommitted edit) has none.
 */
export async function historyAtHead(where: { dir: string; path: string }, m: Matrix, report: (d: Diagnostic) => void): Promise<CellHistory[]> {
  const { cells } = await runBlame({ dir: where.dir, path: where.path }, report);
  const now = statuses(m);
  return cellHistories(cells.filter((c) => now.get(c.feature)?.get(c.driver) === c.status));
}
