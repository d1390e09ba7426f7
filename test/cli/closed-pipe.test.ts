/**
 * `fmx ... | head`: when the reader of standard output goes away, fmx stops
 * writing quietly (no stack trace, no message) and exits with the code its
 * command would have had.
 */

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { ROOT, samplePath } from '../helpers/samples.js';

/** Run fmx, close its standard output after the first chunk, collect stderr and the exit code. */
function runAndCloseEarly(args: string[]): Promise<{ code: number | null; stderr: string; received: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let received = 0;
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.on('data', (b: Buffer) => {
      received += b.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, received }));
  });
}

const NOVA = samplePath('nova-20.0.0-support-matrix.ini');
const OLD = samplePath('nova-15.0.0-support-matrix.ini');

describe('a closed pipe on standard output', () => {
  it.each([
    { name: 'convert to JSON with its source', args: ['convert', NOVA, '--with-source'], code: 0 },
    { name: 'convert to long CSV', args: ['convert', NOVA, '--to', 'csv', '--layout', 'long'], code: 0 },
    { name: 'convert to Markdown', args: ['convert', NOVA, '--to', 'md'], code: 0 },
    { name: 'diff (exit 1: different)', args: ['diff', OLD, NOVA, '--format', 'json'], code: 1 },
  ])('$name: no message, the command\'s exit code', async ({ args, code }) => {
    const r = await runAndCloseEarly(args);
    expect(r.received).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
  }, 30_000);
});
