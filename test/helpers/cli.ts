/** Running the built command as users run it (package.json's `bin`: the bundle under dist/bin/; `npm test` builds it first). */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT } from './samples.js';

export const CLI = ROOT + (JSON.parse(readFileSync(ROOT + 'package.json', 'utf8')) as { bin: { fmx: string } }).bin.fmx;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function fmx(args: string[], opts: { input?: string | Uint8Array; cwd?: string; env?: NodeJS.ProcessEnv; /** ms; then killed (status null) */ timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input: opts.input,
    cwd: opts.cwd ?? ROOT,
    // Without NODE_EXTRA_CA_CERTS (where a machine sets it): Node 20 reads that certificate file at every
    // start, 50-80 ms of each of the suite's hundreds of runs, and fmx opens no TLS connection.
    env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeout,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
