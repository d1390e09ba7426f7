/** Placeholder: `fmx set` is not written yet. */
import { UsageError } from './usage.js';

export async function setCommand(
  _file: string,
  _feature: string | undefined,
  _driver: string | undefined,
  _status: string | undefined,
  _opts: Record<string, unknown>,
): Promise<number> {
  throw new UsageError('set is not implemented yet');
}
