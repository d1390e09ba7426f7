/** `diff -U0` between two texts, as the removed and added lines (what a reviewer sees). */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LineDiff {
  removed: string[];
  added: string[];
  /** The hunks as `diff -U0` prints them, without the file header. */
  text: string;
}

export function lineDiff(before: string, after: string): LineDiff {
  const d = mkdtempSync(join(tmpdir(), 'fmx-diff-'));
  writeFileSync(join(d, 'a'), before);
  writeFileSync(join(d, 'b'), after);
  const r = spawnSync('diff', ['-U0', join(d, 'a'), join(d, 'b')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 2 || r.error) throw new Error(`diff failed: ${r.stderr || r.error}`);
  const lines = r.stdout.split('\n').slice(2).filter((l) => l !== '');
  return {
    removed: lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1)),
    added: lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1)),
    text: lines.filter((l) => !l.startsWith('\\')).join('\n'),
  };
}
