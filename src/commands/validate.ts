/** Placeholder: `fmx validate` is not written yet. */
import { UsageError } from './usage.js';

export async function validateCommand(_files: string[], _opts: Record<string, unknown>): Promise<number> {
  throw new UsageError('validate is not implemented yet');
}
