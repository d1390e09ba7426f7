/** Running the CPython configparser oracles, where python3 exists. */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ORACLE_DIR = fileURLToPath(new URL('../oracle/', import.meta.url));

let cached: string | null | undefined;

/** The python3 executable, or null (and a printed reason) where there is none. */
export function python3(): string | null {
  if (cached !== undefined) return cached;
  const r = spawnSync('python3', ['-c', 'import configparser, json, sys; print(sys.version_info[0])'], { encoding: 'utf8' });
  cached = r.status === 0 && r.stdout.trim() === '3' ? 'python3' : null;
  if (!cached) console.log('skipped: python3 with configparser is not on this machine, so the CPython oracle tests do not run');
  return cached;
}

/** Run an oracle script with arguments and optional JSON stdin; parse its JSON output. */
export function runOracle<T>(script: string, args: string[], stdin?: unknown): T {
  const r = spawnSync(python3()!, [ORACLE_DIR + script, ...args], {
    input: stdin === undefined ? undefined : JSON.stringify(stdin),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
