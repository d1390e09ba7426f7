/** Placeholder: `fmx diff` is not written yet. */
import { UsageError } from './usage.js';

export async function diffCommand(_old: string, _new: string, _opts: Record<string, unknown>): Promise<number> {
  throw new UsageError('diff is not implemented yet');
}
