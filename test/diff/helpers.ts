/** Running `fmx diff` in-process with captured output. */
import type { Diagnostic } from '../../src/diagnostics.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { diffCommand, type DiffCommandOptions } from '../../src/commands/diff.js';
import type { Change, Value } from '../../src/diff/compare.js';
import { foldText } from '../../src/model/fold.js';
import { ROOT } from '../helpers/samples.js';

// File names in these tests (and in the golden reports) are relative to the project.
process.chdir(ROOT);

export interface DiffRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runDiff(
  oldName: string,
  newName: string,
  opts: DiffCommandOptions = {},
  more: { isTTY?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<DiffRun> {
  let stdout = '';
  const errors: Diagnostic[] = [];
  const code = await diffCommand(oldName, newName, opts, {
    write: async (t) => {
      stdout += t;
    },
    reporter: { report: (d) => errors.push(d) },
    isTTY: more.isTTY ?? false,
    env: more.env ?? {},
    cwd: more.cwd,
  });
  return { code, stdout, stderr: errors.map(formatDiagnostic).join('\n') };
}

/** The sample nova releases in order: 2015.1.0 (Kilo), then 12.0.0 ... 33.0.0. */
export const NOVA_RELEASES = ['2015.1.0', ...Array.from({ length: 22 }, (_, i) => `${i + 12}.0.0`)];
export const novaIni = (release: string) => `samples/nova-${release}-support-matrix.ini`;

/**
 * A change with its values folded (and a null status as `optional`): two
 * readings of the same data (an INI and its page) agree on this form.
 */
export function comparable(c: Change): unknown {
  if (!('old' in c)) return c;
  const fold = (v: Value) => (v === null ? (c.field === 'status' ? 'optional' : null) : Array.isArray(v) ? v.map(foldText) : foldText(v));
  return { ...c, old: fold(c.old), new: fold(c.new) };
}
