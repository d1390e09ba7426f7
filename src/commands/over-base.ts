/**
 * `convert --base`: the edited model written over its base, by the
 * write-back contract (model/carried.ts) and checked with validate's rules
 * first. Loaded by `convert` only where an edit is written back, so a plain
 * conversion does not load the validator.
 */

import { FmxError, type Diagnostic } from '../diagnostics.js';
import type { Loaded, SourcePlace } from '../formats/types.js';
import { describeDeletions, writeBack } from '../model/carried.js';
import type { Matrix } from '../model/matrix.js';
import { placeText, positionOf, validateEdit } from '../validate/edited.js';
import type { Reporter } from './shared.js';

/**
 * The edited model written over its base (the write-back contract, in
 * model/carried.ts), validated before anything is written: every problem is
 * thrown at once, positioned in the edited file; warnings are reported.
 */
export function overBase(loaded: Loaded, base: Matrix, file: string, opts: { allowDeletions?: boolean }, reporter: Reporter, ini?: Loaded['ini']): Matrix {
  const wb = writeBack<SourcePlace>(loaded.matrix, base, { omits: loaded.omits, foldedText: loaded.matrix.provenance?.foldedText === true, repeated: loaded.repeated });
  const errors: Diagnostic[] = [];
  for (const p of wb.problems) {
    const [first, second] = p.at ?? [loaded.positions?.get(p.ref)];
    const also = second ? ` (the other is at ${placeText(second)})` : '';
    const d: Diagnostic = { file, ...positionOf(first), message: p.message + also, severity: p.severity, ruleId: p.ruleId };
    if (p.severity === 'error') errors.push(d);
    else reporter.report(d);
  }
  errors.push(...validateEdit(wb.matrix, base, file, ini ? { ini } : loaded.positions));
  const deletions = describeDeletions(wb.deletions);
  if (deletions !== null && !opts.allowDeletions) {
    errors.push({ file, message: `${deletions}; pass --allow-deletions to delete them`, severity: 'error', ruleId: 'edit-deletes' });
  }
  if (errors.length) throw new FmxError(errors);
  return wb.matrix;
}
