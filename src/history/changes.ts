/** What one commit of the walk changed, as `fmx diff` reports it (shared by log, check and the tables). */

import { diffMatrices, type Change } from '../diff/compare.js';
import { newMatrix, type Matrix } from '../model/matrix.js';
import type { Step } from './walk.js';

/** The changes a step made: from its base (or nothing) to its version (or nothing, when deleted). */
export function stepChanges(step: Step): { old: Matrix; new: Matrix; changes: Change[] } | null {
  const nu = step.version ? step.version.matrix : null;
  if (step.version && !nu) return null;
  const old = step.base?.matrix ?? newMatrix(nu?.dialect ?? 'support-matrix');
  const target = nu ?? newMatrix(old.dialect);
  return { old, new: target, changes: diffMatrices(old, target) };
}
