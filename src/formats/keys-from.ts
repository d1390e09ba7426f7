/**
 * `--keys-from` for every format: a model whose keys were made up from
 * titles (its provenance says `inferredKeys`: a page, or a table or document
 * saved from one, or written by hand without keys) takes the real keys of
 * the `--keys-from` model by title, with THE title matcher
 * (`model/keys.ts`). Page readers match themselves, ids first, while they
 * still see the ids; the registry calls `applyKeysFrom` after every read.
 */

import { quote, UsageError, type Diagnostic } from '../diagnostics.js';
import { adoptKeys, ambiguityMessage, orderLike } from '../model/keys.js';
import type { Matrix } from '../model/matrix.js';
import type { FormatName, Loaded } from './types.js';

/** Formats whose reader matches `--keys-from` itself (ids first): published pages. */
const MATCHED_BY_READER: ReadonlySet<FormatName> = new Set(['txt', 'html']);

/**
 * Give `loaded` the keys of `keysFrom` where its own were made up; in the
 * order `keysFrom` gives. Returns whether `--keys-from` applied: false for a
 * model with keys of its own (an INI, or a JSON, CSV, Markdown or workbook
 * made from one), which a caller refuses.
 */
export function applyKeysFrom(loaded: Loaded, format: FormatName, keysFrom: Matrix, file: string, warn: (d: Diagnostic) => void): boolean {
  if (MATCHED_BY_READER.has(format)) return true;
  if (loaded.matrix.provenance?.inferredKeys !== true) return false;
  const adopted = adoptKeys(loaded.matrix, keysFrom);
  const say = (message: string, ruleId: string) => warn({ file, message, severity: 'warning', ruleId });
  for (const a of adopted.ambiguous) say(ambiguityMessage(a.kind, a, '--keys-from', quote), 'keys-ambiguous');
  const ambiguous = new Set(adopted.ambiguous.map((a) => a.kind + ' ' + a.title));
  for (const u of adopted.unmatched) {
    if (u.title !== null && ambiguous.has(u.kind + ' ' + u.title)) continue;
    const named = u.title === null ? `the untitled ${u.kind}` : `no ${u.kind} titled ${quote(u.title)}`;
    say(`--keys-from has ${named}: its key ${quote(u.key)} is made up`, 'keys-unmatched');
  }
  orderLike(adopted.matrix, keysFrom);
  loaded.matrix = adopted.matrix;
  return true;
}

/** An explicit `--keys-from` for inputs that all have keys of their own is refused (exit 2), never ignored. */
export function keysFromRefused(inputs: readonly string[], option = '--keys-from'): UsageError {
  const names = inputs.map((n) => (n === '-' ? 'standard input' : n));
  const have = names.length === 1 ? `${names[0]} has` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} have`;
  return new UsageError(`${option} applies to an input whose keys were made up from titles (a page, or a file saved from one); ${have} keys of its own`);
}
